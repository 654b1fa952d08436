import Foundation

/// Free space and memory of this machine, for the checks made before a long run starts.
public enum DiskSpace {
    /// Bytes available to this (unprivileged) user on the file system that holds `path`, or that would hold it:
    /// the nearest existing ancestor is asked when `path` does not exist yet (`statvfs`). Nil when the system
    /// cannot tell.
    public static func availableBytes(at path: String) -> Double? {
        var candidate = (path as NSString).standardizingPath
        if candidate.isEmpty { candidate = "." }
        while !FileManager.default.fileExists(atPath: candidate) {
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent.isEmpty || parent == candidate {
                candidate = candidate.hasPrefix("/") ? "/" : "."
                break
            }
            candidate = parent
        }
        var info = statvfs()
        guard statvfs(candidate, &info) == 0 else { return nil }
        return Double(info.f_bavail) * Double(info.f_frsize)
    }

    /// The machine's physical memory in bytes.
    public static var physicalMemoryBytes: Double { Double(ProcessInfo.processInfo.physicalMemory) }
}
