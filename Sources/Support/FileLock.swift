import Foundation

/// An exclusive advisory lock on a file (`flock(2)`), for processes that share a folder: two generations writing
/// the shards of one dataset, the tasks of a job array, two trainings pointed at one run folder.
///
/// The kernel releases the lock when its holder exits, killed or not, so a crashed holder never blocks anyone: a
/// lock file left behind by a crash is an empty file that the next process locks and reuses. A holder may remove
/// the lock file when it is done (``HeldFileLock/release(removingFile:)``); a process that was waiting then finds
/// that the file it locked is no longer the one at the path and locks the new one, so removal is safe.
///
/// Some network file systems do not lock (NFS without `lockd`, Lustre mounted without `flock`): there
/// ``tryAcquire()`` returns a lock that is not ``HeldFileLock/isEffective``, and ``withLock(warn:_:)`` runs its body
/// unlocked after a warning. Written by hand because Foundation offers no inter-process lock on Linux.
public struct FileLock: Sendable {
    /// The lock file; created (empty, then holding its holder's name) when missing.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Takes the lock if no other process holds it: the held lock, or nil when another process holds it.
    /// - Throws: ``FileLockError`` when the lock file cannot be created or opened (e.g. a read-only folder).
    public func tryAcquire() throws(FileLockError) -> HeldFileLock? {
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw FileLockError(path: path, reason: String(cString: strerror(errno))) }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                close(descriptor)
                if code == EINTR { continue }
                if code == EWOULDBLOCK { return nil }
                // A file system without locks: correctness must not depend on this lock there.
                return HeldFileLock(path: path, descriptor: -1, isEffective: false)
            }
            // The holder before us may have removed the file between our open and our lock: then the lock we hold
            // is on a file nobody else will open; start again with the file now at the path.
            guard Self.descriptor(descriptor, isFileAt: path) else {
                close(descriptor)
                continue
            }
            let held = HeldFileLock(path: path, descriptor: descriptor, isEffective: true)
            held.recordHolder()
            return held
        }
    }

    /// Waits for the lock, checking `stop` between attempts (so that a stop request ends the wait).
    /// - Parameter interval: seconds between attempts.
    public func acquire<Failure: Error>(
        interval: Double = 0.1, stop: () throws(Failure) -> Void
    ) throws -> HeldFileLock {
        while true {
            if let held = try tryAcquire() { return held }
            try stop()
            usleep(UInt32(interval * 1e6))
        }
    }

    /// Runs `body` while holding the lock, waiting for other holders first; the lock file stays in place. On a
    /// file system without locks, `body` runs unlocked after `warn` says so.
    public func withLock<T>(warn: (String) -> Void = StandardError.print, _ body: () throws -> T) throws -> T {
        let held = try acquire(stop: { () throws(Never) in })
        if !held.isEffective {
            warn("warning: cannot lock \(path) (the file system does not support locks); going on unlocked")
        }
        defer { held.release(removingFile: false) }
        return try body()
    }

    /// Who holds the lock, as its holder wrote it (e.g. `pid 4242 on node17`), or nil when unknown.
    public func holder() -> String? {
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        else { return nil }
        return text
    }

    /// Whether the open `descriptor` is the file now at `path` (same device and inode).
    private static func descriptor(_ descriptor: Int32, isFileAt path: String) -> Bool {
        var opened = stat(), current = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &current) == 0 else { return false }
        return opened.st_dev == current.st_dev && opened.st_ino == current.st_ino
    }
}

/// A lock taken by ``FileLock``; released by ``release(removingFile:)`` or when it is deallocated (the file stays).
public final class HeldFileLock: @unchecked Sendable {
    /// The lock file.
    public let path: String
    /// Whether the lock excludes other processes (false on file systems without locks).
    public let isEffective: Bool
    private let lock = NSLock()
    private var descriptor: Int32

    init(path: String, descriptor: Int32, isEffective: Bool) {
        self.path = path
        self.descriptor = descriptor
        self.isEffective = isEffective
    }

    /// Writes `pid <pid> on <host>` into the lock file, for ``FileLock/holder()`` of the processes that wait.
    fileprivate func recordHolder() {
        let text = "pid \(ProcessInfo.processInfo.processIdentifier) on \(HostName.current)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Releases the lock, first removing the lock file when `removingFile` (while still holding it, so that no
    /// other process can be using it). Releasing twice does nothing.
    public func release(removingFile: Bool = true) {
        lock.withLock {
            guard descriptor >= 0 else { return }
            if removingFile { unlink(path) }
            close(descriptor)
            descriptor = -1
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}

/// A lock file could not be opened; the message names it and says why.
public struct FileLockError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot open the lock file \(path): \(reason); choose a writable folder" }
}

/// This machine's host name (`gethostname`), without a DNS lookup.
enum HostName {
    static let current: String = {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "unknown host" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
