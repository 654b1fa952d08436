import Rendering

/// Places every element of a ``LineChart`` on a `width` x `height` pixel image and lists the primitives to draw.
///
/// Text is sized by a scale `s = max(1, min(width, height) / 320)`: glyph cells of `6 s` x `10 s` pixels. From top
/// to bottom: title, plot area, x tick labels, x label, legend (rows of entries aligned with the plot's left edge,
/// wrapping at the image's right margin). From
/// left to right: the rotated y label (wrapped onto more lines when longer than the plot is tall), y tick labels,
/// plot area.
struct ChartLayout {
    /// Each legend entry's row and horizontal offset, and the number of rows.
    typealias LegendPlacement = (slots: [(row: Int, x: Double)], rowCount: Int)

    /// The smallest plot area side, in pixels, below which the chart is not drawn.
    static let minimumPlotSide = 40.0

    let commands: [DrawingCommand]
    let plotArea: PixelRect
    let xAxis: ResolvedAxis
    let yAxis: ResolvedAxis

    static let background = RGBColor(red: 255, green: 255, blue: 255)
    static let ink = RGBColor(red: 30, green: 30, blue: 30)
    static let majorGrid = RGBColor(red: 220, green: 220, blue: 220)
    static let minorGrid = RGBColor(red: 240, green: 240, blue: 240)

