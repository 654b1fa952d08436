import CZlib
import Foundation

/// A zlib deflate stream at one level, reused chunk after chunk.
///
/// `compress2`, which libhdf5's deflate filter calls, allocates and frees ~300 KB of zlib state per chunk; for
/// 100 KB chunks that costs 15-25% of the compression time. Resetting a stream (`deflateReset`) instead produces
/// the same bytes: it is documented as equivalent to `deflateEnd` then `deflateInit` with the same parameters, and
/// the whole chunk is then deflated in one `deflate(Z_FINISH)` call, as `compress2` does for inputs under 4 GiB.
///
/// Not thread-safe: one stream serves one thread at a time; ``DeflateStreamPool`` hands them out.
final class DeflateStream {
    let level: Int32
    private let stream: UnsafeMutablePointer<z_stream>
    /// Output buffer of at least `compressBound(input)` bytes, grown as needed.
    private var output: [UInt8] = []

    /// A stream at `level` (0...9) with zlib's default window and memory settings, or nil if zlib cannot
    /// allocate it.
    init?(level: Int32) {
        self.level = level
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard deflateInit_(stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The zlib stream of `input`, exactly as `compress2(…, level)` would produce it.
    func compress(_ input: UnsafeRawBufferPointer) throws(HDF5Error) -> [UInt8] {
        precondition(input.count <= Int(UInt32.max), "chunks are under 4 GiB")
        let bound = Int(compressBound(uLong(input.count)))
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        var status = deflateReset(stream)
        guard status == Z_OK else { throw HDF5Error.compressionFailed(zlibCode: status) }
        var written = 0
        output.withUnsafeMutableBufferPointer { buffer in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(buffer.count)
            status = deflate(stream, Z_FINISH)
            written = buffer.count - Int(stream.pointee.avail_out)
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        guard status == Z_STREAM_END else { throw HDF5Error.compressionFailed(zlibCode: status) }
        return Array(output[0..<written])
    }
}

/// Idle ``DeflateStream``s, one stack per level, shared by every thread: a compression borrows a stream, uses it
/// outside the pool's lock and gives it back. The pool grows to the number of threads compressing at once.
///
/// `@unchecked Sendable`: `idle` is only touched while holding `lock`; a borrowed stream is used by one thread.
final class DeflateStreamPool: @unchecked Sendable {
    static let shared = DeflateStreamPool()

    private let lock = NSLock()
    private var idle: [[DeflateStream]] = Array(repeating: [], count: 10)

    /// Runs `body` with a stream at `level` borrowed from the pool.
    func withStream<Result>(
        level: Int, _ body: (DeflateStream) throws(HDF5Error) -> Result
    ) throws(HDF5Error) -> Result {
        let borrowed = lock.withLock { idle[level].popLast() }
        guard let stream = borrowed ?? DeflateStream(level: Int32(level)) else {
            throw HDF5Error.compressionFailed(zlibCode: Z_MEM_ERROR)
        }
        defer { lock.withLock { idle[level].append(stream) } }
        return try body(stream)
    }
}
