import Foundation
import Rendering
import Support

/// A line chart with any number of named series, linear or logarithmic axes, ticks, axis labels, a legend and a
/// title, written as SVG text or as a PNG image.
///
///     var chart = LineChart(title: "Global error vs step size", xLabel: "step size dt",
///                           yLabel: "error", xScale: .log10, yScale: .log10)
///     chart.add(series: DataSeries(name: "leapfrog (slope 2.00)", x: steps, y: errors, showsMarkers: true))
///     let svg = try chart.svg()
///     let png = try chart.png(width: 960, height: 640)
///
/// Axis ranges come from the data (widened to whole tick steps or decades) unless ``xRange`` or ``yRange`` is set;
/// whatever lies outside the range is clipped. The legend sits below the plot, so it never hides data. Both outputs
/// come from one layout: the PNG draws text with ``BitmapFont`` and the SVG with a monospace font of the same advance.
public struct LineChart: Sendable {
    /// The title, printed bold above the plot (wrapped onto several lines if it is too long).
    public var title: String
    /// The horizontal axis' label; include the unit, e.g. `"time (periods)"`.
    public var xLabel: String
    /// The vertical axis' label; include the unit.
    public var yLabel: String
    /// The horizontal axis' scale.
    public var xScale: AxisScale
    /// The vertical axis' scale.
    public var yScale: AxisScale
    /// A fixed horizontal range, or `nil` to fit the data.
    public var xRange: ClosedRange<Double>?
    /// A fixed vertical range, or `nil` to fit the data.
    public var yRange: ClosedRange<Double>?
    /// The series, in legend and drawing order.
    public private(set) var series: [DataSeries] = []

    /// The default image size, in pixels.
    public static let defaultSize = (width: 960, height: 640)

    /// Creates an empty chart.
    public init(
        title: String, xLabel: String, yLabel: String, xScale: AxisScale = .linear,
        yScale: AxisScale = .linear
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
    }

    /// Appends a series; it is drawn above the earlier ones and listed after them in the legend.
    public mutating func add(series newSeries: DataSeries) {
        series.append(newSeries)
    }

    /// The chart as an SVG 1.1 document of `width` x `height` pixels.
    ///
    /// - Throws: ``PlottingError/invalidImageSize(width:height:minimum:)`` when the plot area would vanish,
    ///   ``PlottingError/invalidAxisRange(axis:lower:upper:scale:)`` for an unusable fixed range.
    /// - Complexity: O(total points + ticks).
    public func svg(width: Int = defaultSize.width, height: Int = defaultSize.height) throws(PlottingError) -> String {
        let layout = try ChartLayout(chart: self, width: width, height: height)
        return SVGRenderer.document(layout.commands, width: width, height: height, title: title)
    }

    /// The chart as a PNG file (8-bit RGB) of `width` x `height` pixels.
    ///
    /// - Throws: the errors of ``svg(width:height:)``, and ``PlottingError/encodingFailed(_:)``.
    /// - Complexity: O(width × height + total points × line length).
    public func png(width: Int = defaultSize.width, height: Int = defaultSize.height) throws(PlottingError) -> [UInt8] {
        let layout = try ChartLayout(chart: self, width: width, height: height)
        var image = RasterImage(width: width, height: height)
        image.draw(layout.commands)
        do {
            return try PNGEncoder().encode(image.pixels, width: width, height: height, colorType: .rgb)
        } catch {
            throw .encodingFailed(error.description)
        }
    }

    /// Writes ``svg(width:height:)`` to `path`, replacing any file there.
    public func writeSVG(
        toFileAt path: String, width: Int = defaultSize.width,
        height: Int = defaultSize.height
    ) throws(PlottingError) {
        try Self.write(Data(try svg(width: width, height: height).utf8), to: path)
    }

    /// Writes ``png(width:height:)`` to `path`, replacing any file there.
    public func writePNG(
        toFileAt path: String, width: Int = defaultSize.width,
        height: Int = defaultSize.height
    ) throws(PlottingError) {
        try Self.write(Data(try png(width: width, height: height)), to: path)
    }

    /// The horizontal and vertical axes as they will be drawn: ranges (fitted or fixed) and ticks.
    public func resolvedAxes() throws(PlottingError) -> (x: ResolvedAxis, y: ResolvedAxis) {
        (
            try ResolvedAxis(name: "x", scale: xScale, fixed: xRange, values: series.flatMap { $0.points.map(\.x) }),
            try ResolvedAxis(name: "y", scale: yScale, fixed: yRange, values: series.flatMap { $0.points.map(\.y) })
        )
    }

    private static func write(_ data: Data, to path: String) throws(PlottingError) {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }
}

/// An axis ready to draw: its range and ticks.
public struct ResolvedAxis: Sendable, Equatable {
    /// The values shown, end to end.
    public var range: AxisRange
    /// The tick marks, major and minor, in increasing order of value within each kind.
    public var ticks: [AxisTick]

    /// Fits an axis to `values` (ignoring those the scale cannot place), or checks and uses a fixed range.
    init(name: String, scale: AxisScale, fixed: ClosedRange<Double>?, values: [Double]) throws(PlottingError) {
        if let fixed {
            let valid =
                fixed.lowerBound.isFinite && fixed.upperBound.isFinite && fixed.lowerBound < fixed.upperBound
                && (scale == .linear || fixed.lowerBound > 0)
            guard valid else {
                throw .invalidAxisRange(axis: name, lower: fixed.lowerBound, upper: fixed.upperBound, scale: scale)
            }
            range = AxisRange(scale: scale, lower: fixed.lowerBound, upper: fixed.upperBound)
            ticks = scale == .linear ? AxisTicks.linearTicks(in: range) : AxisTicks.logTicks(in: range)
            return
        }
        let placeable = values.filter { scale.transformed($0) != nil }
        switch scale {
        case .linear:
            (range, ticks) = AxisTicks.linear(lower: placeable.min() ?? 0, upper: placeable.max() ?? 1)
        case .log10:
            (range, ticks) = AxisTicks.logarithmic(lower: placeable.min() ?? 1, upper: placeable.max() ?? 10)
        }
    }
}
