import Foundation

/// A chart described in plain data, independent of any drawing library: `hgnbench` turns it into a
/// `Plotting.LineChart`. Keeping the description here lets the tests check what each plot shows.
public struct ComparisonFigure: Sendable, Equatable {
    /// One curve.
    public struct Series: Sendable, Equatable {
        /// The legend text.
        public var name: String
        /// The horizontal coordinates.
        public var x: [Double]
        /// The vertical coordinates (`nil` where there is no value: the curve breaks there).
        public var y: [Double?]
        /// The integrator's fixed colour slot (see ``ComparisonFigure/colorIndex(of:)``).
        public var colorIndex: Int
        /// Whether the line is dashed.
        public var isDashed: Bool
        /// Whether each point gets a marker.
        public var showsMarkers: Bool
    }

    /// The file name without extension, e.g. `pendulum-energy`.
    public var fileStem: String
    /// The title.
    public var title: String
    /// The horizontal axis label, with its unit.
    public var xLabel: String
    /// The vertical axis label, with its unit.
    public var yLabel: String
    /// Whether the horizontal axis is logarithmic.
    public var xIsLogarithmic: Bool
    /// Whether the vertical axis is logarithmic.
    public var yIsLogarithmic: Bool
    /// A fixed vertical range, or `nil` to fit the data.
    public var yRange: ClosedRange<Double>?
    /// The curves, in legend order.
    public var series: [Series]

    /// The colour slot of each integrator, the same in every figure: leapfrog 0 (blue), symplectic Euler 1 (orange),
    /// RK4 2 (green), Euler 3 (red), Yoshida 4 (purple), dopri54 7 (grey).
    public static func colorIndex(of integrator: String) -> Int {
        switch integrator {
        case "leapfrog": 0
        case "symplectic-euler": 1
        case "rk4": 2
        case "euler": 3
        case "yoshida4": 4
        default: 7
        }
    }

    /// The largest energy error shown: beyond it a run has lost all meaning (and Euler's may reach 1e300).
    public static let energyErrorCeiling = 10.0
    /// The smallest energy error shown (below double-precision rounding).
    public static let energyErrorFloor = 1e-17
}

extension IntegratorComparisonReport {
    /// Every figure of the report: per system, energy error vs time, global error vs step size, and global error
    /// vs cost.
    public var figures: [ComparisonFigure] {
        systems.flatMap { [energyFigure(for: $0), convergenceFigure(for: $0), costFigure(for: $0)] }
    }

    /// The energy-error envelope against time at the plotted step size, one curve per fixed-step integrator, plus
    /// `dopri54` at its tightest tolerance (dashed). Log vertical axis, clipped to
    /// [``ComparisonFigure/energyErrorFloor``, ``ComparisonFigure/energyErrorCeiling``].
    public func energyFigure(for system: SystemReport) -> ComparisonFigure {
        let timesInPeriods = system.envelopeWindowMidpoints.map { $0 / system.period }
        var series = [ComparisonFigure.Series]()
        let plotted = records.filter {
            $0.system == system.system && $0.stepSize == system.plottedStepSize
        }
        for record in plotted {
            series.append(
                .init(
                    name: "\(record.integrator) (\(record.energyVerdict(period: system.period)))", x: timesInPeriods,
                    y: record.energyErrorEnvelope, colorIndex: ComparisonFigure.colorIndex(of: record.integrator),
                    isDashed: false, showsMarkers: false))
        }
        if let reference = records.filter({ $0.system == system.system && $0.integrator == "dopri54" })
            .min(by: { ($0.relativeTolerance ?? 1) < ($1.relativeTolerance ?? 1) })
        {
            series.append(
                .init(
                    name:
                        "dopri54 rtol \(NumberText.short(reference.relativeTolerance)) (\(reference.energyVerdict(period: system.period)))",
                    x: timesInPeriods, y: reference.energyErrorEnvelope, colorIndex: 7, isDashed: true,
                    showsMarkers: false))
        }
        let values = series.flatMap { $0.y.compactMap { $0 } }.filter { $0 > 0 && $0.isFinite }
        let low = max(values.min() ?? 1e-16, ComparisonFigure.energyErrorFloor)
        let high = min(max(values.max() ?? 1, low * 10), ComparisonFigure.energyErrorCeiling)
        let range = Self.decadeRange(low, high)
        let n = Int((system.period / system.plottedStepSize).rounded())
        return ComparisonFigure(
            fileStem: "\(system.system)-energy",
            title: "\(system.title): energy error vs time, dt = T/\(n) = \(NumberText.short(system.plottedStepSize))",
            xLabel: "time (\(system.periodName)s of T = \(NumberText.short(system.period)) time units)",
            yLabel: "max |H(t) - H(0)| / |H(0)| per \(windowText(system))",
            xIsLogarithmic: false, yIsLogarithmic: true, yRange: range, series: series)
    }

