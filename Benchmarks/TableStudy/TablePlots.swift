import Foundation
import Models
import Plotting
import Systems
import Training

/// The table's figures: learning curves, MSE against rollout step, and (in ``TableStrips``) true against
/// predicted frames.
public enum TablePlots {
    /// Training pixel MSE against step for every row of one system, each curve a moving average over 25 steps
    /// (log scale), beside the test mean-frame level.
    public static func learningCurves(
        system: SystemKind, records: [(row: String, record: TrainingRecord)],
        meanFrame: Double?
    ) -> LineChart {
        var chart = LineChart(
            title: "\(system.rawValue): training pixel MSE (moving average over 25 steps)",
            xLabel: "step", yLabel: "pixel MSE", yScale: .log10)
        for (row, record) in records {
            let values = record.learningCurve.map(\.pixelMeanSquaredError)
            let smoothed = movingAverage(values, window: 25)
            let steps = record.learningCurve.map { Double($0.step) }
            let stride = max(1, steps.count / 400)
            let indices = Array(Swift.stride(from: 0, to: steps.count, by: stride))
            chart.add(series: DataSeries(name: row, x: indices.map { steps[$0] }, y: indices.map { smoothed[$0] }))
        }
        if let meanFrame, let last = records.map({ Double($0.record.learningCurve.count) }).max(), last > 0 {
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

    /// The trailing moving average of `values` over `window` points (shorter at the start).
    public static func movingAverage(_ values: [Double], window: Int) -> [Double] {
        var result: [Double] = [], sum = 0.0
        for (index, value) in values.enumerated() {
            sum += value
            if index >= window { sum -= values[index - window] }
            result.append(sum / Double(min(index + 1, window)))
        }
        return result
    }
}
