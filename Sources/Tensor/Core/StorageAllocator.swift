import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where tensor buffers come from: small ones from `malloc`, large ones from a cache of previously freed buffers.
///
/// Training repeats the same shapes every step, and a fresh large buffer costs a page fault per 4 KiB page the
/// first time it is written (about 100 ms for one 120 MiB activation of the HGN decoder, more than the arithmetic).
/// Freed large buffers are therefore kept, bucketed by size, and handed out again. Large buffers are mapped with
/// transparent huge pages requested, so even first touches fault 2 MiB at a time.
///
/// The cache only holds memory the process has already used at its peak; ``TensorMemory/cacheLimit`` bounds it and
/// ``TensorMemory/releaseCachedBuffers()`` returns it to the system.
enum StorageAllocator {
    /// Buffers at least this large are cached and reused.
    static let cachedMinimumBytes = 256 << 10
    /// Buffers at least this large are mapped directly, with huge pages requested.
    static let mappedMinimumBytes = 2 << 20
    /// Sizes of cached buffers are rounded up to a multiple of this.
    static let granule = 64 << 10

    private struct State {
        var freeBuffers: [Int: [UnsafeMutableRawPointer]] = [:]
        var cachedBytes = 0
        var limit = StorageAllocator.defaultLimit
        var hits = 0, misses = 0
    }

    // Raw pointers are not Sendable, but every access to them goes through the mutex.
    private struct Guarded: @unchecked Sendable { var state = State() }
    private static let cache = Mutex(Guarded())

    /// A quarter of physical memory.
    private static var defaultLimit: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && pageSize > 0 ? pages * pageSize / 4 : 4 << 30
    }

    /// The capacity actually reserved for a request of `byteCount` bytes.
    static func capacity(for byteCount: Int) -> Int {
        byteCount < cachedMinimumBytes ? max(byteCount, 64) : (byteCount + granule - 1) / granule * granule
    }

    /// A 64-byte aligned buffer of `capacity(for: byteCount)` bytes, uninitialised.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = capacity(for: byteCount)
        guard size >= cachedMinimumBytes else { return .allocate(byteCount: size, alignment: 64) }
        let reused = cache.withLock { guarded -> UnsafeMutableRawPointer? in
            if let buffer = guarded.state.freeBuffers[size]?.popLast() {
                guarded.state.cachedBytes -= size
                guarded.state.hits += 1
                return buffer
            }
            guarded.state.misses += 1
            return nil
        }
        if let reused { return reused }
        return size >= mappedMinimumBytes ? map(size) : .allocate(byteCount: size, alignment: 64)
    }

    /// Returns a buffer obtained from ``allocate(byteCount:)`` with the same `byteCount`.
    static func deallocate(_ buffer: UnsafeMutableRawPointer, byteCount: Int) {
        let size = capacity(for: byteCount)
        guard size >= cachedMinimumBytes else { return buffer.deallocate() }
        let kept = cache.withLock { guarded -> Bool in
            guard guarded.state.cachedBytes + size <= guarded.state.limit else { return false }
            guarded.state.freeBuffers[size, default: []].append(buffer)
            guarded.state.cachedBytes += size
            return true
        }
        if !kept { release(buffer, size: size) }
    }

    private static func map(_ size: Int) -> UnsafeMutableRawPointer {
        guard let buffer = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            buffer != MAP_FAILED
        else {
            preconditionFailure("out of memory: could not map \(size >> 20) MiB for a tensor")
        }
        #if os(Linux)
            _ = madvise(buffer, size, MADV_HUGEPAGE)
        #endif
        return buffer
    }

    private static func release(_ buffer: UnsafeMutableRawPointer, size: Int) {
        if size >= mappedMinimumBytes { munmap(buffer, size) } else { buffer.deallocate() }
    }

    /// Frees every cached buffer.
    static func releaseCachedBuffers() {
        let buffers = cache.withLock { guarded -> [(Int, [UnsafeMutableRawPointer])] in
            defer {
                guarded.state.freeBuffers = [:]
                guarded.state.cachedBytes = 0
            }
            return Array(guarded.state.freeBuffers)
        }
        for (size, list) in buffers { for buffer in list { release(buffer, size: size) } }
    }

    static var limit: Int {
        get { cache.withLock { $0.state.limit } }
        set { cache.withLock { $0.state.limit = max(0, newValue) } }
    }

    static var statistics: TensorMemory.Statistics {
        cache.withLock {
            TensorMemory.Statistics(
                cachedBytes: $0.state.cachedBytes, reuses: $0.state.hits,
                freshAllocations: $0.state.misses)
        }
    }
}

/// Control over the cache of large tensor buffers (see the discussion of reuse in the engine's documentation).
public enum TensorMemory {
    /// Counters of the buffer cache.
    public struct Statistics: Sendable, Hashable {
        /// Bytes held in freed buffers waiting for reuse.
        public var cachedBytes: Int
        /// Large allocations served from the cache.
        public var reuses: Int
        /// Large allocations that needed new memory.
        public var freshAllocations: Int
    }

    /// The most bytes of freed buffers kept for reuse (default: a quarter of physical memory). Lowering it does not
    /// free anything already cached: call ``releaseCachedBuffers()``.
    public static var cacheLimit: Int {
        get { StorageAllocator.limit }
        set { StorageAllocator.limit = newValue }
    }

    /// Returns every cached buffer to the system (after training, or before a memory-hungry phase).
    public static func releaseCachedBuffers() { StorageAllocator.releaseCachedBuffers() }

    /// Current counters.
    public static var statistics: Statistics { StorageAllocator.statistics }
}
