import Datasets
import Foundation
import Models
import Systems
import Tensor
import Training

/// What every table run asserts about its own numbers before it publishes them, at any profile (CI runs them on
/// `smoke`): every test sequence scored, per-sequence errors that average to the reported means, baselines that do
/// not depend on the cell, the baselines equal to their closed form on a hand-made clip, different latent integrators
/// giving different rollouts of the same weights, and a floor whose fits reproduce the inputs. `checks.md` lists them;
/// a failed check stops the run after writing it.
public struct TableChecks {
    /// One check's outcome.
    public struct Outcome: Equatable, Sendable {
        public var check: String
        public var system: String
        public var passed: Bool
        public var detail: String
    }

    public private(set) var outcomes: [Outcome] = []

    public init() {}

    mutating func record(_ check: String, _ system: String, _ passed: Bool, _ detail: String) {
        outcomes.append(Outcome(check: check, system: system, passed: passed, detail: detail))
    }

    /// Whether every check passed.
    public var passed: Bool { outcomes.allSatisfy(\.passed) }

    /// `checks.md`.
    public func markdown(profile: TableProfile) -> String {
        "# Checks of the HGN table at profile `\(profile.rawValue)`\n\n"
            + "Asserted by the table run before it wrote its files; a failure stops the run.\n\n"
            + markdownTable(
                header: ["check", "system", "result", "detail"],
                rows: outcomes.map {
                    [$0.check, $0.system, $0.passed ? "pass" : "**FAIL**", $0.detail]
                })
    }

    // MARK: - The checks

    /// The checks on the stored results: sequence counts, per-sequence means, baselines equal across cells.
    public mutating func checkResults(_ results: TableResults, testSequences: [SystemKind: Int]) {
        for system in results.systems {
            let cells = results.cells[system] ?? []
            let expected = testSequences[system] ?? -1
            let counts = Set(cells.map { $0.test.model.perSequence?.count ?? -1 } + cells.map(\.test.model.sequences))
            record(
                "every test sequence scored", system.rawValue, counts == [expected],
                "\(cells.count) cells, \(expected) test sequences in the dataset, scored: \(counts.sorted())")
            var worst = 0.0
            for cell in cells {
                for evaluation in Evaluation.allCases {
                    let c = cell.comparison(evaluation)
                    for scores in [c.model, c.meanFrame, c.lastFrame] {
                        guard let errors = scores.perSequence else {
                            worst = .infinity
                            continue
                        }
                        worst = max(
                            worst,
                            abs(TableStatistics.mean(errors) - scores.meanSquaredError)
                                / max(scores.meanSquaredError, 1e-30))
                    }
                }
            }
            // Archived errors have 6 significant digits (``CellArchive``): their mean is within 5e-6 of the exact one.
            record(
                "per-sequence errors average to the reported means", system.rawValue, worst <= 1e-5,
                String(format: "largest relative difference %.2e", worst))
            let baselines = Set(
                cells.map { [$0.test.meanFrame.perSequence ?? [], $0.test.lastFrame.perSequence ?? []] })
            record(
                "baselines identical in every cell", system.rawValue, baselines.count == 1,
                "\(baselines.count) distinct set(s) of baseline errors over \(cells.count) cells")
            if let floor = results.floors[system] {
                let fit = floor.test.oracleFit
                let bound = 2 * fit.observationNoise + 1e-6
                record(
                    "oracle fits reproduce the input positions", system.rawValue, fit.medianResidual <= bound,
                    String(
                        format: "median RMS residual %.4g (bound 2 sigma = %.4g), median %d iterations",
                        fit.medianResidual, bound, fit.medianIterations))
                if let truth = results.statistics("truth", system, .test)?.mean,
                    let mean = results.statistics("mean-frame", system, .test)?.mean
                {
                    record(
                        "truth below the mean frame", system.rawValue, truth < mean,
                        String(format: "truth %.3fe-4, mean-frame %.3fe-4", truth * 1e4, mean * 1e4))
                }
            }
        }
    }