    init(chart: LineChart, width: Int, height: Int) throws(PlottingError) {
        guard (1...16_384).contains(width), (1...16_384).contains(height) else {
            throw .invalidImageSize(width: width, height: height, minimum: 160)
        }
        (xAxis, yAxis) = try chart.resolvedAxes()
        let s = max(1, min(width, height) / 320)
        let unit = Double(s)
        let pad = 4 * unit, tickLength = 3 * unit, lineHeight = Double(BitmapFont.lineHeight) * unit
        let capHeight = Double(BitmapFont.capHeight) * unit
        let w = Double(width), h = Double(height)
        func textWidth(_ text: String) -> Double { Double(BitmapFont.width(of: text, scale: s)) }

        // The title, wrapped to the image width, and the axis metrics.
        let maxTitleCharacters = max(8, Int((w - 2 * pad) / (Double(BitmapFont.advance) * unit)))
        let titleLines = ChartLayout.wrap(chart.title, width: maxTitleCharacters)
        let majorX = xAxis.ticks.filter(\.isMajor), majorY = yAxis.ticks.filter(\.isMajor)
        let yTickWidth = majorY.map { textWidth($0.label) }.max() ?? 0
        let lastXLabelWidth = majorX.last.map { textWidth($0.label) } ?? 0
        let xTickLabelTop = tickLength + 2 * unit
        let xLabelTop = xTickLabelTop + lineHeight + unit
        let plotTop = (pad + Double(titleLines.count) * lineHeight + 2 * unit).rounded()
        let plotRight = (w - pad - max(lastXLabelWidth / 2, 2 * unit)).rounded()

        // The left margin holds the y label, rotated, on as many lines as it needs to fit the plot's height; the
        // plot's height depends on the legend, whose width depends on the left margin: lay out with one label
        // line, and again with more if the label does not fit.
        func horizontalLayout(yLabelLines: Int) -> (left: Double, legend: LegendPlacement, bottom: Double) {
            let left = (pad + Double(yLabelLines) * lineHeight + 2 * unit + yTickWidth + 2 * unit + tickLength)
                .rounded()
            let legend = ChartLayout.legendPlacement(
                chart.series.map(\.name), availableWidth: w - pad - left, swatch: 16 * unit, gap: 4 * unit,
                columnGap: 12 * unit, textWidth: textWidth)
            let legendHeight = Double(legend.rowCount) * lineHeight
            let legendGap = legend.rowCount > 0 ? 4 * unit : 0
            return (left, legend, (h - pad - legendHeight - legendGap - lineHeight - xLabelTop).rounded())
        }
        var yLabelLines = [chart.yLabel]
        var horizontal = horizontalLayout(yLabelLines: 1)
        for _ in 0..<2 where (yLabelLines.map(textWidth).max() ?? 0) > horizontal.bottom - plotTop {
            let fitting = max(8, Int((horizontal.bottom - plotTop) / (Double(BitmapFont.advance) * unit)))
            yLabelLines = ChartLayout.wrap(chart.yLabel, width: fitting)
            horizontal = horizontalLayout(yLabelLines: yLabelLines.count)
        }
        let (plotLeft, legend, plotBottom) = horizontal
        let legendHeight = Double(legend.rowCount) * lineHeight
        guard plotRight - plotLeft >= ChartLayout.minimumPlotSide, plotBottom - plotTop >= ChartLayout.minimumPlotSide
        else { throw .invalidImageSize(width: width, height: height, minimum: 160) }
        let plot = PixelRect(minX: plotLeft, minY: plotTop, maxX: plotRight, maxY: plotBottom)
        plotArea = plot

        // Data-to-pixel maps. Fractions are clamped so that enormous values still give finite coordinates.
        func clampFraction(_ f: Double) -> Double { min(max(f, -1e6), 1e6) }
        let xRange = xAxis.range, yRange = yAxis.range
        func pixelX(_ value: Double) -> Double? {
            xRange.fraction(of: value).map { plot.minX + clampFraction($0) * plot.width }
        }
        func pixelY(_ value: Double) -> Double? {
            yRange.fraction(of: value).map { plot.maxY - clampFraction($0) * plot.height }
        }
        func crisp(_ v: Double) -> Double { v.rounded(.down) + 0.5 }

        var commands: [DrawingCommand] = [.fill(PixelRect(minX: 0, minY: 0, maxX: w, maxY: h), ChartLayout.background)]

        // Grid lines, minor first so that major ones cover them.
        for minor in [true, false] {
            let color = minor ? ChartLayout.minorGrid : ChartLayout.majorGrid
            for tick in xAxis.ticks where tick.isMajor != minor {
                guard let x = pixelX(tick.value), x >= plot.minX - 0.5, x <= plot.maxX + 0.5 else { continue }
                commands.append(
                    .polyline(
                        [SIMD2(crisp(x), plot.minY), SIMD2(crisp(x), plot.maxY)], color,
                        width: 1, dashed: false))
            }
            for tick in yAxis.ticks where tick.isMajor != minor {
                guard let y = pixelY(tick.value), y >= plot.minY - 0.5, y <= plot.maxY + 0.5 else { continue }
                commands.append(
                    .polyline(
                        [SIMD2(plot.minX, crisp(y)), SIMD2(plot.maxX, crisp(y))], color,
                        width: 1, dashed: false))
            }
        }

        // Series: lines (broken at unplaceable points, clipped to the plot), then markers.
        let lineWidth = unit, markerSize = 2.5 * unit + 1
        for (index, series) in chart.series.enumerated() {
            let color = series.color ?? SeriesPalette.color(at: index)
            let mapped: [SIMD2<Double>?] = series.points.map { p in
                guard let x = pixelX(p.x), let y = pixelY(p.y) else { return nil }
                return SIMD2(x, y)
            }
            if series.lineStyle != .none {
                for run in ChartLayout.runs(of: mapped) {
                    for piece in SegmentClipping.clip(polyline: run, to: plot) where piece.count >= 2 {
                        commands.append(.polyline(piece, color, width: lineWidth, dashed: series.lineStyle == .dashed))
                    }
                }
            }
            if series.showsMarkers {
                for case let point? in mapped where plot.contains(point) {
                    commands.append(.marker(point, color, size: markerSize))
                }
            }
        }

        // Frame, ticks and tick labels.
        commands.append(
            .outline(
                PixelRect(
                    minX: plot.minX - 0.5, minY: plot.minY - 0.5, maxX: plot.maxX + 0.5,
                    maxY: plot.maxY + 0.5), ChartLayout.ink, width: 1))
        for tick in xAxis.ticks {
            guard let x = pixelX(tick.value), x >= plot.minX - 0.5, x <= plot.maxX + 0.5 else { continue }
            let length = tick.isMajor ? tickLength : tickLength / 2
            commands.append(
                .polyline(
                    [SIMD2(crisp(x), plot.maxY), SIMD2(crisp(x), plot.maxY + length)],
                    ChartLayout.ink, width: 1, dashed: false))
            if tick.isMajor {
                commands.append(
                    .text(
                        tick.label, origin: SIMD2(x, plot.maxY + xTickLabelTop), anchor: .middle,
                        scale: s, ChartLayout.ink, rotated: false, bold: false))
            }
        }
        for tick in yAxis.ticks {
            guard let y = pixelY(tick.value), y >= plot.minY - 0.5, y <= plot.maxY + 0.5 else { continue }
            let length = tick.isMajor ? tickLength : tickLength / 2
            commands.append(
                .polyline(
                    [SIMD2(plot.minX - length, crisp(y)), SIMD2(plot.minX, crisp(y))],
                    ChartLayout.ink, width: 1, dashed: false))
            if tick.isMajor {
                commands.append(
                    .text(
                        tick.label,
                        origin: SIMD2(
                            plot.minX - tickLength - 2 * unit,
                            (y - capHeight / 2).rounded()),
                        anchor: .end, scale: s, ChartLayout.ink, rotated: false, bold: false))
            }
        }

        // Axis labels and title.
        commands.append(
            .text(
                chart.xLabel, origin: SIMD2((plot.minX + plot.maxX) / 2, plot.maxY + xLabelTop),
                anchor: .middle, scale: s, ChartLayout.ink, rotated: false, bold: false))
        for (line, text) in yLabelLines.enumerated() {
            commands.append(
                .text(
                    text, origin: SIMD2(pad + Double(line) * lineHeight, (plot.minY + plot.maxY) / 2),
                    anchor: .middle, scale: s, ChartLayout.ink, rotated: true, bold: false))
        }
        for (line, text) in titleLines.enumerated() {
            commands.append(
                .text(
                    text, origin: SIMD2(w / 2, pad + Double(line) * lineHeight), anchor: .middle,
                    scale: s, ChartLayout.ink, rotated: false, bold: true))
        }

        // Legend below everything else.
        let legendTop = h - pad - legendHeight
        for (index, series) in chart.series.enumerated() {
            let color = series.color ?? SeriesPalette.color(at: index)
            let slot = legend.slots[index]
            let top = legendTop + Double(slot.row) * lineHeight
            let middleY = crisp(top + unit + capHeight / 2)
            let left = plot.minX + slot.x
            if series.lineStyle != .none {
                commands.append(
                    .polyline(
                        [SIMD2(left, middleY), SIMD2(left + 16 * unit, middleY)], color,
                        width: lineWidth, dashed: series.lineStyle == .dashed))
            }
            if series.showsMarkers {
                commands.append(.marker(SIMD2(left + 8 * unit, middleY), color, size: markerSize))
            }
            commands.append(
                .text(
                    series.name, origin: SIMD2(left + 20 * unit, top + unit), anchor: .start, scale: s,
                    ChartLayout.ink, rotated: false, bold: false))
        }
        self.commands = commands
    }

    /// The maximal runs of consecutive non-`nil` points.
    static func runs(of points: [SIMD2<Double>?]) -> [[SIMD2<Double>]] {
        var runs = [[SIMD2<Double>]](), current = [SIMD2<Double>]()
        for point in points {
            if let point {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Greedy word wrap of `text` into lines of at most `width` characters (longer words are cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = [String](), line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while word.count > width {
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Where each legend entry goes: a grid of equal columns as wide as the widest entry, as many as fit in
    /// `availableWidth` (at least one), filled row by row.
    static func legendPlacement(
        _ names: [String], availableWidth: Double, swatch: Double, gap: Double, columnGap: Double,
        textWidth: (String) -> Double
    ) -> LegendPlacement {
        guard !names.isEmpty else { return ([], 0) }
        let column = (names.map { swatch + gap + textWidth($0) }.max() ?? 0) + columnGap
        let columns = max(1, Int((availableWidth + columnGap) / column))
        let slots = names.indices.map { (row: $0 / columns, x: Double($0 % columns) * column) }
        return (slots, (names.count + columns - 1) / columns)
    }
}
