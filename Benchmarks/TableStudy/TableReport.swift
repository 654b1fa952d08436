import Training
import Systems
import Foundation
import Models

/// Table 1 and its companions as Markdown and CSV, from the cells' results.
public struct TableReport {
    public let profile: TableProfile
    public let systems: [SystemKind]
    /// Results by system, in row order.
    public let results: [SystemKind: [CellResult]]
    public let command: String
    public let datasets: [SystemKind: String]

    /// The paper's Table 1 (Toth et al. 2020), pixel MSE x 1e4 as mean and standard deviation, train then test.
    public static let paper: [String: [SystemKind: (train: (Double, Double), test: (Double, Double))]] = [
        "hgn-leapfrog": [.massSpring: ((3.84, 1.07), (6.23, 2.03)), .pendulum: ((4.9, 1.86), (11.72, 4.14)),
                         .twoBody: ((6.36, 3.29), (16.47, 7.15)), .threeBody: ((7.88, 3.55), (9.8, 3.72))],
        "hgn-euler": [.massSpring: ((3.67, 1.09), (6.2, 2.69)), .pendulum: ((5.43, 2.53), (10.93, 4.32)),
                      .twoBody: ((6.62, 3.93), (15.06, 7.01)), .threeBody: ((7.51, 3.49), (9.4, 3.92))],
        "hgn-deterministic": [.massSpring: ((0.23, 0.23), (3.07, 1.06)), .pendulum: ((0.79, 1.24), (10.68, 3.19)),
                              .twoBody: ((2.34, 2.3), (14.47, 5.24)), .threeBody: ((4.1, 2.05), (5.17, 1.96))],
    ]

    /// Row names in order: the models, then the baselines.
    public var rowNames: [String] {
        var names: [String] = []
        for system in systems { for result in results[system] ?? [] where !names.contains(result.row) { names.append(result.row) } }
        return names + ["mean-frame", "last-frame"]
    }

    /// The scores of `row` on `system` in `comparison` (a baseline row reads the baselines of any cell).
    public func scores(_ row: String, _ system: SystemKind, _ comparison: KeyPath<CellResult, RolloutComparison>)
        -> RolloutScores?
    {
        let cells = results[system] ?? []
        switch row {
        case "mean-frame": return cells.first?[keyPath: comparison].meanFrame
        case "last-frame": return cells.first?[keyPath: comparison].lastFrame
        default: return cells.first { $0.row == row }?[keyPath: comparison].model
        }
    }

