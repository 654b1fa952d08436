import Foundation
import Rendering
import Testing
import TestingSupport

@testable import Plotting

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The value of an attribute. (FoundationXML's `attribute(forName:)` misses attributes of elements in a default
/// namespace, as every SVG element is, so this looks through `attributes`.)
func attribute(_ name: String, of element: XMLElement) -> String? {
    element.attributes?.first { $0.name == name }?.stringValue
}

/// The SVG and PNG outputs: well-formed, complete, and drawing what the data say where the axes say.
@Suite struct ChartOutputTests {
    static func sampleChart() -> LineChart {
        var chart = LineChart(
            title: "Energy error vs time <& \"quotes\">", xLabel: "time (periods)",
            yLabel: "relative energy error", yScale: .log10)
        let t = (0...50).map { Double($0) }
        chart.add(series: DataSeries(name: "euler", x: t, y: t.map { 1e-3 * exp($0 / 10) }))
        chart.add(series: DataSeries(name: "leapfrog", x: t, y: t.map { _ in 2e-5 }, lineStyle: .dashed))
        chart.add(
            series: DataSeries(
                name: "with gaps", x: t, y: t.map { $0.truncatingRemainder(dividingBy: 7) == 0 ? 0 : 1e-4 },
                showsMarkers: true))
        return chart
    }

    @Test func svgParsesAsXMLWithOnePolylinePerUnbrokenRun() throws {
        let chart = Self.sampleChart()
        let svg = try chart.svg()
        let document = try XMLDocument(xmlString: svg)
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(attribute("width", of: root) == "960")
        let texts = try root.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains("Energy error vs time <& \"quotes\">"), "the title survives escaping")
        #expect(texts.contains("time (periods)") && texts.contains("relative energy error"))
        #expect(texts.contains("euler") && texts.contains("leapfrog") && texts.contains("with gaps"))
        let polylines = try root.nodes(forXPath: "//*[local-name()='polyline']").compactMap { $0 as? XMLElement }
        let colored = { (hex: String) in polylines.filter { attribute("stroke", of: $0) == hex } }
        // The zeros at t = 0, 7, 14, …, 49 cannot be drawn on a log axis, so the third series breaks into runs
        // 1…6, 8…13, …, 43…48 (7 runs) and the single point at 50, plus its legend swatch.
        #expect(colored(SVGRenderer.hex(SeriesPalette.color(at: 2))).count == 7 + 1)
        #expect(
            colored(SVGRenderer.hex(SeriesPalette.color(at: 1))).allSatisfy {
                attribute("stroke-dasharray", of: $0) != nil
            })
        let markers = try root.nodes(forXPath: "//*[local-name()='rect']").count
        #expect(markers >= 43 + 1 + 2, "one marker per drawable point of the third series, plus background and frame")
    }

    @Test func pngDecodesToTheRequestedSizeAndShowsEachSeriesColour() throws {
        let png = try Self.sampleChart().png(width: 800, height: 500)
        let decoded = try DecodedPNG(png)
        #expect(decoded.width == 800 && decoded.height == 500 && decoded.colorType == 2)
        var seen = Set<[UInt8]>()
        for i in stride(from: 0, to: decoded.pixels.count, by: 3) { seen.insert(Array(decoded.pixels[i..<(i + 3)])) }
        for index in 0..<3 {
            let c = SeriesPalette.color(at: index)
            #expect(seen.contains([c.red, c.green, c.blue]), "series \(index) is drawn")
        }
        #expect(seen.contains([255, 255, 255]))
    }

    /// A horizontal line at y = 0.25 on a [0, 1] axis lands a quarter of the way up the plot area, in both outputs.
    @Test func dataLandWhereTheAxesSay() throws {
        var chart = LineChart(title: "", xLabel: "x", yLabel: "y")
        chart.xRange = 0...1
        chart.yRange = 0...1
        let red = RGBColor(red: 200, green: 0, blue: 0)
        chart.add(series: DataSeries(name: "quarter", x: [0, 1], y: [0.25, 0.25], color: red))
        let layout = try ChartLayout(chart: chart, width: 640, height: 480)
        let plot = layout.plotArea
        var image = RasterImage(width: 640, height: 480)
        image.draw(layout.commands)
        let expectedRow = plot.maxY - 0.25 * plot.height
        let column = Int((plot.minX + plot.maxX) / 2)
        let rows = (0..<480).filter { image.color(column: column, row: $0) == red }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { abs(Double($0) + 0.5 - expectedRow) <= 1.5 }, "rows \(rows) vs \(expectedRow)")

        let svg = try chart.svg(width: 640, height: 480)
        let line = try #require(
            svg.split(separator: "\n").first { $0.contains("stroke=\"#c80000\"") && $0.contains("polyline") })
        #expect(line.contains(",\(SVGRenderer.n(expectedRow)) "), "the SVG line sits at y = \(expectedRow): \(line)")
    }

    @Test func linesAreClippedToThePlotArea() throws {
        var chart = LineChart(title: "clip", xLabel: "x", yLabel: "y")
        chart.xRange = 0...1
        chart.yRange = 0...1
        chart.add(series: DataSeries(name: "steep", x: [0, 0.5, 1], y: [0, 1e300, 0.5]))
        let layout = try ChartLayout(chart: chart, width: 640, height: 480)
        for case .polyline(let points, let color, _, _) in layout.commands where color == SeriesPalette.color(at: 0) {
            guard points.count > 2 || points.allSatisfy({ $0.y < 400 }) else { continue }  // skip legend swatch
            for point in points {
                #expect(point.x.isFinite && point.y.isFinite)
                #expect(layout.plotArea.contains(point) || point.y > layout.plotArea.maxY, "\(point)")
            }
        }
        #expect(SegmentClipping.clip(SIMD2(-1, -1), SIMD2(-2, 5), to: layout.plotArea) == nil)
    }

    /// A y label longer than the plot is tall is wrapped onto several rotated lines, each fitting the plot height.
    @Test func longYLabelsWrapToFitThePlotHeight() throws {
        var chart = LineChart(
            title: "t", xLabel: "x",
            yLabel: "a very long vertical axis label that cannot possibly fit beside a small plot")
        chart.add(series: DataSeries(name: "s", x: [0, 1], y: [0, 1]))
        let layout = try ChartLayout(chart: chart, width: 400, height: 320)
        let rotated = layout.commands.compactMap { command -> (String, Int)? in
            if case .text(let text, _, _, let scale, _, true, _) = command { return (text, scale) }
            return nil
        }
        #expect(rotated.count >= 2)
        #expect(rotated.map(\.0).joined(separator: " ") == chart.yLabel)
        for (text, scale) in rotated {
            #expect(Double(BitmapFont.width(of: text, scale: scale)) <= layout.plotArea.height)
        }
    }

    @Test func tooSmallImagesAreRejectedWithAnExplanation() {
        #expect(throws: PlottingError.self) { try Self.sampleChart().png(width: 60, height: 40) }
        let error = PlottingError.invalidImageSize(width: 60, height: 40, minimum: 160)
        #expect(error.description.contains("at least 160"))
    }

    @Test func titlesWrapAndLegendsFlowIntoRows() {
        #expect(ChartLayout.wrap("a bb ccc dddd", width: 6) == ["a bb", "ccc", "dddd"])
        #expect(ChartLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        // Entries are 42, 42 and 62 wide: columns of 62 + 5; two fit in 150.
        let placement = ChartLayout.legendPlacement(
            ["one", "two", "three"], availableWidth: 150, swatch: 10, gap: 2, columnGap: 5,
            textWidth: { Double($0.count * 10) })
        #expect(placement.slots.map(\.row) == [0, 0, 1] && placement.rowCount == 2)
        #expect(placement.slots.map(\.x) == [0, 67, 0])
        let narrow = ChartLayout.legendPlacement(
            ["a", "b"], availableWidth: 1, swatch: 10, gap: 2, columnGap: 5,
            textWidth: { _ in 10 })
        #expect(narrow.slots.map(\.row) == [0, 1], "at least one column")
    }

    /// Writes the sample chart to a temporary directory, for looking at it (`PLOTTING_SAMPLE_DIR=/tmp/x`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PLOTTING_SAMPLE_DIR"] != nil))
    func writeSample() throws {
        let directory = try #require(ProcessInfo.processInfo.environment["PLOTTING_SAMPLE_DIR"])
        var chart = Self.sampleChart()
        try chart.writePNG(toFileAt: directory + "/sample.png")
        try chart.writeSVG(toFileAt: directory + "/sample.svg")
        chart = LineChart(
            title: "Global error at t = 1 period vs step size (pendulum, libration, q0 = 1.5 rad)",
            xLabel: "step size dt (time units)", yLabel: "relative global error", xScale: .log10,
            yScale: .log10)
        let dt = (4...11).map { pow(2, -Double($0)) }
        for (i, order) in [1.0, 2, 4].enumerated() {
            chart.add(
                series: DataSeries(
                    name: "order \(Int(order)) (slope \(order))", x: dt,
                    y: dt.map { pow($0, order) * 3 }, showsMarkers: true))
            _ = i
        }
        try chart.writePNG(toFileAt: directory + "/loglog.png")
    }
}
