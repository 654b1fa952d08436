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
/// - Log axes: one tick per decade (or every k-th decade when more than ``maximumLogTicks`` decades are spanned);
///   each end of the range is widened to the next whole decade unless that would add more than
///   ``maximumLogWaste`` of a decade of empty space, in which case it is padded by ``logPadding`` decades only;
///   minor ticks at 2, 3, …, 9 times each power when at most six decades are shown.
public enum AxisTicks {
    /// The tick count a linear axis aims for.
    public static let targetLinearTicks = 6
    /// The most labelled decades on a log axis.
    public static let maximumLogTicks = 10
    /// The most empty space, in decades, that widening a log range to a whole decade may add at either end.
    public static let maximumLogWaste = 0.5
    /// The padding, in decades, of a log range end that is not widened to a whole decade.
    public static let logPadding = 0.05

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
            if miss < bestMiss {
                best = step
                bestMiss = miss
            }
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

    /// The range containing `lower...upper` (both positive), widened to whole decades where that wastes little
    /// space (see the type's description), and its ticks. `O(decades)`.
    public static func logarithmic(lower: Double, upper: Double) -> (range: AxisRange, ticks: [AxisTick]) {
        precondition(lower > 0 && upper > 0, "a log axis needs positive values")
        let a = log10(min(lower, upper)), b = log10(max(lower, upper))
        var low = floor(a + 1e-9), high = ceil(b - 1e-9)
        if high <= low { (low, high) = (low, low + 1) }
        let start = a - low > maximumLogWaste ? a - logPadding : low
        let end = high - b > maximumLogWaste ? b + logPadding : high
        let range = AxisRange(scale: .log10, lower: pow(10, start), upper: pow(10, end))
        return (range, logTicks(in: range))
    }

    /// Ticks for a log range: the decades inside it (every k-th one, at multiples of k, when there are more than
    /// ``maximumLogTicks``), plus unlabelled minor ticks at 2…9 times each power when at most six decades are shown.
    /// A range inside one decade gets its two ends labelled instead.
    public static func logTicks(in range: AxisRange) -> [AxisTick] {
        let lowest = log10(range.lower), highest = log10(range.upper)
        let low = ceil(lowest - 1e-9), high = floor(highest + 1e-9)
        guard low <= high else {
            return [range.lower, range.upper].map { AxisTick(value: $0, label: TickLabelFormat.scientific($0)) }
        }
        let every = decadeStride(low: low, high: high)
        var ticks = [AxisTick]()
        var exponent = ceil(low / every - 1e-9) * every
        while exponent <= high + 1e-9 {
            ticks.append(AxisTick(value: pow(10, exponent), label: TickLabelFormat.powerOfTen(Int(exponent.rounded()))))
            exponent += every
        }
        guard every == 1 && highest - lowest <= 6 else { return ticks }
        for decade in stride(from: floor(lowest + 1e-9), through: high, by: 1) {
            for multiple in 2...9 {
                let value = Double(multiple) * pow(10, decade)
                if value >= range.lower * (1 - 1e-12) && value <= range.upper * (1 + 1e-12) {
                    ticks.append(AxisTick(value: value, label: "", isMajor: false))
                }
            }
        }
        return ticks
    }

    static func decadeStride(low: Double, high: Double) -> Double {
        max(1, ceil((high - low) / Double(maximumLogTicks)))
    }
}
