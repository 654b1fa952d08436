import Foundation

/// Standard error, where the command-line tools write progress, warnings and errors (standard output carries only
/// results: tables, CSV, JSON lines).
public enum StandardError {
    /// Writes `line` and a newline.
    public static func print(_ line: String) {
        write(line + "\n")
    }

    /// Writes `text` as it is (for progress lines redrawn with a carriage return).
    public static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
