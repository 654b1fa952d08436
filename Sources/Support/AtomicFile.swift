import Foundation

/// Whole-file writes that never leave an incomplete file under the final name.
///
/// The data goes to `<path>.partial-<pid>` (named after the process, so that jobs of an array writing the same file
/// at the same moment never share a temporary file), which is renamed over `path` only once it is complete. On any
/// failure (disk full included) the temporary file is removed and `path` keeps its previous content.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    ///
    /// - Throws: ``AtomicWriteError`` naming the file and the cause.
    public static func write(_ data: Data, to path: String) throws(AtomicWriteError) {
        let temporary = temporaryPath(for: path)
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw AtomicWriteError(path: path, reason: reason(of: error))
        }
        try moveIntoPlace(temporary, as: path)
    }

    /// The temporary name this process writes `path` under before ``moveIntoPlace(_:as:)``.
    public static func temporaryPath(for path: String) -> String {
        path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Renames a complete `temporary` file over `path`, removing `temporary` if that fails.
    public static func moveIntoPlace(_ temporary: String, as path: String) throws(AtomicWriteError) {
        guard rename(temporary, path) == 0 else {
            let cause = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw AtomicWriteError(path: path, reason: "cannot rename \(temporary) into place: \(cause)")
        }
    }

    /// The operating system's words for a failed write (e.g. "No space left on device"), not Foundation's.
    static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
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
