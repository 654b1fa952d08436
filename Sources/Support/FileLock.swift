import Foundation

/// An exclusive advisory lock on a file (`flock(2)`), held while a closure runs: processes that share a folder (the
/// tasks of a job array) use it to do a shared piece of work once, one after the other.
///
/// The kernel releases the lock when its holder exits, killed or not, so a task killed while holding it never blocks
/// the others; the next one takes over. On Linux, `flock` on NFS is carried by NFS byte-range locks; a file system
/// without locks (e.g. Lustre mounted without `flock`) makes ``withLock(_:)`` run the body unlocked, after saying so
/// through `warn`. Written by hand because Foundation offers no inter-process lock on Linux.
public struct FileLock: Sendable {
    /// The lock file; created (empty) when missing and left in place.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Runs `body` while holding the lock, waiting for other holders first.
    public func withLock<T>(warn: (String) -> Void = StandardError.print, _ body: () throws -> T) throws -> T {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileLockError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var locked = false
        while true {
            if flock(descriptor, LOCK_EX) == 0 {
                locked = true
                break
            }
            if errno == EINTR { continue }
            warn("warning: cannot lock \(path) (\(String(cString: strerror(errno)))); going on unlocked")
            break
        }
        defer { if locked { _ = flock(descriptor, LOCK_UN) } }
        return try body()
    }
}

/// A lock file could not be opened; the message names it and says why.
public struct FileLockError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open the lock file \(path): \(reason); choose a writable folder" }
}
