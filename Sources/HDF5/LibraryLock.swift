import CHDF5
import Foundation

/// The one lock every libhdf5 call goes through.
///
/// The libhdf5 installed here (1.10.8, serial) is not thread-safe: it keeps global state (the open-object table,
/// metadata caches, the error stack) without locks of its own. The `HDF5` module therefore runs every call into
/// libhdf5 while holding this process-wide lock, so that the public API can be used from any number of threads.
/// Calls are serialised, not parallel: CPU-heavy work (compression) belongs outside it, see ``ChunkCompressor``.
///
/// (Debian's build of 1.10.8 is in fact configured thread-safe, with its own global lock and per-thread error
/// stacks; other builds, e.g. Homebrew's, are not. This lock makes the module correct on both.)
///
/// Initialising the lock initialises libhdf5 with its exit handler switched off (`H5dont_atexit`): at exit, libhdf5
/// 1.10 closes every identifier still registered, and the identifier of a file whose close failed (a full disk) is
/// still registered although libhdf5 has freed the file (HDF5 bug HDFFV-11052): closing it again read freed memory
/// and crashed the process after its error message. Nothing is lost by skipping the handler: every file this module
/// completes is closed explicitly, and a file left open at exit is by construction an incomplete one (see
/// `ObjectHandle`).
///
/// The lock is recursive so that a handle released inside a locked region (its `deinit` closes the handle) cannot
/// deadlock. Each locked region also switches off libhdf5's automatic printing of error stacks to stderr for the
/// calling thread (a per-thread setting in thread-safe builds): errors are reported through ``HDF5Error`` instead.
enum LibraryLock {
    private static let lock: NSRecursiveLock = {
        let lock = NSRecursiveLock()
        lock.name = "HamiltonianSuite.HDF5.LibraryLock"
        _ = H5dont_atexit()
        _ = H5open()
        return lock
    }()

    /// Runs `body` while holding the library lock. Every function of the low-level layer expects to be called
    /// from inside such a region, so that the error stack it reads belongs to the call that failed.
    @inline(__always)
    static func run<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        _ = H5Eset_auto2(chdf5_error_stack_default(), nil, nil)
        return try body()
    }
}
