import BenchmarkStatistics
import Foundation
import Models
import Systems
import Training

/// Table 1 and its companions as Markdown and CSV, from the cells' results and the floor: rows as the mean over
/// training seeds with a 95% t-interval (``RowStatistics``) and the spread over sequences, the floor rows, where each
/// model sits between the mean frame and the floor, and the orderings (``TableOrderings``).
public struct TableReport {
    public let results: TableResults
    public let orderings: [OrderingResult]
    public let command: String
    /// The dataset folder of each system.
    public let datasets: [SystemKind: String]
    public let bootstrap: PairedBootstrap
    /// The presets the datasets come from.
    public let variant: PresetVariant

    public init(
        results: TableResults, orderings: [OrderingResult], command: String, datasets: [SystemKind: String],
        variant: PresetVariant = .standard, bootstrap: PairedBootstrap = .table
    ) {
        self.results = results
        self.variant = variant
        self.orderings = orderings
        self.command = command
        self.datasets = datasets
        self.bootstrap = bootstrap
    }

    var profile: TableProfile { results.profile }
    var systems: [SystemKind] { results.systems }

    /// The paper's Table 1 (Toth et al. 2020), pixel MSE x 1e4 as mean and standard deviation, train then test.
    public static let paper: [String: [SystemKind: (train: (Double, Double), test: (Double, Double))]] = [
        "hgn-leapfrog": [
            .massSpring: ((3.84, 1.07), (6.23, 2.03)), .pendulum: ((4.9, 1.86), (11.72, 4.14)),
            .twoBody: ((6.36, 3.29), (16.47, 7.15)), .threeBody: ((7.88, 3.55), (9.8, 3.72)),
        ],
        "hgn-euler": [
            .massSpring: ((3.67, 1.09), (6.2, 2.69)), .pendulum: ((5.43, 2.53), (10.93, 4.32)),
            .twoBody: ((6.62, 3.93), (15.06, 7.01)), .threeBody: ((7.51, 3.49), (9.4, 3.92)),
        ],
        "hgn-deterministic": [
            .massSpring: ((0.23, 0.23), (3.07, 1.06)), .pendulum: ((0.79, 1.24), (10.68, 3.19)),
            .twoBody: ((2.34, 2.3), (14.47, 5.24)), .threeBody: ((4.1, 2.05), (5.17, 1.96)),
        ],
    ]

    /// One row of the comparison with the paper: our test numbers beside the paper's for a row and system.
    public struct PaperComparison: Equatable {
        public var row: String
        public var system: SystemKind
        /// Our test mean over seeds (x 1), the interval over seeds (`nil` with one seed), and the 95% t-interval over
        /// the test sequences of each sequence's error averaged over the seeds.
        public var mean: Double
        public var seedInterval: ConfidenceInterval?
        public var sequenceInterval: ConfidenceInterval?
        public var sequenceStandardDeviation: Double
        /// The paper's test mean and standard deviation over its sequences (x 1e-4).
        public var paperMean: Double
        public var paperStandardDeviation: Double

        /// The interval the verdict reads: over seeds when there are several, else over sequences.
        public var interval: ConfidenceInterval? { seedInterval ?? sequenceInterval }

        /// Where the paper's mean lies against our interval.
        public var verdict: String {
            guard let interval else { return "no interval" }
            let paper = paperMean * 1e-4
            if paper < interval.lower { return "ours above the paper's" }
            if paper > interval.upper { return "ours below the paper's" }
            return "the paper's inside our interval"
        }
    }

    /// Our test numbers beside the paper's, for every model row and system that both tables have.
    public func paperComparisons() -> [PaperComparison] {
        results.modelRows.flatMap { row in
            systems.compactMap { system -> PaperComparison? in
                guard let paper = Self.paper[row]?[system]?.test,
                    let statistics = results.statistics(row, system, .test)
                else { return nil }
                let perSeed = results.cells(row, system).compactMap(\.test.model.perSequence)
                let sequences = perSeed.first?.count ?? 0
                let averaged =
                    perSeed.allSatisfy { $0.count == sequences } && sequences > 0
                    ? (0..<sequences).map { i in TableStatistics.mean(perSeed.map { $0[i] }) } : []
                return PaperComparison(
                    row: row, system: system, mean: statistics.mean, seedInterval: statistics.interval,
                    sequenceInterval: TableStatistics.tInterval(averaged),
                    sequenceStandardDeviation: statistics.sequenceStandardDeviation, paperMean: paper.0,
                    paperStandardDeviation: paper.1)
            }
        }
    }

