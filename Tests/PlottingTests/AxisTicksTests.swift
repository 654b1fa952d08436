import Foundation
import Testing

@testable import Plotting

/// The maths of axes: nice steps, widened ranges, decade ticks, value-to-fraction maps and label text.
@Suite struct AxisTicksTests {
    @Test func linearRangeOfUnitIntervalHasTicksEveryFifth() {
        let (range, ticks) = AxisTicks.linear(lower: 0, upper: 1)
        #expect(range == AxisRange(scale: .linear, lower: 0, upper: 1))
        #expect(ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        for (tick, expected) in zip(ticks, stride(from: 0.0, through: 1.0, by: 0.2)) {
            #expect(abs(tick.value - expected) <= 1e-15)
        }
    }

    @Test func linearRangeIsWidenedToWholeSteps() {
        let (range, ticks) = AxisTicks.linear(lower: 3.2, upper: 97.1)
        #expect(range.lower == 0 && range.upper == 100)
        #expect(ticks.map(\.label) == ["0", "20", "40", "60", "80", "100"])
    }

    /// For any range the step is 1, 2 or 5 times a power of ten, the ticks are evenly spaced, both ends carry a
    /// tick, and there are between 3 and 11 of them.
    @Test(arguments: [(0.0, 1.0), (-3.7, 12.9), (1e-7, 3e-7), (0.5, 1234.0), (-1e9, 1e9), (99.9, 100.1), (2, 2)])
    func linearTicksAreNice(_ lower: Double, _ upper: Double) {
        let (range, ticks) = AxisTicks.linear(lower: lower, upper: upper)
        #expect(range.lower <= lower && range.upper >= upper)
        #expect((3...11).contains(ticks.count), "\(ticks.count) ticks")
        let step = ticks[1].value - ticks[0].value
        let mantissa = step / pow(10, floor(log10(step)))
        #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) <= 1e-9 }, "step \(step)")
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            #expect(abs((b.value - a.value) - step) <= 1e-9 * step)
        }
        #expect(abs(ticks.first!.value - range.lower) <= 1e-9 * step)
        #expect(abs(ticks.last!.value - range.upper) <= 1e-9 * step)
    }

    @Test func logRangeSpansWholeDecadesWithMinorTicks() {
        let (range, ticks) = AxisTicks.logarithmic(lower: 2e-6, upper: 250)
        // 2e-6 is 0.3 decades above 1e-6: widened. 250 is 0.6 decades below 1000: padded by 0.05 decades only.
        #expect(abs(range.lower - 1e-6) <= 1e-21)
        #expect(abs(range.upper - 250 * pow(10, 0.05)) <= 1e-9)
        let major = ticks.filter(\.isMajor)
        #expect(major.map(\.label) == ["1e-6", "1e-5", "1e-4", "1e-3", "0.01", "0.1", "1", "10", "100"])
        // Eight decades: labelled one by one, but too many for minor ticks.
        #expect(ticks.allSatisfy { $0.isMajor })

        let (_, fewDecades) = AxisTicks.logarithmic(lower: 0.02, upper: 90)
        let minor = fewDecades.filter { !$0.isMajor }
        #expect(minor.count == 8 * 4, "2…9 times each of 0.01, 0.1, 1 and 10 (the range is 0.01…100)")
        #expect(minor.allSatisfy { $0.label.isEmpty })
    }

    @Test func manyDecadesAreThinnedToAtMostTenLabels() {
        let (range, ticks) = AxisTicks.logarithmic(lower: 1e-17, upper: 1e5)
        #expect(abs(log10(range.lower) + 17) <= 1e-9 && abs(log10(range.upper) - 5) <= 1e-9)
        #expect(ticks.count <= AxisTicks.maximumLogTicks + 1)
        let exponents = ticks.map { log10($0.value) }
        let stride = exponents[1] - exponents[0]
        #expect(abs(stride - 3) <= 1e-9)
        #expect(exponents.allSatisfy { $0 >= -17 - 1e-9 && $0 <= 5 + 1e-9 })
    }

    @Test func fractionsFollowTheScale() throws {
        let linear = AxisRange(scale: .linear, lower: -2, upper: 6)
        #expect(linear.fraction(of: -2) == 0 && linear.fraction(of: 6) == 1 && linear.fraction(of: 2) == 0.5)
        let log = AxisRange(scale: .log10, lower: 1e-4, upper: 1)
        #expect(abs(try #require(log.fraction(of: 1e-2)) - 0.5) <= 1e-15)
        #expect(abs(try #require(log.fraction(of: 10)) - 1.25) <= 1e-15)
        #expect(log.fraction(of: 0) == nil && log.fraction(of: -1) == nil && log.fraction(of: .nan) == nil)
        #expect(linear.fraction(of: .infinity) == nil)
    }

    @Test func labelsAreShort() {
        #expect(TickLabelFormat.powerOfTen(-7) == "1e-7")
        #expect(TickLabelFormat.powerOfTen(-2) == "0.01")
        #expect(TickLabelFormat.powerOfTen(0) == "1")
        #expect(TickLabelFormat.powerOfTen(3) == "1000")
        #expect(TickLabelFormat.powerOfTen(4) == "1e4")
        #expect(TickLabelFormat.scientific(2.5e-5) == "2.5e-5")
        #expect(TickLabelFormat.scientific(-3e7) == "-3e7")
        #expect(TickLabelFormat.scientific(9.999e3) == "1e4")
        #expect(TickLabelFormat.linearLabels([-0.5, 0, 0.5], step: 0.5) == ["-0.5", "0.0", "0.5"])
        #expect(TickLabelFormat.linearLabels([0, 2e-5, 4e-5], step: 2e-5) == ["0", "2e-5", "4e-5"])
    }

    @Test func fixedRangesAreValidatedAndTicked() throws {
        var chart = LineChart(title: "t", xLabel: "x", yLabel: "y", yScale: .log10)
        chart.yRange = 1e-16...10
        let axes = try chart.resolvedAxes()
        #expect(axes.y.range.lower == 1e-16 && axes.y.range.upper == 10)
        #expect(axes.y.ticks.allSatisfy { $0.value >= 1e-16 * (1 - 1e-12) && $0.value <= 10 * (1 + 1e-12) })
        chart.yRange = 0...1
        #expect(throws: PlottingError.invalidAxisRange(axis: "y", lower: 0, upper: 1, scale: .log10)) {
            try chart.resolvedAxes()
        }
    }
}
