import Rendering

/// One named curve of a ``LineChart``: points joined in order, optionally marked.
///
/// Points whose coordinates the chart's scales cannot place (NaN, infinities, and values `<= 0` on a log axis)
/// break the line: the curve resumes at the next placeable point.
public struct DataSeries: Sendable, Equatable {
    /// How the points are joined.
    public enum LineStyle: String, Sendable, Codable {
        /// A continuous line.
        case solid
        /// A dashed line (for fits and references).
        case dashed
        /// No line: markers only.
        case none
    }

    /// The text in the legend.
    public var name: String
    /// The `(x, y)` data points, in drawing order.
    public var points: [SIMD2<Double>]
    /// The colour; `nil` takes the next colour of ``SeriesPalette`` by the series' position in the chart.
    public var color: RGBColor?
    /// How points are joined.
    public var lineStyle: LineStyle
    /// Whether each point gets a small filled square.
    public var showsMarkers: Bool

    /// Creates a series from `(x, y)` points.
    public init(
        name: String, points: [SIMD2<Double>], color: RGBColor? = nil, lineStyle: LineStyle = .solid,
        showsMarkers: Bool = false
    ) {
        self.name = name
        self.points = points
        self.color = color
        self.lineStyle = lineStyle
        self.showsMarkers = showsMarkers
    }

    /// Creates a series from separate `x` and `y` arrays of equal length.
    public init(
        name: String, x: [Double], y: [Double], color: RGBColor? = nil, lineStyle: LineStyle = .solid,
        showsMarkers: Bool = false
    ) {
        precondition(x.count == y.count, "DataSeries '\(name)': x has \(x.count) values but y has \(y.count)")
        self.init(
            name: name, points: zip(x, y).map { SIMD2($0, $1) }, color: color, lineStyle: lineStyle,
            showsMarkers: showsMarkers)
    }
}
