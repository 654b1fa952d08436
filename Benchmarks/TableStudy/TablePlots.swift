import Training
import Systems
import Foundation
import Models
import Plotting

/// The table's figures: learning curves, MSE against rollout step, and (in ``TableStrips``) true against
/// predicted frames.
public enum TablePlots {
    /// Training pixel MSE against step for every row of one system, each curve a moving average over 25 steps
    /// (log scale), beside the test mean-frame level.
    public static func learningCurves(system: SystemKind, records: [(row: String, record: TrainingRecord)],
                               meanFrame: Double?) -> LineChart {
        var chart = LineChart(title: "\(system.rawValue): training pixel MSE (moving average over 25 steps)",
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
            chart.add(series: DataSeries(name: "mean-frame (test rollouts)", x: [0, last], y: [meanFrame, meanFrame],
                                         lineStyle: .dashed))
        }
        return chart
    }

    /// Test pixel MSE against rollout step (0 = the anchor) for every row and both baselines.
    public static func errorByStep(system: SystemKind, results: [CellResult], split: KeyPath<CellResult, RolloutComparison>,
                            title: String) -> LineChart {
        var chart = LineChart(title: "\(system.rawValue): \(title)", xLabel: "rollout step (frames after the anchor)",
                              yLabel: "pixel MSE", yScale: .log10)
        func add(_ name: String, _ values: [Double], style: DataSeries.LineStyle = .solid) {
            chart.add(series: DataSeries(name: name, x: values.indices.map(Double.init), y: values, lineStyle: style))
        }
        for result in results { add(result.row, result[keyPath: split].model.perStep) }
        if let first = results.first {
            add("mean-frame", first[keyPath: split].meanFrame.perStep, style: .dashed)
            add("last-frame", first[keyPath: split].lastFrame.perStep, style: .dashed)
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
