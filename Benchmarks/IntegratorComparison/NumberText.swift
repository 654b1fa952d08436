import Foundation

/// Short, table-friendly number text.
public enum NumberText {
    /// Three significant digits: fixed-point for magnitudes in `[0.01, 10000)`, else scientific (`3.2e-7`);
    /// `"—"` for a missing value.
    public static func short(_ value: Double?) -> String {
        guard let value else { return "—" }
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 0.01 && magnitude < 10_000 {
            let decimals = max(0, 2 - Int(floor(log10(magnitude))))
            return String(format: "%.\(decimals)f", value)
        }
        let exponent = Int(floor(log10(magnitude)))
        var mantissa = value / pow(10, Double(exponent))
        var e = exponent
        if abs((mantissa * 10).rounded() / 10) >= 10 {
            mantissa /= 10
            e += 1
        }
        return String(format: "%.1fe%d", mantissa, e)
    }

    /// An order of convergence with two decimals, or `"n/a"`.
    public static func order(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "n/a"
    }
}