    /// The comparison with the paper in table1.md.
    func paperComparisonSection() -> String {
        let comparisons = paperComparisons()
        guard !comparisons.isEmpty else { return "" }
        var text = "\n## Against the paper (test, x 1e-4)\n\n"
        text += "Our test mean beside the paper's, with two 95% intervals: over training seeds (as in Table 1) and "
        text += "over test sequences (each sequence's error averaged over the seeds: with one seed, the only one). "
        text += "The verdict says where the paper's mean lies against the interval over seeds, or over sequences "
        text += "with one seed. The paper's datasets are its own: the comparison says how far apart the numbers "
        text += "are, not why.\n\n"
        func interval(_ i: ConfidenceInterval?) -> String {
            i.map { "[\(Self.number($0.lower, 2)), \(Self.number($0.upper, 2))]" } ?? "–"
        }
        text += markdownTable(
            header: [
                "row", "system", "ours", "95% over seeds", "95% over sequences", "sequence sd", "paper (mean ± sd)",
                "ours − paper", "ours / paper", "verdict",
            ],
            rows: comparisons.map { c in
                [
                    c.row, c.system.rawValue, Self.number(c.mean, 2), interval(c.seedInterval),
                    interval(c.sequenceInterval), Self.number(c.sequenceStandardDeviation, 2),
                    String(format: "%.2f ± %.2f", c.paperMean, c.paperStandardDeviation),
                    String(format: "%+.2f", c.mean * 1e4 - c.paperMean),
                    String(format: "%.2fx", c.mean * 1e4 / c.paperMean),
                    c.verdict,
                ]
            })
        return text
    }

    // MARK: - CSV

