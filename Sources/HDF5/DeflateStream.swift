import CDeflate
import CZlib
import Foundation

/// A libdeflate compressor at one level, reused chunk after chunk.
///
/// libdeflate compresses a whole buffer at once into a standard zlib stream (RFC 1950: the 2-byte header, DEFLATE
/// blocks, the Adler-32 checksum), which is what HDF5's deflate filter stores and inflates; it is 2-4x faster than
/// zlib at the same ratio on rendered frames (measured: see `ChunkCompressor`). Allocating a compressor costs
/// hundreds of kilobytes of tables, so each is kept and reused; its output depends only on the level and the input.
///
/// Not thread-safe: one compressor serves one thread at a time; ``DeflateStreamPool`` hands them out.
final class DeflateStream {
    let level: Int32
    private let compressor: OpaquePointer
    /// Output buffer of at least `libdeflate_zlib_compress_bound(input)` bytes, grown as needed.
    private var output: [UInt8] = []

    /// A compressor at `level` (0...12; HDF5 records 0...9), or nil if libdeflate cannot allocate it.
    init?(level: Int32) {
        guard let compressor = libdeflate_alloc_compressor(level) else { return nil }
        self.level = level
        self.compressor = compressor
    }

    deinit { libdeflate_free_compressor(compressor) }

    /// The zlib stream of `input` at the level.
    func compress(_ input: UnsafeRawBufferPointer) throws(HDF5Error) -> [UInt8] {
        let bound = libdeflate_zlib_compress_bound(compressor, input.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        let written = output.withUnsafeMutableBytes { buffer in
            libdeflate_zlib_compress(compressor, input.baseAddress, input.count, buffer.baseAddress, buffer.count)
        }
        // 0 means "did not fit", which the bound rules out.
        guard written > 0 else { throw HDF5Error.compressionFailed(zlibCode: Z_BUF_ERROR) }
        return Array(output[0..<written])
    }
}

/// Idle ``DeflateStream``s, one stack per level, shared by every thread: a compression borrows a compressor, uses it
/// outside the pool's lock and gives it back. The pool grows to the number of threads compressing at once.
///
/// `@unchecked Sendable`: `idle` is only touched while holding `lock`; a borrowed compressor is used by one thread.
final class DeflateStreamPool: @unchecked Sendable {
    static let shared = DeflateStreamPool()

    private let lock = NSLock()
    private var idle: [[DeflateStream]] = Array(repeating: [], count: 13)

    /// Runs `body` with a compressor at `level` borrowed from the pool.
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
