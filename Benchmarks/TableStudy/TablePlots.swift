import Foundation
import Models
import Plotting
import Systems
import Training

/// The table's figures: learning curves, MSE against rollout step, and (in ``TableStrips``) true against
/// predicted frames.
public enum TablePlots {
    /// Training pixel MSE against step for every row of one system, each curve the means over blocks of steps a cell
    /// keeps (``TableArtifacts/curveBlocks(_:maximumRows:)``; log scale), beside the test mean-frame level.
    public static func learningCurves(
        system: SystemKind, curves: [(row: String, points: [(step: Double, pixelMSE: Double)])],
        meanFrame: Double?
    ) -> LineChart {
        var chart = LineChart(
            title: "\(system.rawValue): training pixel MSE (means over blocks of steps)",
            xLabel: "step", yLabel: "pixel MSE", yScale: .log10)
        for (row, points) in curves where !points.isEmpty {
            chart.add(series: DataSeries(name: row, x: points.map(\.step), y: points.map(\.pixelMSE)))
        }
        if let meanFrame, let last = curves.compactMap({ $0.points.last?.step }).max(), last > 0 {
            chart.add(
                series: DataSeries(
                    name: "mean-frame (test rollouts)", x: [0, last], y: [meanFrame, meanFrame],
                    lineStyle: .dashed))
        }
        return chart
    }

    /// Pixel MSE against rollout step (0 = the anchor) for every model row (mean over seeds), both baselines and the
    /// floor rows.
    public static func errorByStep(
        system: SystemKind, results: TableResults, evaluation: Evaluation,
        title: String
    ) -> LineChart {
        var chart = LineChart(
            title: "\(system.rawValue): \(title)", xLabel: "rollout step (frames after the anchor)",
            yLabel: "pixel MSE", yScale: .log10)
        for row in results.allRows {
            let curves = results.scores(row, system, evaluation).map(\.scores.perStep)
            guard let steps = curves.first?.count, steps > 0 else { continue }
            let mean = (0..<steps).map { step in curves.map { $0[step] }.reduce(0, +) / Double(curves.count) }
            chart.add(
                series: DataSeries(
                    name: row, x: mean.indices.map(Double.init), y: mean,
                    lineStyle: results.isModel(row) ? .solid : .dashed))
        }
        return chart
    }

    /// Pixel MSE against rollout step of single runs (`hgnbench train`), beside the baselines of the first.
    public static func errorByStep(
        system: SystemKind, comparisons: [(name: String, comparison: RolloutComparison)],
        title: String
    ) -> LineChart {
        var chart = LineChart(
            title: "\(system.rawValue): \(title)", xLabel: "rollout step (frames after the anchor)",
            yLabel: "pixel MSE", yScale: .log10)
        func add(_ name: String, _ values: [Double], style: DataSeries.LineStyle = .solid) {
            chart.add(series: DataSeries(name: name, x: values.indices.map(Double.init), y: values, lineStyle: style))
        }
        for (name, comparison) in comparisons { add(name, comparison.model.perStep) }
        if let first = comparisons.first?.comparison {
            add("mean-frame", first.meanFrame.perStep, style: .dashed)
            add("last-frame", first.lastFrame.perStep, style: .dashed)
        }
        return chart
    }
}
