import Rendering

/// A rectangle in continuous pixel coordinates (x right, y down).
struct PixelRect: Equatable, Sendable {
    var minX: Double, minY: Double, maxX: Double, maxY: Double

    var width: Double { maxX - minX }
    var height: Double { maxY - minY }

    func contains(_ p: SIMD2<Double>) -> Bool {
        p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
    }
}

/// Where a text's anchor point sits along the text.
enum TextAnchor: String, Sendable {
    case start, middle, end
}

/// One primitive of a laid-out chart. ``ChartLayout`` produces a list of these once; ``SVGRenderer`` and
/// ``RasterImage`` draw the same list, so the SVG and the PNG of a chart agree.
enum DrawingCommand: Equatable, Sendable {
    /// A filled rectangle.
    case fill(PixelRect, RGBColor)
    /// A rectangle outline of `width` pixels, centred on the rectangle's edges.
    case outline(PixelRect, RGBColor, width: Double)
    /// Connected line segments (already clipped to the plot area), solid or dashed.
    case polyline([SIMD2<Double>], RGBColor, width: Double, dashed: Bool)
    /// A filled square marker of side `size` centred on a point.
    case marker(SIMD2<Double>, RGBColor, size: Double)
    /// A line of text. `origin` is the anchor point at the top of the capital letters (for rotated text, reading
    /// upward, at the left edge of the capitals and at the `anchor` point along the text).
    case text(String, origin: SIMD2<Double>, anchor: TextAnchor, scale: Int, RGBColor, rotated: Bool, bold: Bool)
}
