import Rendering

/// Eight clearly distinguishable colours for chart series, used in order and then repeated.
public enum SeriesPalette {
    /// Blue, orange, green, red, purple, brown, pink, grey.
    public static let colors: [RGBColor] = [
        RGBColor(red: 31, green: 119, blue: 180),
        RGBColor(red: 255, green: 127, blue: 14),
        RGBColor(red: 44, green: 160, blue: 44),
        RGBColor(red: 214, green: 39, blue: 40),
        RGBColor(red: 148, green: 103, blue: 189),
        RGBColor(red: 140, green: 86, blue: 75),
        RGBColor(red: 227, green: 119, blue: 194),
        RGBColor(red: 127, green: 127, blue: 127),
    ]

    /// The colour of the series at `index` (0-based), cycling through ``colors``.
    public static func color(at index: Int) -> RGBColor {
        colors[((index % colors.count) + colors.count) % colors.count]
    }
}
