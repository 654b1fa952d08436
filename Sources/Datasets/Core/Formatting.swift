import Foundation

/// Compact human-readable numbers for progress lines and summaries.
public enum Formatting {
    /// Bytes in kB, MB or GB (powers of 1000): `"312.4 MB"`.
    public static func bytes(_ bytes: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// A duration: `"4.2s"`, `"3m07s"` or `"2h05m"`.
    public static func seconds(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        return s < 3600
            ? "\(s / 60)m" + String(format: "%02d", s % 60) + "s"
            : "\(s / 3600)h" + String(format: "%02d", (s % 3600) / 60) + "m"
    }
}