    /// The baselines' scores on a hand-made clip equal their closed forms: two sequences of six 2x2 frames whose
    /// every value is `(j + 1) t / 20` (sequence `j`, frame `t`), anchor frame 2, a mean frame of 0.1 everywhere. The
    /// mean frame's error of sequence `j` is `mean over t = 2…5 of ((j + 1) t / 20 − 0.1)²`, the last frame's
    /// `mean over t = 2…5 of ((j + 1)(t − 2) / 20)²`.
    public mutating func checkBaselinesOnHandMadeClip() {
        let (sequences, frames, side, anchor) = (2, 6, 2, 2)
        var pixels = [Float]()
        for j in 0..<sequences {
            for t in 0..<frames { pixels += Array(repeating: Float(j + 1) * Float(t) / 20, count: side * side * 3) }
        }
        let batch = VideoBatch(
            frames: pixels, states: Array(repeating: 0, count: sequences * frames * 2),
            trajectoryIndices: [0, 1], startFrames: [0, 0], length: frames, resolution: side,
            stateCount: 2)
        let evaluator = RolloutEvaluator(split: "clip", sequences: batch, anchorFrame: anchor)
        let meanFrame = evaluator.scores(
            of: .meanFrame(Array(repeating: 0.1, count: side * side * 3)), direction: .forward)
        let lastFrame = evaluator.scores(of: .lastFrame, direction: .forward)
        func closedForm(_ value: (Int, Int) -> Double) -> [Double] {
            (0..<sequences).map { j in (anchor..<frames).map { t in value(j, t) }.reduce(0, +) / Double(frames - anchor)
            }
        }
        let expectedMean = closedForm { j, t in pow(Double(j + 1) * Double(t) / 20 - 0.1, 2) }
        let expectedLast = closedForm { j, t in pow(Double(j + 1) * Double(t - anchor) / 20, 2) }
        for (name, scores, expected) in [
            ("mean-frame", meanFrame, expectedMean), ("last-frame", lastFrame, expectedLast),
        ] {
            let found = scores.perSequence ?? []
            let error = zip(found, expected).map { abs($0 - $1) }.max() ?? .infinity
            record(
                "\(name) equals its closed form on a hand-made clip", "–",
                found.count == expected.count && error <= 1e-7,
                "per sequence " + found.map { String(format: "%.6g", $0) }.joined(separator: ", ") + " vs "
                    + expected.map { String(format: "%.6g", $0) }.joined(separator: ", "))
        }
    }

    /// The largest pixel difference between the rollouts of the trained `hgn-leapfrog` weights of `cell` by each pair
    /// of Euler, leapfrog and RK4 on the first (at most four) sequences of `evaluator`.
    public static func integratorDifferences(
        cell: TrainCell, evaluator: RolloutEvaluator
    ) throws
        -> [IntegratorDifference]
    {
        let integrators: [LatentIntegrator] = [.euler, .leapfrog, .rk4]
        let predictions = try integrators.map { integrator in
            let model = try cell.restoredModel(integrator: integrator)
            let (_, predicted) = try evaluator.truthAndPrediction(
                of: model, count: min(4, evaluator.sequences.count), direction: .forward)
            return predicted.scalars(as: Float.self)
        }
        return [(0, 1), (0, 2), (1, 2)].map { a, b in
            IntegratorDifference(
                first: integrators[a], second: integrators[b],
                largestPixelDifference: Double(zip(predictions[a], predictions[b]).map { abs($0 - $1) }.max() ?? 0))
        }
    }

    /// The trained `hgn-leapfrog` weights rolled out with Euler, leapfrog and RK4 give three different predictions of
    /// the same test sequences (a latent integrator that were ignored would give identical ones): `differences` from
    /// ``integratorDifferences(cell:evaluator:)``, kept in the cell's archive. No differences fails the check.
    public mutating func checkIntegratorsDiffer(system: SystemKind, differences: [IntegratorDifference]?) {
        let differences = differences ?? []
        record(
            "latent integrators give different rollouts of the same weights", system.rawValue,
            differences.count == 3 && differences.allSatisfy { $0.largestPixelDifference > 0 },
            differences.isEmpty
                ? "no comparison archived with the first cell of the first row"
                : differences.map {
                    "\($0.first.rawValue) vs \($0.second.rawValue): largest pixel difference "
                        + String(format: "%.3g", $0.largestPixelDifference)
                }.joined(separator: "; "))
    }
}
