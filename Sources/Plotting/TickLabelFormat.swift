import Foundation

/// Short, exact-looking tick labels: `0.2`, `15`, `2.5e-5`, `1e-6`.
public enum TickLabelFormat {
    /// Labels for evenly spaced linear ticks: fixed-point with just enough decimals for `step`, or scientific
    /// notation when the values are very large (`>= 1e6`) or the step very small (`< 1e-4`).
    public static func linearLabels(_ values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        if largest >= 1e6 || step < 1e-4 {
            return values.map { $0 == 0 ? "0" : scientific($0) }
        }
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        return values.map { value in
            let text = String(format: "%.\(decimals)f", value)
            return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
        }
    }

    /// `10^exponent` as `0.01`, `0.1`, `1`, `10`, `100`, `1000` for exponents -2...3, else `1e-6`, `1e4`.
    public static func powerOfTen(_ exponent: Int) -> String {
        switch exponent {
        case -2: "0.01"
        case -1: "0.1"
        case 0...3: "1" + String(repeating: "0", count: exponent)
        default: "1e\(exponent)"
        }
    }

    /// A compact scientific form with up to three significant digits and no padded exponent: `2.5e-5`, `-3e7`.
    public static func scientific(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return value == 0 ? "0" : "\(value)" }
        var exponent = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(exponent))
        mantissa = (mantissa * 100).rounded() / 100
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        var digits = String(format: "%.2f", mantissa)
        while digits.hasSuffix("0") { digits.removeLast() }
        if digits.hasSuffix(".") { digits.removeLast() }
        return exponent == 0 ? digits : "\(digits)e\(exponent)"
    }
}
