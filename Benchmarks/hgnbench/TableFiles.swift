import Foundation

/// Writing the table's files.
enum TableFiles {
    /// Pretty-printed JSON with sorted keys, written atomically.
    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try createParent(of: path)
        try encoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Text, written atomically.
    static func writeText(_ text: String, to path: String) throws {
        try createParent(of: path)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Bytes, written atomically.
    static func writeBytes(_ bytes: [UInt8], to path: String) throws {
        try createParent(of: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func createParent(of path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
    }

    /// `directory/components…`.
    static func join(_ directory: String, _ components: String...) -> String {
        components.reduce(directory) { ($0 as NSString).appendingPathComponent($1) }
    }

    /// Standard error, one line.
    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
