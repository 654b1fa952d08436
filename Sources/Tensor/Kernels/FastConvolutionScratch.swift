import Foundation

/// A process-wide pool of `Float` scratch buffers for the convolution kernels.
///
/// Each concurrent chunk borrows one buffer for the duration of a closure and gives it back, so the pool holds at most
/// as many buffers as chunks ever ran at once (the thread count), each as large as the largest request so far. Reusing
/// them avoids allocating, and page-faulting, megabytes of im2col space on every call.
enum FastConvolutionScratch {
    /// Lends a buffer of at least `count` floats (contents undefined) to `body`.
    static func withBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        let buffer = shelf.take(atLeast: count)
        defer { shelf.putBack(buffer) }
        return body(buffer.pointer)
    }

    private static let shelf = Shelf()

    private final class Buffer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Float>
        let capacity: Int
        init(capacity: Int) {
            self.capacity = capacity
            // 64-byte alignment keeps every channel vector on cache-line boundaries when the channel count allows it.
            let raw = UnsafeMutableRawPointer.allocate(
                byteCount: max(1, capacity) * MemoryLayout<Float>.stride, alignment: 64)
            pointer = raw.bindMemory(to: Float.self, capacity: max(1, capacity))
        }
        deinit { UnsafeMutableRawPointer(pointer).deallocate() }
    }

    private final class Shelf: @unchecked Sendable {
        private let lock = NSLock()
        private var idle: [Buffer] = []

        func take(atLeast count: Int) -> Buffer {
            let reusable: Buffer? = lock.withLock {
                guard let index = idle.indices.max(by: { idle[$0].capacity < idle[$1].capacity }) else { return nil }
                return idle.remove(at: index)
            }
            if let reusable, reusable.capacity >= count { return reusable }
            // Too small (or none): replace it by one that is large enough; the old one is released.
            return Buffer(capacity: count)
        }

        func putBack(_ buffer: Buffer) {
            lock.withLock { idle.append(buffer) }
        }
    }
}
