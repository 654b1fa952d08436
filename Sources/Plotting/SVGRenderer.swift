import Foundation
import Rendering

/// Writes laid-out drawing commands as an SVG 1.1 document.
enum SVGRenderer {
    /// The font stack of chart text: monospace faces whose advance is about 0.6 em, matching ``BitmapFont``.
    static let fontFamily = "DejaVu Sans Mono, Menlo, Consolas, monospace"

    static func document(_ commands: [DrawingCommand], width: Int, height: Int, title: String) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="\(fontFamily)">
            <title>\(escape(title))</title>

            """
        for command in commands {
            out += element(command) + "\n"
        }
        out += "</svg>\n"
        return out
    }

    static func element(_ command: DrawingCommand) -> String {
        switch command {
        case .fill(let rect, let color):
            return "<rect x=\"\(n(rect.minX))\" y=\"\(n(rect.minY))\" width=\"\(n(rect.width))\" "
                + "height=\"\(n(rect.height))\" fill=\"\(hex(color))\"/>"
        case .outline(let rect, let color, let width):
            return "<rect x=\"\(n(rect.minX))\" y=\"\(n(rect.minY))\" width=\"\(n(rect.width))\" "
                + "height=\"\(n(rect.height))\" fill=\"none\" stroke=\"\(hex(color))\" stroke-width=\"\(n(width))\"/>"
        case .polyline(let points, let color, let width, let dashed):
            let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
            let dash = dashed ? " stroke-dasharray=\"\(n(6 * width)) \(n(4 * width))\"" : ""
            return "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(hex(color))\" "
                + "stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"\(dash)/>"
        case .marker(let center, let color, let size):
            return "<rect x=\"\(n(center.x - size / 2))\" y=\"\(n(center.y - size / 2))\" width=\"\(n(size))\" "
                + "height=\"\(n(size))\" fill=\"\(hex(color))\"/>"
        case .text(let text, let origin, let anchor, let scale, let color, let rotated, let bold):
            let fontSize = BitmapFont.lineHeight * scale
            let ascent = Double(BitmapFont.capHeight * scale)
            let weight = bold ? " font-weight=\"bold\"" : ""
            if rotated {
                let x = origin.x + ascent, y = origin.y
                return "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(fontSize)\" text-anchor=\"\(anchor.rawValue)\" "
                    + "fill=\"\(hex(color))\"\(weight) transform=\"rotate(-90 \(n(x)) \(n(y)))\">\(escape(text))</text>"
            }
            return "<text x=\"\(n(origin.x))\" y=\"\(n(origin.y + ascent))\" font-size=\"\(fontSize)\" "
                + "text-anchor=\"\(anchor.rawValue)\" fill=\"\(hex(color))\"\(weight)>\(escape(text))</text>"
        }
    }

    /// A coordinate with at most two decimals and no trailing zeros.
    static func n(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    static func hex(_ color: RGBColor) -> String {
        String(format: "#%02x%02x%02x", color.red, color.green, color.blue)
    }

    /// Escapes the five XML special characters.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