    /// `table1.csv`: one row per model, columns `<system>-train` and `<system>-test`, pixel MSE in units of 1e-4.
    public func csv() -> String {
        var lines = ["model," + systems.flatMap { ["\($0.rawValue)-train", "\($0.rawValue)-test"] }.joined(separator: ",")]
        for row in rowNames {
            let values = systems.flatMap { system in
                [\CellResult.train, \CellResult.test].map { path in
                    scores(row, system, path).map { String(format: "%.3f", $0.meanSquaredError * 1e4) } ?? ""
                }
            }
            lines.append(([row] + values).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `energy-drift.csv`: the learned Hamiltonian's drift along test rollouts, per model and system.
    public func energyDriftCSV() -> String {
        var lines = ["model,system,integrator_steps,mean_relative_to_spread,final_relative_to_spread,start_spread,"
                     + "mean_relative_to_abs_h0,final_relative_to_abs_h0,max_relative_to_abs_h0"]
        for system in systems {
            for result in results[system] ?? [] {
                guard let drift = result.test.model.energyDrift else { continue }
                lines.append(String(format: "%@,%@,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", result.row, system.rawValue,
                                    result.test.steps, drift.meanRelativeToSpread, drift.finalRelativeToSpread,
                                    drift.startSpread, drift.meanRelative, drift.finalRelative, drift.maximumRelative))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `table1.md`: Table 1 beside the paper, ratios to the mean frame, valid prediction times, backward and long
    /// rollouts, energy drift, and what each number was measured on.
    public func markdown() -> String {
        var text = "# HGN Table 1 at profile `\(profile.rawValue)`\n\n"
        text += "Command: `\(command)`\n\n"
        text += setup()
        text += "\n## Pixel MSE of rollouts (x 1e-4, mean ± std over sequences)\n\n"
        text += "Average over the anchor frame (the last input frame) and every predicted frame, as in the paper's "
        text += "30-frame rollouts. `mean-frame` predicts the mean training frame at every step, `last-frame` holds the "
        text += "anchor still: both on exactly the same sequences and frames.\n\n"
        text += table(header: systems.flatMap { ["\($0.rawValue)-train", "\($0.rawValue)-test"] }) { row in
            systems.flatMap { system in
                [\CellResult.train, \CellResult.test].map { path in
                    scores(row, system, path).map { String(format: "%.2f ± %.2f", $0.meanSquaredError * 1e4,
                                                          $0.standardDeviation * 1e4) } ?? "–"
                }
            }
        }
        text += "\n### The paper's Table 1 (Toth et al. 2020; x 1e-4, its own datasets and 30-frame rollouts)\n\n"
        text += table(header: systems.flatMap { ["\($0.rawValue)-train", "\($0.rawValue)-test"] },
                      rows: ["hgn-leapfrog", "hgn-euler", "hgn-deterministic"]) { row in
            systems.flatMap { system -> [String] in
                guard let numbers = Self.paper[row]?[system] else { return ["–", "–"] }
                return [numbers.train, numbers.test].map { String(format: "%.2f ± %.2f", $0.0, $0.1) }
            }
        }
        text += "\nNo readable source gives the paper's PixelHNN and no-f_psi numbers; the paper says HGN beat PixelHNN "
        text += "\"by a large margin\". RK4 is not in the paper's table.\n"
        text += "\n## Test MSE relative to the mean frame, and valid prediction time\n\n"
        text += "Ratio < 1: better than predicting the mean training frame (the issue's bar for HGN leapfrog is 0.7). "
        text += "VPT: the predicted steps before the first step whose MSE / mean squared true pixel exceeds 0.025 "
        text += "(0 to the steps predicted, averaged over sequences).\n\n"
        text += table(header: systems.flatMap { ["\($0.rawValue) test / mean-frame", "\($0.rawValue) VPT"] }) { row in
            systems.flatMap { system -> [String] in
                guard let scores = scores(row, system, \.test), let base = self.scores("mean-frame", system, \.test)
                else { return ["–", "–"] }
                return [String(format: "%.2f", scores.meanSquaredError / base.meanSquaredError),
                        String(format: "%.1f / %d", scores.validPredictionTime, scores.perStep.count - 1)]
            }
        }
        text += "\n## Backward rollouts and longer rollouts (test MSE x 1e-4)\n\n"
        text += "Backward: the last frames of each test sequence as inputs, integrated with a negative time step to "
        text += "predict the earlier frames. Long: forward rollouts on the `long` split, several times longer than "
        text += "any training sequence.\n\n"
        text += table(header: systems.flatMap { ["\($0.rawValue) backward", "\($0.rawValue) long"] }) { row in
            systems.flatMap { system in
                [\CellResult.backward, \CellResult.long].map { path in
                    scores(row, system, path).map { String(format: "%.2f", $0.meanSquaredError * 1e4) } ?? "–"
                }
            }
        }
        text += "\n## Energy drift of the learned Hamiltonian along test rollouts\n\n"
        text += "`|H(t) − H(0)|` divided by the spread (std over the sequences) of H(0), averaged over the predicted "
        text += "steps and sequences, and at the last step: constant-free, since the learned H is defined only up to "
        text += "an additive constant. The last column divides by |H(0)| instead and depends on that constant.\n\n"
        text += table(header: ["system", "mean / spread of H(0)", "final / spread of H(0)", "mean / abs H(0) (constant-dependent)"],
                      rows: rowNames.filter { $0 != "mean-frame" && $0 != "last-frame" }, expand: true) { row in
            systems.compactMap { system -> [String]? in
                guard let drift = scores(row, system, \.test)?.energyDrift else { return nil }
                return [system.rawValue, String(format: "%.3g", drift.meanRelativeToSpread),
                        String(format: "%.3g", drift.finalRelativeToSpread), String(format: "%.3g", drift.meanRelative)]
            }.flatMap { $0 }
        }
        text += "\n## Training\n\n"
        text += table(header: systems.flatMap { ["\($0.rawValue) steps", "\($0.rawValue) s/step (median)", "\($0.rawValue) final train MSE"] },
                      rows: rowNames.filter { $0 != "mean-frame" && $0 != "last-frame" }) { row in
            systems.flatMap { system -> [String] in
                guard let cell = results[system]?.first(where: { $0.row == row }) else { return ["–", "–", "–"] }
                return ["\(cell.steps)", String(format: "%.3f (%.3f)", cell.secondsPerStep, cell.medianSecondsPerStep ?? .nan),
                        String(format: "%.2fe-4", cell.finalTrainingMeanSquaredError * 1e4)]
            }
        }
        text += "\nPlots: `plots/<system>-learning-curves.png`, `plots/<system>-mse-by-step.png`, "
        text += "`plots/<system>-long-mse-by-step.png`; strips of true (upper) and predicted (lower) frames: "
        text += "`strips/<system>-<model>.png`. Run records (configurations, seeds, timings, learning curves): "
        text += "`records/<system>-<model>.json`.\n"
        return text
    }

    /// What the numbers were measured on.
    private func setup() -> String {
        let settings = profile.settings
        var text = "Datasets (generated by `physgen`'s presets at this profile's sizes; discs of radius sqrt(m / pi) world "
        text += "units, DeepMind's convention, about 36 lit pixels for the pendulum at 32x32):\n\n"
        for system in systems {
            text += "- `\(system.rawValue)`: \(datasets[system] ?? "?"), \(settings.trainTrajectories) train / "
            text += "\(settings.testTrajectories) test sequences of \(settings.frames) frames at "
            text += "\(settings.resolution)x\(settings.resolution), \(settings.longTrajectories) long sequences of "
            text += "\(settings.longFrames) frames\n"
        }
        let training = settings.hgnTraining
        text += "\nEvaluation: the first \(settings.evaluationSequences) sequences of train and test, "
        text += "the first \(settings.longSequences) of long; the anchor is frame \(settings.anchorFrame) "
        text += "(K = \(settings.hgn.inputFrames) input frames).\n\n"
        text += "Recipe of every HGN row: \(training.steps) steps, batch \(training.batchSize), Adam "
        text += "\(training.learningRate), reconstruction `\(training.reconstruction.rawValue)`, KL "
        text += "\(Self.describe(training.klWeighting)), curriculum "
        text += training.curriculum.isEmpty ? "none (full sequences)" : training.curriculum.map { "\($0.frames) frames from step \($0.fromStep)" }.joined(separator: ", ")
        if let decoded = training.decodedFramesPerSequence {
            text += "; \(decoded) frames decoded per sequence and step (the anchor and \(decoded - 1) random later "
            text += "frames, the loss scaled to an unbiased estimate of the full one)"
        }
        if let shift = settings.hgn.posteriorLogVarianceShift {
            text += "; posterior log-variance shifted by \(shift) (the posterior starts narrow)"
        }
        if let seed = settings.hgnRolloutSampleSeed {
            text += "; the variational rows are rolled out from one posterior sample (seed \(seed)), not the mean"
        }
        let pixel = settings.pixelHNNTraining
        text += ". PixelHNN: the same steps and curriculum with the HNN paper's Adam \(pixel.learningRate) and weight "
        text += "decay \(pixel.weightDecay); its loss is its own (autoencoder MSE + canonical + 0.1 HNN).\n"
        return text
    }

    public static func describe(_ weighting: KLWeighting) -> String {
        switch weighting {
        case .fixed(let beta): "fixed beta \(beta)"
        case .warmup(let beta, let steps): "warm-up to beta \(beta) over \(steps) steps"
        case .geco(let settings): "GECO (tolerance \(settings.tolerance), alpha \(settings.alpha), rate \(settings.multiplierRate))"
        }
    }

    /// A Markdown table with a `model` column. With `expand`, a row's cells may hold several table rows' worth of
    /// columns (one group of `header.count` per line).
    private func table(header: [String], rows: [String]? = nil, expand: Bool = false,
                       cells: (String) -> [String]) -> String {
        var text = "| model | " + header.joined(separator: " | ") + " |\n"
        text += "|---|" + String(repeating: "---|", count: header.count) + "\n"
        for row in rows ?? rowNames {
            let values = cells(row)
            if expand {
                for start in Swift.stride(from: 0, to: values.count, by: header.count) {
                    text += "| \(row) | " + values[start..<min(start + header.count, values.count)].joined(separator: " | ") + " |\n"
                }
            } else {
                text += "| \(row) | " + values.joined(separator: " | ") + " |\n"
            }
        }
        return text
    }
}
