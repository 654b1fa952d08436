import CBLAS
import Dispatch
import Foundation

/// The one place that decides how many threads the tensor engine computes with.
///
/// ## Policy
/// - **How many.** `count` defaults to the number of active cores. The environment variable `HAMILTONIAN_THREADS`
///   (a positive integer) overrides it at first use, and `setCount(_:)` overrides both at any time.
/// - **Who runs them.** Work is split into *chunks* whose boundaries depend only on the problem (for example whole
///   images of a batch, or fixed blocks of rows), never on `count`. `parallelFor(chunks:_:)` hands the chunks to `count`
///   workers; each chunk writes only its own outputs, so every result is bit-for-bit the same for any thread count.
///   Reductions across chunks (weight gradients) keep one partial sum per fixed group of chunks and add the partials
///   in group order.
/// - **OpenBLAS always runs one-threaded.** All parallelism comes from our workers, each calling one-threaded BLAS on
///   its own chunk (`FastConvolution.parallelGEMM` does this for a plain matrix product). Two reasons, both measured
///   on the 2-core development machine with OpenBLAS 0.3.21: OpenBLAS' two-threaded sgemm is *not* bit-identical to
///   its one-threaded sgemm on some shapes (e.g. 1000x77x333: 77% of the elements differ), which would make results
///   depend on the thread count; and two of our workers with one-threaded sgemm on half of a convolution-shaped
///   product are as fast as OpenBLAS' own two threads on the whole (and faster for M >= 16384), while also
///   parallelising the im2col and Winograd transforms around it. Nothing else in the package may change OpenBLAS'
///   thread count.
/// - **No oversubscription.** A `parallelFor` nested inside another runs its chunks inline on the calling worker; a
///   region entered from another thread while one is running waits for it to finish.
public enum ComputeThreads {
    /// Name of the environment variable that sets the default thread count (a positive integer).
    public static let environmentVariable = "HAMILTONIAN_THREADS"

    /// The number of threads compute uses (at least 1).
    public static var count: Int { pool.count }

    /// The name of the kernel set OpenBLAS runs (e.g. "SkylakeX"; see ``OpenBLASCoreSelection``), for run records.
    public static var blasKernels: String {
        _ = pool.count
        return OpenBLASCoreSelection.currentCore
    }

    /// Sets the number of threads compute uses.
    ///
    /// If a parallel region is running, the new count applies from the next region on.
    /// - Precondition: `newCount >= 1`.
    public static func setCount(_ newCount: Int) {
        precondition(newCount >= 1, "ComputeThreads.setCount needs at least one thread, got \(newCount)")
        pool.setCount(newCount)
    }

    /// Parses a thread count as given in `HAMILTONIAN_THREADS`.
    ///
    /// - Returns: `nil` when `value` is `nil` (variable not set), otherwise the positive count it names.
    /// - Throws: `ComputeThreadsError.invalidThreadCount` when `value` is not a positive integer.
    public static func threadCount(fromEnvironmentValue value: String?) throws(ComputeThreadsError) -> Int? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard let parsed = Int(trimmed), parsed >= 1 else { throw .invalidThreadCount(value) }
        return parsed
    }

    /// Runs `body(chunk)` once for every `chunk` in `0..<chunks`, spread over `count` workers.
    ///
    /// Chunks run in no particular order and concurrently, so `body` must only write data that belongs to its chunk.
    /// The calling thread takes part and returns when every chunk is done. Overhead is a few microseconds per region, so a chunk should hold at least tens of microseconds of work.
    public static func parallelFor(chunks: Int, _ body: (_ chunk: Int) -> Void) {
        precondition(chunks >= 0, "parallelFor needs a non-negative chunk count, got \(chunks)")
        guard chunks > 0 else { return }
        if RegionMarker.isInsideRegion {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        let workers = pool.enterRegion(chunks: chunks)
        defer { pool.leaveRegion() }
        RegionMarker.isInsideRegion = true
        defer { RegionMarker.isInsideRegion = false }
        if workers == 1 {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        let dispenser = ChunkDispenser(chunks: chunks)
        // `body` touches disjoint data per chunk (the caller's contract), so sharing it across workers is safe even
        // though Swift cannot prove it; it does not outlive this call.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendableBody(run: body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let wasInside = RegionMarker.isInsideRegion
                RegionMarker.isInsideRegion = true
                while let chunk = dispenser.next() { shared.run(chunk) }
                RegionMarker.isInsideRegion = wasInside
            }
        }
    }

    private static let pool = ThreadPolicy()
}

/// Errors raised when the thread configuration is invalid.
public enum ComputeThreadsError: Error, Equatable, CustomStringConvertible {
    /// The value given for `HAMILTONIAN_THREADS` is not a positive integer.
    case invalidThreadCount(String)

    /// What went wrong and how to fix it.
    public var description: String {
        switch self {
        case .invalidThreadCount(let value):
            "\(ComputeThreads.environmentVariable)=\"\(value)\" is not a positive integer; "
                + "set it to the number of threads to use (for example 2) or unset it to use every core"
        }
    }
}

/// Shared state behind `ComputeThreads`: the count, and a lock that lets one parallel region run at a time.
/// Creating it pins OpenBLAS to one thread for the life of the process and selects its fastest kernels
/// (``OpenBLASCoreSelection``).
private final class ThreadPolicy: @unchecked Sendable {
    private let lock = NSLock()
    private let regionLock = NSLock()
    private var currentCount: Int

    init() {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var initial = cores
        do {
            let value = ProcessInfo.processInfo.environment[ComputeThreads.environmentVariable]
            if let requested = try ComputeThreads.threadCount(fromEnvironmentValue: value) { initial = requested }
        } catch {
            FileHandle.standardError.write(Data("warning: \(error); using \(cores) threads\n".utf8))
        }
        currentCount = initial
        openblas_set_num_threads(1)
        OpenBLASCoreSelection.selectFastestKernels()
    }

    var count: Int { lock.withLock { currentCount } }

    func setCount(_ newCount: Int) {
        lock.withLock { currentCount = newCount }
    }

    /// Waits for any running region and returns how many workers the new region gets.
    func enterRegion(chunks: Int) -> Int {
        regionLock.lock()
        return min(count, chunks)
    }

    func leaveRegion() {
        regionLock.unlock()
    }
}

/// A chunk body handed to the workers of one region; see `ComputeThreads.parallelFor(chunks:_:)` for why it is safe.
private struct UncheckedSendableBody: @unchecked Sendable {
    let run: (Int) -> Void
}

/// Hands out chunk indices `0, 1, 2, …` to whichever worker asks first.
private final class ChunkDispenser: @unchecked Sendable {
    private let lock = NSLock()
    private var nextChunk = 0
    private let chunks: Int

    init(chunks: Int) { self.chunks = chunks }

    func next() -> Int? {
        lock.withLock {
            guard nextChunk < chunks else { return nil }
            defer { nextChunk += 1 }
            return nextChunk
        }
    }
}

/// Marks the threads that are running a parallel region, so that a nested `parallelFor` runs inline.
private enum RegionMarker {
    private static let key = "HamiltonianSuite.ComputeThreads.insideRegion"

    static var isInsideRegion: Bool {
        get { Thread.current.threadDictionary[key] as? Bool ?? false }
        set { Thread.current.threadDictionary[key] = newValue }
    }
}
