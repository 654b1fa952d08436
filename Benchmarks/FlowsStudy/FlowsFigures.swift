import Foundation
import Rendering
import Training

/// Heat maps of densities, sample histograms and learned potentials, as RGB tiles in a contact sheet (PNG).
public enum FlowsFigures {
    /// Magnification of each grid cell.
    public static let scale = 3

    /// true density | training points | nhf samples | nhf density | ehf samples | ehf density.
    public static func writeDensities(_ picture: TargetPicture, to path: String) throws {
        let size = FlowsStudy.gridSize
        var tiles = [
            densityTile(picture.trueLogDensityGrid),
            histogramTile(picture.trainingPoints, box: picture.box, size: size),
        ]
        for flow in picture.flows {
            tiles.append(histogramTile(flow.samples, box: picture.box, size: size))
            tiles.append(densityTile(flow.logDensityGrid))
        }
        try write(tiles: [tiles], size: size, to: path)
    }

    /// One row per flow: U_1 … U_T, each scaled to its own range.
    public static func writePotentials(_ picture: TargetPicture, to path: String) throws {
        guard !picture.flows.isEmpty else { return }
        let rows = picture.flows.map { flow in flow.potentials.map(potentialTile) }
        try write(tiles: rows, size: FlowsStudy.gridSize, to: path)
    }

    private static func write(tiles: [[[UInt8]]], size: Int, to path: String) throws {
        let columns = tiles.map(\.count).max() ?? 1
        var sheet = try ContactSheet(
            rows: tiles.count, columns: max(1, columns), tileWidth: size, tileHeight: size, scale: scale,
            separatorWidth: 2)
        for (r, row) in tiles.enumerated() {
            for (c, tile) in row.enumerated() { try sheet.place(tile, row: r, column: c) }
        }
        try sheet.writePNG(toFileAt: path)
    }

    /// A density from its log on the grid: exp(log p − top), coloured, with `top` the 99.5th percentile of the
    /// grid's values (so a few over-estimates of a Monte Carlo density do not darken the rest; above it saturates).
    public static func densityTile(_ logDensity: [Double]) -> [UInt8] {
        let finite = logDensity.filter(\.isFinite).sorted()
        let top = finite.isEmpty ? 0 : finite[min(finite.count - 1, Int(0.995 * Double(finite.count)))]
        return colour(logDensity.map { $0.isFinite ? Foundation.exp($0 - top) : 0 })
    }

    /// A 2-D histogram of points on the grid, scaled to its fullest cell.
    public static func histogramTile(_ points: [Double], box: FigureBox, size: Int) -> [UInt8] {
        var counts = [Double](repeating: 0, count: size * size)
        let w1 = box.q1.upperBound - box.q1.lowerBound, w2 = box.q2.upperBound - box.q2.lowerBound
        for i in 0..<(points.count / 2) {
            let column = Int(((points[2 * i] - box.q1.lowerBound) / w1 * Double(size)).rounded(.down))
            let row = Int(((box.q2.upperBound - points[2 * i + 1]) / w2 * Double(size)).rounded(.down))
            guard (0..<size).contains(column), (0..<size).contains(row) else { continue }
            counts[row * size + column] += 1
        }
        let top = counts.max() ?? 1
        return colour(counts.map { top > 0 ? $0 / top : 0 })
    }

    /// A potential scaled to [0, 1] over its own range.
    public static func potentialTile(_ values: [Double]) -> [UInt8] {
        let low = values.min() ?? 0, high = values.max() ?? 1
        return colour(values.map { high > low ? ($0 - low) / (high - low) : 0 })
    }

    /// Values in [0, 1] through a dark-blue → teal → yellow colour map (perceptually ordered, like viridis).
    public static func colour(_ values: [Double]) -> [UInt8] {
        let anchors: [(Double, Double, Double)] = [
            (0.267, 0.005, 0.329), (0.231, 0.322, 0.545), (0.129, 0.569, 0.549), (0.369, 0.788, 0.384),
            (0.993, 0.906, 0.144),
        ]
        var pixels: [UInt8] = []
        pixels.reserveCapacity(3 * values.count)
        for value in values {
            let t = min(max(value.isFinite ? value : 0, 0), 1) * Double(anchors.count - 1)
            let k = min(Int(t), anchors.count - 2)
            let f = t - Double(k)
            let a = anchors[k], b = anchors[k + 1]
            for (x, y) in [(a.0, b.0), (a.1, b.1), (a.2, b.2)] {
                pixels.append(UInt8((255 * (x + f * (y - x))).rounded()))
            }
        }
        return pixels
    }
}
