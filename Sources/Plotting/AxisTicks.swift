import Foundation

/// One tick mark on an axis: a value, and its label (empty for unlabelled minor ticks).
public struct AxisTick: Sendable, Equatable {
    /// The data value at the tick.
    public var value: Double
    /// The text printed beside the tick; empty for a minor tick.
    public var label: String
    /// Whether this is a major (labelled, gridded) tick.
    public var isMajor: Bool

    /// Creates a tick.
    public init(value: Double, label: String, isMajor: Bool = true) {
        self.value = value
        self.label = label
        self.isMajor = isMajor
    }
}

/// Chooses "nice" axis ranges and tick positions.
///
/// - Linear axes: steps of 1, 2 or 5 times a power of ten, the one giving a tick count closest to the target; the
///   range is widened outward to whole steps, so both ends carry a tick.
/// - Log axes: one tick per decade (or every k-th decade when more than ``maximumLogTicks`` decades are spanned),
///   the range widened outward to whole decades; minor ticks at 2, 3, …, 9 times each power when at most six
///   decades are shown.
public enum AxisTicks {
    /// The tick count a linear axis aims for.
    public static let targetLinearTicks = 6
    /// The most labelled decades on a log axis.
    public static let maximumLogTicks = 10

    /// The linear tick step for `lower...upper`: `{1, 2, 5} × 10^k`, whichever gives a tick count closest to
    /// `target`. `O(1)`.
    public static func linearStep(lower: Double, upper: Double, target: Int = targetLinearTicks) -> Double {
        precondition(upper > lower && target >= 2, "linearStep needs upper > lower and a target of at least 2")
        let span = upper - lower
        let raw = span / Double(target - 1)
        let magnitude = pow(10, floor(log10(raw)))
        var best = magnitude, bestMiss = Double.infinity
        for multiple in [1.0, 2, 5, 10] {
            let step = multiple * magnitude
            let count = (ceil(upper / step - 1e-9) - floor(lower / step + 1e-9)) + 1
            let miss = abs(count - Double(target))
            if miss < bestMiss { best = step; bestMiss = miss }
        }
        return best
    }

    /// The nice range containing `lower...upper` and its ticks. A degenerate range (`lower == upper`) is widened
    /// to `value ± max(|value| / 10, 1)`. `O(tick count)`.
    public static func linear(lower: Double, upper: Double) -> (range: AxisRange, ticks: [AxisTick]) {
        var (a, b) = (lower, upper)
        if b <= a {
            let pad = max(abs(a) / 10, 1)
            (a, b) = (a - pad, a + pad)
        }
        let step = linearStep(lower: a, upper: b)
        let first = floor(a / step + 1e-9), last = ceil(b / step - 1e-9)
        let values = stride(from: first, through: last, by: 1).map { $0 * step }
        let labels = TickLabelFormat.linearLabels(values, step: step)
        let ticks = zip(values, labels).map { AxisTick(value: $0 == 0 ? 0 : $0, label: $1) }
        return (AxisRange(scale: .linear, lower: first * step, upper: last * step), ticks)
    }

    /// Ticks for a fixed linear range (no widening): the multiples of the nice step that fall inside it.
    public static func linearTicks(in range: AxisRange) -> [AxisTick] {
        let step = linearStep(lower: range.lower, upper: range.upper)
        let first = ceil(range.lower / step - 1e-9), last = floor(range.upper / step + 1e-9)
        guard first <= last else { return [] }
        let values = stride(from: first, through: last, by: 1).map { $0 * step }
        return zip(values, TickLabelFormat.linearLabels(values, step: step)).map { AxisTick(value: $0, label: $1) }
    }

    /// The whole-decade range containing `lower...upper` (both positive) and its ticks. `O(decades)`.
    public static func logarithmic(lower: Double, upper: Double) -> (range: AxisRange, ticks: [AxisTick]) {
        precondition(lower > 0 && upper > 0, "a log axis needs positive values")
        var low = floor(log10(lower) + 1e-9), high = ceil(log10(upper) - 1e-9)
        if high <= low { (low, high) = (low, low + 1) }
        let every = decadeStride(low: low, high: high)
        high = low + every * ceil((high - low) / every)
        let range = AxisRange(scale: .log10, lower: pow(10, low), upper: pow(10, high))
        return (range, logTicks(range: range, low: low, high: high, every: every))
    }

    /// Ticks for a fixed log range (no widening): the decades inside it, plus minor ticks.
    public static func logTicks(in range: AxisRange) -> [AxisTick] {
        let low = ceil(log10(range.lower) - 1e-9), high = floor(log10(range.upper) + 1e-9)
        guard low <= high else {
            // Less than a decade: label the ends.
            return [range.lower, range.upper].map { AxisTick(value: $0, label: TickLabelFormat.scientific($0)) }
        }
        return logTicks(range: range, low: low, high: high, every: decadeStride(low: low, high: high))
    }

    static func decadeStride(low: Double, high: Double) -> Double {
        max(1, ceil((high - low) / Double(maximumLogTicks)))
    }

    static func logTicks(range: AxisRange, low: Double, high: Double, every: Double) -> [AxisTick] {
        var ticks = [AxisTick]()
        let withMinor = every == 1 && high - low <= 6
        var exponent = low
        while exponent <= high + 1e-9 {
            let decade = pow(10, exponent)
            ticks.append(AxisTick(value: decade, label: TickLabelFormat.powerOfTen(Int(exponent.rounded()))))
            if withMinor {
                for multiple in 2...9 {
                    let value = Double(multiple) * decade
                    if value >= range.lower * (1 - 1e-12) && value <= range.upper * (1 + 1e-12) {
                        ticks.append(AxisTick(value: value, label: "", isMajor: false))
                    }
                }
            }
            exponent += every
        }
        return ticks
    }
}