    /// `table1.csv`: one line per system, row and evaluation: seeds, mean, 95% interval (models), spread over
    /// sequences, ratio to the mean frame and the place between the mean frame (1) and each floor row (0).
    /// MSE in units of 1e-4.
    public func csv() -> String {
        var lines = [
            "system,row,evaluation,seeds,sequences,mean_x1e4,lower_x1e4,upper_x1e4,sequence_sd_x1e4,"
                + "ratio_to_mean_frame,gap_to_truth,gap_to_oracle,vpt"
        ]
        for system in systems {
            for evaluation in Evaluation.allCases {
                let base = results.statistics("mean-frame", system, evaluation)?.mean
                for row in results.allRows {
                    guard let s = results.statistics(row, system, evaluation) else { continue }
                    func gap(_ floor: String) -> String {
                        guard evaluation == .test, results.isModel(row),
                            let value = results.gapFraction(row, system, floor: floor)?.value
                        else { return "" }
                        return String(format: "%.4f", value)
                    }
                    lines.append(
                        [
                            system.rawValue, row, evaluation.rawValue, s.seeds.map(String.init).joined(separator: " "),
                            "\(s.sequences)", Self.number(s.mean, 4), s.interval.map { Self.number($0.lower, 4) } ?? "",
                            s.interval.map { Self.number($0.upper, 4) } ?? "",
                            Self.number(s.sequenceStandardDeviation, 4),
                            base.map { String(format: "%.4f", s.mean / $0) } ?? "", gap("truth"), gap("oracle"),
                            String(format: "%.2f", s.validPredictionTime),
                        ].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `energy-drift.csv`: the learned Hamiltonian's drift along test rollouts, per model, system and seed: the
    /// constant-free measures first (relative to the spread of H(0) over sequences), then those relative to |H(0)|.
    public func energyDriftCSV() -> String {
        var lines = [
            "model,system,seed,integrator_steps,mean_relative_to_spread,final_relative_to_spread,start_spread,"
                + "mean_relative_to_abs_h0,final_relative_to_abs_h0,max_relative_to_abs_h0"
        ]
        for system in systems {
            for row in results.modelRows {
                for result in results.cells(row, system) {
                    guard let drift = result.test.model.energyDrift else { continue }
                    lines.append(
                        String(
                            format: "%@,%@,%@,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", result.row,
                            system.rawValue, result.seed.map(String.init) ?? "", result.test.steps,
                            drift.meanRelativeToSpread, drift.finalRelativeToSpread, drift.startSpread,
                            drift.meanRelative, drift.finalRelative, drift.maximumRelative))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Markdown

    /// `table1.md`.
    public func markdown() -> String {
        let settings = profile.settings
        var text =
            "# HGN Table 1 at profile `\(profile.rawValue)`" + (variant == .noisy ? ", noisy presets" : "") + "\n\n"
        text += "Command: `\(command)` (regenerates every file of this folder; resumable cell by cell).\n\n"
        text += setup()
        text += "\n## Table 1: test pixel MSE (x 1e-4)\n\n"
        text += "A model's entry is the mean over its training seeds of each seed's mean over every test sequence, "
        text += "with the 95% Student-t interval over the seed means (S − 1 degrees of freedom; see `RowStatistics`). "
        text += "`mean-frame` (the mean training frame at every step), `last-frame` (the anchor held still), `truth` "
        text += "(the noise-free true states rendered: the observation-noise floor) and `oracle` (the true physics "
        text +=
            "fitted to the \(settings.hgn.inputFrames) input frames and rolled out) are deterministic and scored on "
        text += "exactly the same sequences and frames. The MSE of a sequence averages the anchor and every predicted "
        text += "frame, as in the paper's 30-frame rollouts.\n\n"
        text += grid(.test)
        text += "\n## Train pixel MSE (x 1e-4; the first \(settings.trainEvaluationSequences) train sequences)\n\n"
        text += grid(.train)
        text += "\n## Between the mean frame and the floor (test)\n\n"
        text += "`(row − floor) / (mean-frame − floor)`: 0 at the floor row, 1 at the mean frame (below 0: better than "
        text += "the floor row, which a blurred prediction can be), with the row's interval mapped the same way.\n\n"
        text += markdownTable(
            header: ["row"] + systems.flatMap { ["\($0.rawValue) vs truth", "\($0.rawValue) vs oracle"] },
            rows: results.modelRows.map { row in
                [row]
                    + systems.flatMap { system in
                        ["truth", "oracle"].map { floor in
                            results.gapFraction(row, system, floor: floor).map {
                                String(format: "%.2f", $0.value)
                                    + ($0.interval.map {
                                        String(format: " [%.2f, %.2f]", $0.lower, $0.upper)
                                    } ?? "")
                            } ?? "–"
                        }
                    }
            })
        text += "\n## Per system\n\n"
        text += "Test unless said: seed means, the spread over sequences (`sequence sd`), the ratio to the mean frame, "
        text += "the valid prediction time (VPT: the predicted steps before the first whose MSE / mean squared true "
        text += "pixel exceeds 0.025, from 0 to the steps predicted, mean over seeds and sequences), and the means on "
        text += "train, backward (test) and long rollouts (x 1e-4).\n"
        for system in systems { text += systemSection(system) }
        text += "\n## Orderings\n\n"
        text += "Also in `orderings.md` and `orderings.csv`. " + TableOrderings.method(bootstrap: bootstrap) + "\n"
        text += markdownTable(
            header: ["system", "claim (A below B)", "A − B (x 1e-4)", "95% interval", "seeds agreeing", "verdict"],
            rows: orderings.map { o in
                [
                    o.system, o.claim, TableOrderings.format(o.difference, signed: true),
                    "[\(TableOrderings.format(o.interval.lower, signed: true)), "
                        + "\(TableOrderings.format(o.interval.upper, signed: true))]",
                    o.seeds.isEmpty ? "–" : "\(o.seedsAgreeing)/\(o.seeds.count)", "**\(o.verdict.rawValue)**",
                ]
            })
        text +=
            "\n## The paper's Table 1 (Toth et al. 2020; x 1e-4, mean ± std over its sequences, its own datasets)\n\n"
        text += markdownTable(
            header: ["row"] + systems.flatMap { ["\($0.rawValue)-train", "\($0.rawValue)-test"] },
            rows: ["hgn-leapfrog", "hgn-euler", "hgn-deterministic"].map { row in
                [row]
                    + systems.flatMap { system -> [String] in
                        guard let numbers = Self.paper[row]?[system] else { return ["–", "–"] }
                        return [numbers.train, numbers.test].map { String(format: "%.2f ± %.2f", $0.0, $0.1) }
                    }
            })
        text += "\nNo readable source gives the paper's PixelHNN and no-f_psi numbers; the paper says HGN beat "
        text += "PixelHNN \"by a large margin\". RK4 is not in the paper's table.\n"
        text += paperComparisonSection()
        text += energySection()
        text += trainingSection()
        text += "\n## Files\n\n"
        text += "`table1.csv` (every row, system and evaluation: seeds, mean, interval, spread, ratios), "
        text += "`orderings.md`/`orderings.csv`, `per-sequence.jsonl` (every sequence's error of every row, seed and "
        text += "evaluation), `curves/<system>.csv` (learning curves, means over blocks of steps, every seed), "
        text += "`records.jsonl` (each cell's run record without its curve: configuration, seeds, dataset, software, "
        text += "machine and load, sittings and timings), `table.json` (every cell's and floor's scores without the "
        text += "per-sequence errors), `energy-drift.csv`, `checks.md` (what the run asserted), "
        text += "`plots/<system>-learning-curves.png`, `plots/<system>-mse-by-step.png`, "
        text += "`plots/<system>-long-mse-by-step.png`, `strips/<system>-<row>.png` (true frames above predicted ones, "
        text += "first test sequences, seed \(settings.seeds.first ?? 1); `oracle` too).\n"
        return text
    }

    /// Rows x systems of one evaluation: mean [95% interval] for models, the value alone for the other rows.
    private func grid(_ evaluation: Evaluation) -> String {
        markdownTable(
            header: ["row"] + systems.map(\.rawValue),
            rows: results.allRows.map { row in
                [row]
                    + systems.map { system in
                        guard let s = results.statistics(row, system, evaluation) else { return "–" }
                        return Self.number(s.mean, 2)
                            + (s.interval.map { " [\(Self.number($0.lower, 2)), \(Self.number($0.upper, 2))]" } ?? "")
                    }
            })
    }

    /// One system's numbers in detail.
    private func systemSection(_ system: SystemKind) -> String {
        var text = "\n### \(system.rawValue)\n\n"
        let base = results.statistics("mean-frame", system, .test)?.mean
        text += markdownTable(
            header: [
                "row", "seeds", "test", "95% interval", "seed means", "sequence sd", "/ mean-frame", "VPT",
                "train", "backward", "long",
            ],
            rows: results.allRows.compactMap { row -> [String]? in
                guard let test = results.statistics(row, system, .test) else { return nil }
                let steps = (results.cells[system]?.first?.test.steps).map { " / \($0)" } ?? ""
                func mean(_ evaluation: Evaluation) -> String {
                    results.statistics(row, system, evaluation).map { Self.number($0.mean, 2) } ?? "–"
                }
                return [
                    row, test.seeds.isEmpty ? "–" : "\(test.seeds.count)", Self.number(test.mean, 2),
                    test.interval.map { "[\(Self.number($0.lower, 2)), \(Self.number($0.upper, 2))]" } ?? "–",
                    test.seeds.isEmpty ? "–" : test.seedMeans.map { Self.number($0, 2) }.joined(separator: ", "),
                    Self.number(test.sequenceStandardDeviation, 2),
                    base.map { String(format: "%.2f", test.mean / $0) } ?? "–",
                    String(format: "%.1f", test.validPredictionTime) + steps,
                    mean(.train), mean(.backward), mean(.long),
                ]
            })
        if let floor = results.floors[system] {
            let fit = floor.test.oracleFit
            text += "\nSequences: \(floor.test.truth.sequences) test, \(floor.train.truth.sequences) train, "
            text += "\(floor.long.truth.sequences) long. Oracle fits on test: median RMS residual "
            text += String(format: "%.4f", fit.medianResidual) + " world units (largest "
            text += String(format: "%.4f", fit.maximumResidual) + ") against an observation noise of "
            text +=
                String(format: "%g", fit.observationNoise)
                + ", median \(fit.medianIterations) Levenberg–Marquardt iterations"
            if let held = fit.heldRollouts, held > 0 {
                text += "; \(held) oracle rollout(s) ran into a near-singular encounter and hold the last frame reached"
            }
            text += ".\n"
        }
        return text
    }

    /// The learned Hamiltonian's drift, mean over seeds.
    private func energySection() -> String {
        var text = "\n## Energy drift of the learned Hamiltonian along test rollouts (mean over seeds)\n\n"
        text += "`|H(t) − H(0)|` divided by the spread (std over the sequences) of H(0), averaged over the predicted "
        text += "steps and sequences, and at the last step: constant-free, since the learned H is defined only up to "
        text += "an additive constant. The last column divides by |H(0)| instead and depends on that constant. Per "
        text += "seed: `energy-drift.csv`.\n\n"
        var rows: [[String]] = []
        for row in results.modelRows {
            for system in systems {
                let drifts = results.cells(row, system).compactMap(\.test.model.energyDrift)
                guard !drifts.isEmpty else { continue }
                rows.append([
                    row, system.rawValue,
                    String(format: "%.3g", TableStatistics.mean(drifts.map(\.meanRelativeToSpread))),
                    String(format: "%.3g", TableStatistics.mean(drifts.map(\.finalRelativeToSpread))),
                    String(format: "%.3g", TableStatistics.mean(drifts.map(\.meanRelative))),
                ])
            }
        }
        return text
            + markdownTable(
                header: [
                    "row", "system", "mean / spread of H(0)", "final / spread of H(0)",
                    "mean / abs H(0) (constant-dependent)",
                ], rows: rows)
    }

    /// Steps, time per step and per cell, final training error.
    private func trainingSection() -> String {
        var text = "\n## Training and cost (mean over seeds)\n\n"
        text += "Wall-clock times of the machine that ran each cell (its load is in the cell's record, "
        text += "`records.jsonl`).\n\n"
        var rows: [[String]] = []
        for row in results.modelRows {
            for system in systems {
                let cells = results.cells(row, system)
                guard !cells.isEmpty else { continue }
                let median = cells.compactMap(\.medianSecondsPerStep)
                rows.append([
                    row, system.rawValue, "\(cells.count)", cells.map { "\($0.steps)" }.joined(separator: ", "),
                    String(format: "%.3f", TableStatistics.mean(median)),
                    String(format: "%.1f", TableStatistics.mean(cells.map(\.trainingSeconds)) / 60),
                    String(format: "%.0f", TableStatistics.mean(cells.compactMap(\.evaluationSeconds))),
                    Self.number(TableStatistics.mean(cells.map(\.finalTrainingMeanSquaredError)), 2),
                ])
            }
        }
        return text
            + markdownTable(
                header: [
                    "row", "system", "seeds", "steps", "s/step (median)", "training min/cell",
                    "evaluation s/cell", "final train MSE (x 1e-4)",
                ], rows: rows)
    }

    /// What the numbers were measured on.
    private func setup() -> String {
        let settings = profile.settings
        var text =
            "Datasets (generated by `physgen`'s "
            + (variant == .noisy
                ? "`-noisy` presets (per-frame observation "
                    + "noise on the drawn positions)" : "standard presets (noise-free frames)")
        text += " at this profile's sizes; discs of radius sqrt(m / pi) world units):\n\n"
        for system in systems {
            text += "- `\(system.rawValue)`: \(datasets[system] ?? "?"), \(settings.trainTrajectories) train / "
            text += "\(settings.validTrajectories) valid / \(settings.testTrajectories) test sequences of "
            text += "\(settings.frames) frames at \(settings.resolution)x\(settings.resolution), "
            text += "\(settings.longTrajectories) long sequences of \(settings.longFrames) frames\n"
        }
        let training = settings.hgnTraining
        text +=
            "\nCells: every row x system x training seed (\(settings.seeds.map(String.init).joined(separator: ", "))). "
        text += "Evaluation: every test sequence (forward, and backward from the last frames), the first "
        text += "\(settings.trainEvaluationSequences) train sequences, every long sequence; the anchor is frame "
        text +=
            "\(settings.anchorFrame) (K = \(settings.hgn.inputFrames) input frames). `valid` is never read by the table: "
        text += "settings are chosen on it (`hgnbench train --evaluate valid`).\n\n"
        text += "Recipe of every HGN row: \(training.steps) steps, batch \(training.batchSize), Adam "
        text += "\(training.learningRate), reconstruction `\(training.reconstruction.rawValue)`, KL "
        text += "\(Self.describe(training.klWeighting)), curriculum "
        text +=
            training.curriculum.isEmpty
            ? "none (full sequences)"
            : training.curriculum.map { "\($0.frames) frames from step \($0.fromStep)" }.joined(separator: ", ")
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
        text += ". PixelHNN: \(pixel.steps) steps, batch \(pixel.batchSize), Adam \(pixel.learningRate), weight decay "
        text += "\(pixel.weightDecay); its loss is its own.\n"
        return text
    }

    public static func describe(_ weighting: KLWeighting) -> String {
        switch weighting {
        case .fixed(let beta): "fixed beta \(beta)"
        case .warmup(let beta, let steps): "warm-up to beta \(beta) over \(steps) steps"
        case .geco(let settings):
            "GECO (tolerance \(settings.tolerance), alpha \(settings.alpha), rate \(settings.multiplierRate))"
        }
    }

    /// An MSE in units of 1e-4.
    static func number(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value * 1e4) }
}

/// A Markdown table.
func markdownTable(header: [String], rows: [[String]]) -> String {
    var text = "| " + header.joined(separator: " | ") + " |\n"
    text += "|" + String(repeating: "---|", count: header.count) + "\n"
    for row in rows { text += "| " + row.joined(separator: " | ") + " |\n" }
    return text
}