    /// The global error at the error time against the step size, log-log, one marked curve per fixed-step
    /// integrator with its measured slope in the legend.
    public func convergenceFigure(for system: SystemReport) -> ComparisonFigure {
        var series = [ComparisonFigure.Series]()
        for order in system.orders {
            let rows = records(system: system.system, integrator: order.integrator)
            series.append(
                .init(
                    name: "\(order.integrator) (slope \(NumberText.order(order.measuredOrder)))",
                    x: rows.compactMap(\.stepSize), y: rows.map(\.globalError),
                    colorIndex: ComparisonFigure.colorIndex(of: order.integrator), isDashed: false, showsMarkers: true))
        }
        let t = errorTimeText(system)
        return ComparisonFigure(
            fileStem: "\(system.system)-convergence",
            title: "\(system.title): global error at t = \(t) vs step size (slope = measured order)",
            xLabel: "step size dt (time units; T = \(NumberText.short(system.period)))",
            yLabel: "|x(t) - x_ref(t)| at t = \(t)",
            xIsLogarithmic: true, yIsLogarithmic: true, yRange: nil, series: series)
    }

    /// The work-precision diagram: global error at the error time against the cost, gradient evaluations per unit
    /// of simulated time, for every fixed-step integrator (one point per step size) and for `dopri54` (one point
    /// per tolerance, dashed). Curves further down-left are better; at equal cost, compare vertically.
    public func costFigure(for system: SystemReport) -> ComparisonFigure {
        var series = [ComparisonFigure.Series]()
        for name in system.orders.map(\.integrator) + ["dopri54"] {
            let rows = records(system: system.system, integrator: name)
            guard !rows.isEmpty else { continue }
            let label =
                name == "dopri54"
                ? "dopri54 (rtol \(rows.compactMap(\.relativeTolerance).map { NumberText.short($0) }.joined(separator: ", ")))"
                : name
            series.append(
                .init(
                    name: label, x: rows.map(\.gradientEvaluationsPerTimeUnit), y: rows.map(\.globalError),
                    colorIndex: ComparisonFigure.colorIndex(of: name), isDashed: name == "dopri54",
                    showsMarkers: true))
        }
        let t = errorTimeText(system)
        return ComparisonFigure(
            fileStem: "\(system.system)-cost",
            title: "\(system.title): global error at t = \(t) vs cost (lower left is better)",
            xLabel: "cost: gradient evaluations per time unit (T = \(NumberText.short(system.period)))",
            yLabel: "|x(t) - x_ref(t)| at t = \(t)",
            xIsLogarithmic: true, yIsLogarithmic: true, yRange: nil, series: series)
    }

    /// The length of one envelope window: `period`, `5 periods`.
    func windowText(_ system: SystemReport) -> String {
        let windows = max(system.envelopeWindowMidpoints.count, 1)
        let length = Double(system.horizonPeriods) / Double(windows)
        let number = length == length.rounded() ? String(Int(length)) : NumberText.short(length)
        return length == 1 ? system.periodName : "\(number) \(system.periodName)s"
    }

    /// `1.25 periods`, `1 orbit`.
    func errorTimeText(_ system: SystemReport) -> String {
        let count = system.errorTimePeriods
        let number = count == count.rounded() ? String(Int(count)) : "\(count)"
        return "\(number) \(system.periodName)" + (count == 1 ? "" : "s")
    }

    /// The whole-decade range around `[low, high]`.
    static func decadeRange(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        let lower = pow(10, (log10(low) + 1e-9).rounded(.down)), upper = pow(10, (log10(high) - 1e-9).rounded(.up))
        return lower < upper ? lower...upper : lower...(lower * 10)
    }
}
