import Foundation

/// Whole-file writes that never leave an incomplete file under the final name.
///
/// The data goes to `<path>.partial-<host>-<pid>` (named after the host and the process, so that jobs of an array
/// writing the same file at the same moment never share a temporary file, even on a file system shared by nodes whose
/// process ids coincide), which is renamed over `path` only once it is complete. On any
/// failure (disk full included) the temporary file is removed and `path` keeps its previous content.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    ///
    /// - Throws: ``AtomicWriteError`` naming the file and the cause.
    public static func write(_ data: Data, to path: String) throws(AtomicWriteError) {
        let temporary = temporaryPath(for: path)
        do throws(AtomicWriteError) {
            try writeDurably(data, to: temporary, naming: path)
        } catch {
            unlink(temporary)
            throw error
        }
        try place(temporary, as: path)
    }

    /// Writes `data` to `path` atomically unless a file already exists there: returns false, and leaves the
    /// existing file as it is, when one does (also when another process created it a moment before). Two processes
    /// racing to create the same file thus agree on one content, the first to finish (`link(2)`, which refuses to
    /// replace, instead of `rename(2)`).
    ///
    /// - Throws: ``AtomicWriteError`` naming the file and the cause.
    public static func create(_ data: Data, at path: String) throws(AtomicWriteError) -> Bool {
        if FileManager.default.fileExists(atPath: path) { return false }
        let temporary = temporaryPath(for: path)
        defer { unlink(temporary) }
        try writeDurably(data, to: temporary, naming: path)
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw AtomicWriteError(
                path: path, reason: "cannot link \(temporary) into place: \(String(cString: strerror(errno)))")
        }
        return true
    }

    /// The temporary name this process writes `path` under before ``moveIntoPlace(_:as:)``.
    public static func temporaryPath(for path: String) -> String {
        path + processSuffix
    }

    /// `.partial-<host>-<pid>` of this process.
    private static let processSuffix: String = {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        return ".partial-\(host)-\(ProcessInfo.processInfo.processIdentifier)"
    }()

    /// Renames a complete `temporary` file over `path`, removing `temporary` if that fails.
    ///
    /// The file's data is first forced to disk (`fsync`), so that a write error the file system reports only then
    /// (delayed allocation, network file systems) fails here, before the file has its final name, and a crash
    /// after the rename cannot leave an empty file under the final name.
    public static func moveIntoPlace(_ temporary: String, as path: String) throws(AtomicWriteError) {
        do throws(AtomicWriteError) {
            try FaultInjection.check(path)
            try synchronize(temporary, naming: path)
        } catch {
            unlink(temporary)
            throw error
        }
        try place(temporary, as: path)
    }

    /// Renames the complete, synchronised `temporary` over `path`, removing `temporary` if that fails.
    private static func place(_ temporary: String, as path: String) throws(AtomicWriteError) {
        guard rename(temporary, path) == 0 else {
            let cause = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw AtomicWriteError(path: path, reason: "cannot rename \(temporary) into place: \(cause)")
        }
    }

    /// Writes `data` to a new file at `temporary` with `write(2)`, then `fsync(2)` and `close(2)`, checking each;
    /// errors name `path`, the file being written.
    static func writeDurably(_ data: Data, to temporary: String, naming path: String) throws(AtomicWriteError) {
        try FaultInjection.check(path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicWriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = Foundation.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw AtomicWriteError(path: path, reason: String(cString: strerror(failure))) }
    }

    /// Forces the data of the complete file `temporary` to disk; errors name `path`.
    static func synchronize(_ temporary: String, naming path: String) throws(AtomicWriteError) {
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AtomicWriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
            throw AtomicWriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// The operating system's words for a failed write (e.g. "No space left on device"), not Foundation's.
    static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}

/// A file could not be written; the message names it and says why.
public struct AtomicWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file that was being written.
    public var path: String
    /// The cause, in the operating system's words where it gave any (e.g. "No space left on device").
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Injected write failures, for the tests of what a full disk does where no small file system can be mounted:
/// inert unless the environment variable `HAMILTONIANSUITE_FAIL_WRITES` is set.
///
/// Its value is a comma-separated list of rules: `NAME` fails every whole-file write (``AtomicFile``) of a file whose
/// name ends with `NAME` (e.g. `manifest.json`, `checkpoint.h5`), and `#N` fails the N-th such write of the process
/// (1-based). A failure looks like a full disk: `No space left on device`, before anything is written under the
/// final name.
enum FaultInjection {
    private static let rules: [String] = {
        guard let value = ProcessInfo.processInfo.environment["HAMILTONIANSUITE_FAIL_WRITES"] else { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var writes = 0

    /// Throws a simulated "No space left on device" when a rule matches this write of `path`.
    static func check(_ path: String) throws(AtomicWriteError) {
        guard !rules.isEmpty else { return }
        let count = lock.withLock { () -> Int in
            writes += 1
            return writes
        }
        let name = (path as NSString).lastPathComponent
        let matches = rules.contains { rule in
            rule.hasPrefix("#") ? Int(rule.dropFirst()) == count : name.hasSuffix(rule)
        }
        if matches { throw AtomicWriteError(path: path, reason: String(cString: strerror(ENOSPC))) }
    }
}
