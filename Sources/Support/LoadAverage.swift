import Foundation

/// The machine's load averages (Linux `/proc/loadavg`): how many runnable processes competed for the CPUs over the
/// last 1, 5 and 15 minutes. Every timing the suite records carries them, because on a shared machine a measurement
/// under load measures the neighbours as much as the code.
public struct LoadAverage: Sendable, Equatable, CustomStringConvertible {
    /// Averages over the last 1, 5 and 15 minutes.
    public var oneMinute: Double, fiveMinutes: Double, fifteenMinutes: Double

    public init(oneMinute: Double, fiveMinutes: Double, fifteenMinutes: Double) {
        self.oneMinute = oneMinute
        self.fiveMinutes = fiveMinutes
        self.fifteenMinutes = fifteenMinutes
    }

    /// The current load averages, or `nil` where the system does not report them.
    public static func current() -> LoadAverage? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return LoadAverage(parsing: text)
    }

    /// Parses the first three fields of `/proc/loadavg`.
    public init?(parsing text: String) {
        let fields = text.split(separator: " ").prefix(3).compactMap { Double($0) }
        guard fields.count == 3 else { return nil }
        self.init(oneMinute: fields[0], fiveMinutes: fields[1], fifteenMinutes: fields[2])
    }

    /// `1.23 0.98 0.75`, as `/proc/loadavg` writes them.
    public var description: String {
        [oneMinute, fiveMinutes, fifteenMinutes].map { String(format: "%.2f", $0) }.joined(separator: " ")
    }

    /// The current load averages as text, or `unknown`.
    public static var currentText: String { current()?.description ?? "unknown" }
}
