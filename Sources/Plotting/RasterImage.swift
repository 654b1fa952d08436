import Rendering

/// An 8-bit RGB pixel buffer (rows top to bottom, HWC) that draws ``DrawingCommand``s without anti-aliasing.
///
/// Pixel `(column, row)` covers the unit square `[column, column + 1) x [row, row + 1)` of continuous coordinates,
/// so a 1-pixel line at `x = 10.5` fills column 10 exactly.
struct RasterImage {
    let width: Int
    let height: Int
    private(set) var pixels: [UInt8]

    /// A white image.
    init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "RasterImage needs a positive size")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 255, count: width * height * 3)
    }

    /// The colour of one pixel.
    func color(column: Int, row: Int) -> RGBColor {
        let i = (row * width + column) * 3
        return RGBColor(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
    }

    mutating func draw(_ commands: [DrawingCommand]) {
        for command in commands {
            switch command {
            case .fill(let rect, let color):
                fill(
                    columns: Int(rect.minX.rounded())..<Int(rect.maxX.rounded()),
                    rows: Int(rect.minY.rounded())..<Int(rect.maxY.rounded()), color)
            case .outline(let rect, let color, let width):
                let corners = [
                    SIMD2(rect.minX, rect.minY), SIMD2(rect.maxX, rect.minY), SIMD2(rect.maxX, rect.maxY),
                    SIMD2(rect.minX, rect.maxY), SIMD2(rect.minX, rect.minY),
                ]
                drawPolyline(corners, color, width: width, dashed: false)
            case .polyline(let points, let color, let width, let dashed):
                drawPolyline(points, color, width: width, dashed: dashed)
            case .marker(let center, let color, let size):
                square(center: center, side: max(1, Int(size.rounded())), color)
            case .text(let text, let origin, let anchor, let scale, let color, let rotated, let bold):
                drawText(text, origin: origin, anchor: anchor, scale: scale, color, rotated: rotated)
                if bold {
                    let shift = rotated ? SIMD2(0.0, -1.0) : SIMD2(1.0, 0.0)
                    drawText(text, origin: origin + shift, anchor: anchor, scale: scale, color, rotated: rotated)
                }
            }
        }
    }

    /// Sets every pixel of the given ranges (clipped to the image).
    mutating func fill(columns: Range<Int>, rows: Range<Int>, _ color: RGBColor) {
        let c0 = max(columns.lowerBound, 0), c1 = min(columns.upperBound, width)
        let r0 = max(rows.lowerBound, 0), r1 = min(rows.upperBound, height)
        guard c0 < c1, r0 < r1 else { return }
        for row in r0..<r1 {
            for column in c0..<c1 {
                let i = (row * width + column) * 3
                pixels[i] = color.red
                pixels[i + 1] = color.green
                pixels[i + 2] = color.blue
            }
        }
    }

    /// A filled square of `side` pixels centred on a continuous point.
    mutating func square(center: SIMD2<Double>, side: Int, _ color: RGBColor) {
        let half = Double(side) / 2
        let column = Int((center.x - half).rounded()), row = Int((center.y - half).rounded())
        fill(columns: column..<(column + side), rows: row..<(row + side), color)
    }

    /// Draws connected segments with a square brush of `width` pixels; dashes (6 on, 4 off, in units of the line
    /// width) continue across vertices.
    mutating func drawPolyline(_ points: [SIMD2<Double>], _ color: RGBColor, width: Double, dashed: Bool) {
        let brush = max(1, Int(width.rounded()))
        let on = 6 * Double(brush), period = 10 * Double(brush)
        var travelled = 0.0
        for (a, b) in zip(points, points.dropFirst()) {
            let d = b - a
            let length = (d * d).sum().squareRoot()
            let count = max(1, Int(max(abs(d.x), abs(d.y)).rounded(.up)))
            for i in 0...count {
                let t = Double(i) / Double(count)
                if dashed && (travelled + t * length).truncatingRemainder(dividingBy: period) >= on { continue }
                square(center: a + t * d, side: brush, color)
            }
            travelled += length
        }
    }

    /// Draws `text` with ``BitmapFont``: `origin` is the anchor point at the top of the capitals; rotated text
    /// reads upward with `origin.x` at the left edge of the capitals.
    mutating func drawText(
        _ text: String, origin: SIMD2<Double>, anchor: TextAnchor, scale: Int, _ color: RGBColor, rotated: Bool
    ) {
        let length = Double(BitmapFont.width(of: text, scale: scale))
        let offset: Double
        switch anchor {
        case .start: offset = 0
        case .middle: offset = length / 2
        case .end: offset = length
        }
        for (index, character) in text.unicodeScalars.enumerated() {
            let rows = BitmapFont.rows(for: character)
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth
                where rows[row] & (UInt8(1) << UInt8(BitmapFont.glyphWidth - 1 - column)) != 0 {
                    let along = Double((index * BitmapFont.advance + column) * scale)
                    let across = Double(row * scale)
                    let x: Int, y: Int
                    if rotated {
                        x = Int((origin.x + across).rounded())
                        y = Int((origin.y + offset - along).rounded()) - scale
                    } else {
                        x = Int((origin.x - offset + along).rounded())
                        y = Int((origin.y + across).rounded())
                    }
                    fill(columns: x..<(x + scale), rows: y..<(y + scale), color)
                }
            }
        }
    }
}
