import Foundation
import Support

/// Writing the table's files: every file appears complete under its final name or not at all.
public enum TableFiles {
    /// Pretty-printed JSON (``JSONFormat``), written atomically.
    public static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        try writeData(try JSONFormat.encoder().encode(value), to: path)
    }

    /// Text, written atomically.
    public static func writeText(_ text: String, to path: String) throws {
        try writeData(Data(text.utf8), to: path)
    }

    /// Bytes, written atomically.
    public static func writeBytes(_ bytes: [UInt8], to path: String) throws {
        try writeData(Data(bytes), to: path)
    }

    /// Data, written atomically into a folder created when missing.
    public static func writeData(_ data: Data, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try AtomicFile.write(data, to: path)
    }

    /// `directory/components…`.
    public static func join(_ directory: String, _ components: String...) -> String {
        components.reduce(directory) { ($0 as NSString).appendingPathComponent($1) }
    }

    /// Standard error, one line.
    public static func log(_ line: String) {
        StandardError.print(line)
    }
}
