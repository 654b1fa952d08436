import Datasets
import Foundation
import Models
import SeededRandom
import Tensor
import Testing
import Training

/// Baselines and metrics on hand-made clips whose scores have closed forms.
@Suite("Evaluation")
struct EvaluationTests {
    /// Two sequences of 6 frames of 2x2 RGB; every pixel of frame t of sequence s equals `levels[s][t]`.
    static let levels: [[Double]] = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0.5, 0.5, 0.5, 0.9, 0.1, 0.5]]

    static func clip() -> VideoBatch {
        let frames = levels.flatMap { sequence in sequence.flatMap { Array(repeating: Float($0), count: 12) } }
        return VideoBatch(
            frames: frames, states: Array(repeating: 0, count: 2 * 6 * 2), trajectoryIndices: [0, 1],
            startFrames: [0, 0], length: 6, resolution: 2, stateCount: 2)
    }

    /// A per-pixel mean frame whose values vary, 2x2x3.
    static let meanFrame: [Float] = (0..<12).map { 0.2 + 0.05 * Float($0) }

    static func expected(_ perStep: (Int, Int) -> Double, frames: [Int]) -> (mean: Double, steps: [Double]) {
        let steps = frames.indices.map { step in (perStep(0, frames[step]) + perStep(1, frames[step])) / 2 }
        return (steps.reduce(0, +) / Double(steps.count), steps)
    }

    @Test(
        "last-frame and mean-frame scores equal their closed forms, forward and backward",
        arguments: TimeDirection.allCases)
    func baselineClosedForms(direction: TimeDirection) {
        let evaluator = RolloutEvaluator(split: "test", sequences: Self.clip(), anchorFrame: 2, chunkSize: 1)
        let frames = direction == .forward ? [2, 3, 4, 5] : [5, 4, 3, 2]
        let anchor = frames[0]
        let last = evaluator.scores(of: .lastFrame, direction: direction)
        let lastExpected = Self.expected({ s, t in pow(Self.levels[s][t] - Self.levels[s][anchor], 2) }, frames: frames)
        #expect(abs(last.meanSquaredError - lastExpected.mean) < 1e-7)
        for (measured, value) in zip(last.perStep, lastExpected.steps) { #expect(abs(measured - value) < 1e-7) }
        #expect(last.perStep[0] == 0, "the held anchor is exact at step 0")

        let mean = evaluator.scores(of: .meanFrame(Self.meanFrame), direction: direction)
        let meanExpected = Self.expected(
            { s, t in
                Self.meanFrame.reduce(0) { $0 + pow(Self.levels[s][t] - Double($1), 2) } / 12
            }, frames: frames)
        #expect(abs(mean.meanSquaredError - meanExpected.mean) < 1e-7)
        #expect(mean.sequences == 2 && mean.perStep.count == 4 && mean.energyDrift == nil)
    }

    @Test("the standard deviation is over sequences of their rollout means")
    func standardDeviation() {
        let evaluator = RolloutEvaluator(split: "test", sequences: Self.clip(), anchorFrame: 2)
        let scores = evaluator.scores(of: .lastFrame, direction: .forward)
        let perSequence: [Double] = (0..<2).map { (s: Int) -> Double in
            let errors: [Double] = [2, 3, 4, 5].map { (t: Int) -> Double in
                pow(Self.levels[s][t] - Self.levels[s][2], 2)
            }
            return errors.reduce(0, +) / 4
        }
        let mean = (perSequence[0] + perSequence[1]) / 2
        let std = (pow(perSequence[0] - mean, 2) + pow(perSequence[1] - mean, 2)).squareRoot()  // n − 1 = 1
        #expect(abs(scores.standardDeviation - std) < 1e-7)
    }

    @Test("valid prediction time counts the predicted steps before the first whose normalised MSE exceeds 0.025")
    func validPredictionTime() {
        // Step 0 is the anchor; step 2 is the first to fail (0.003 > 0.025 · 0.1), so one predicted step is valid.
        #expect(
            ValidPredictionTime.steps(squaredErrors: [0, 0.001, 0.003, 0.0], squaredTruth: [0.1, 0.1, 0.1, 0.1]) == 1)
        // Never failing: every predicted step (count − 1), never more.
        #expect(ValidPredictionTime.steps(squaredErrors: [0, 0.001], squaredTruth: [0.1, 0.1]) == 1)
        #expect(ValidPredictionTime.steps(squaredErrors: [0, 0, 0, 0], squaredTruth: [0.1, 0.1, 0.1, 0.1]) == 3)
        // A failed anchor reconstruction, or a failure at the first predicted step: no valid prediction.
        #expect(ValidPredictionTime.steps(squaredErrors: [1, 0, 0], squaredTruth: [0.1, 0.1, 0.1]) == 0)
        #expect(ValidPredictionTime.steps(squaredErrors: [0, 1, 0], squaredTruth: [0.1, 0.1, 0.1]) == 0)
        // Last-frame on the clip: sequence 0 has error (0.1 k)² against truth (0.3 + 0.1 k)²: k = 1 gives
        // 0.01 / 0.16 = 0.0625 > 0.025, so the first predicted step fails. Sequence 1 fails at step 1 as well.
        let evaluator = RolloutEvaluator(split: "test", sequences: Self.clip(), anchorFrame: 2)
        #expect(evaluator.scores(of: .lastFrame, direction: .forward).validPredictionTime == 0)
    }

    /// A grey clip (every pixel 0.5) and a model that predicts it exactly up to step `failingStep` − 1, then 0.8.
    final class FailsAt: VideoDynamicsModel {
        let parameters = ParameterCollection()
        let inputFrameCount = 2
        let resolution = 2
        let failingStep: Int
        var summary: ModelSummary { .pixelHNN(configuration: PixelHNNConfiguration()) }
        init(failingStep: Int) { self.failingStep = failingStep }
        func lossTerms(
            on sequence: Tensor, reconstruction: ReconstructionLoss,
            using generator: inout SeededGenerator
        ) throws(ModelsError) -> LossTerms {
            throw .invalidConfiguration(field: "none", reason: "not trainable")
        }
        func rollout(from inputs: Tensor, steps: Int, direction: TimeDirection) throws(ModelsError) -> Rollout {
            let batch = inputs.shape[0], size = 2 * 2 * 3
            let values: [Float] = (0..<batch).flatMap { _ in
                (0...steps).flatMap { step in Array(repeating: step < failingStep ? 0.5 : 0.8, count: size) }
            }
            return Rollout(frames: Tensor(shape: [batch, steps + 1, 2, 2, 3], scalars: values), energies: nil)
        }
    }

    @Test(
        "VPT on a hand-made clip: a rollout failing at step k scores k − 1, one that never fails scores the steps",
        arguments: [(0, 0.0), (1, 0.0), (2, 1.0), (3, 2.0), (4, 3.0), (10, 3.0)])
    func validPredictionTimeOnClip(failingStep: Int, expected: Double) throws {
        // 0.3² = 0.09 > 0.025 · 0.25: a prediction of 0.8 against 0.5 fails; 0.5 is exact.
        let grey = VideoBatch(
            frames: Array(repeating: 0.5, count: 2 * 6 * 12), states: Array(repeating: 0, count: 2 * 6 * 2),
            trajectoryIndices: [0, 1], startFrames: [0, 0], length: 6, resolution: 2, stateCount: 2)
        let evaluator = RolloutEvaluator(split: "test", sequences: grey, anchorFrame: 2)
        let comparison = try evaluator.compare(
            FailsAt(failingStep: failingStep),
            meanFrame: Array(repeating: 0.5, count: 12), direction: .forward)
        #expect(comparison.model.validPredictionTime == expected)
        // The mean frame equals every true frame: valid throughout, so VPT = the 3 predicted steps, not 4.
        #expect(comparison.meanFrame.validPredictionTime == 3 && comparison.steps == 3)
        #expect(comparison.meanFrame.validPredictionTime == Double(comparison.meanFrame.perStep.count - 1))
    }

    @Test("energy drift of known energies: relative to the spread of H(0) (headline) and to |H(0)|")
    func energyDrift() {
        // Changes over the predicted steps: sequence 0 (H₀ = 1): 0.1, 0.1; sequence 1 (H₀ = 2): 0, 0.4.
        // Spread of H₀ = {1, 2}: standard deviation (n − 1) √0.5.
        let drift = EnergyDrift(energies: [[1, 1.1, 0.9], [2, 2, 2.4]])
        let spread = 0.5.squareRoot()
        #expect(abs(drift.startSpread - spread) < 1e-12)
        #expect(abs(drift.meanRelativeToSpread - 0.15 / spread) < 1e-12)
        #expect(abs(drift.finalRelativeToSpread - 0.25 / spread) < 1e-12)
        #expect(abs(drift.meanRelative - 0.1) < 1e-12)
        #expect(abs(drift.finalRelative - 0.15) < 1e-12)
        #expect(abs(drift.maximumRelative - 0.2) < 1e-12)
    }

    @Test(
        "the headline drift is constant-free: adding a constant to H, or scaling H, leaves it unchanged",
        arguments: [(0.0, 1.0), (100.0, 1.0), (-1.5, 1.0), (7.0, 3.0)])
    func energyDriftIsConstantFree(constant: Double, factor: Double) {
        let energies: [[Double]] = [[1, 1.1, 0.9, 1.3], [2, 2, 2.4, 1.7], [0.5, 0.45, 0.6, 0.5]]
        let reference = EnergyDrift(energies: energies)
        let shifted = EnergyDrift(energies: energies.map { $0.map { factor * $0 + constant } })
        #expect(abs(shifted.meanRelativeToSpread - reference.meanRelativeToSpread) < 1e-12)
        #expect(abs(shifted.finalRelativeToSpread - reference.finalRelativeToSpread) < 1e-12)
        if constant > 10 {
            #expect(shifted.meanRelative < reference.meanRelative / 10, "the |H₀| measure shrinks with the constant")
        }
    }

    /// A model that holds its last input frame: it must score exactly as the last-frame baseline.
    final class HoldStill: VideoDynamicsModel {
        let parameters = ParameterCollection()
        let inputFrameCount = 2
        let resolution = 2
        var summary: ModelSummary { .pixelHNN(configuration: PixelHNNConfiguration()) }
        func lossTerms(
            on sequence: Tensor, reconstruction: ReconstructionLoss,
            using generator: inout SeededGenerator
        ) throws(ModelsError) -> LossTerms {
            throw .invalidConfiguration(field: "none", reason: "not trainable")
        }
        func rollout(from inputs: Tensor, steps: Int, direction: TimeDirection) throws(ModelsError) -> Rollout {
            let last = inputs.slice(alongAxis: 1, range: (inputs.shape[1] - 1)..<inputs.shape[1])
            var shape = last.shape
            shape[1] = steps + 1
            return Rollout(frames: last.broadcast(toShape: shape), energies: nil)
        }
    }

    @Test("a model that holds the anchor scores exactly as the last-frame baseline", arguments: TimeDirection.allCases)
    func modelBesideBaselines(direction: TimeDirection) throws {
        let evaluator = RolloutEvaluator(split: "test", sequences: Self.clip(), anchorFrame: 2)
        let comparison = try evaluator.compare(HoldStill(), meanFrame: Self.meanFrame, direction: direction)
        #expect(comparison.model == comparison.lastFrame)
        #expect(comparison.steps == 3 && comparison.anchorFrame == (direction == .forward ? 2 : 5))
    }

    @Test("the mean frame of a dataset split is the average of its frames")
    func meanFrameOfDataset() throws {
        let folder = Fixtures.pendulum
        let frame = try BaselinePredictor.meanFrame(folder: folder, split: "train")
        let stream = try VideoBatches(folder: folder, split: "train", batchSize: 6, shuffled: false)
        let all = try stream.next()
        let size = 16 * 16 * 3, count = all.count * all.length
        for pixel in stride(from: 0, to: size, by: 97) {
            var sum = 0.0
            for f in 0..<count { sum += Double(all.frames[f * size + pixel]) }
            #expect(abs(Double(frame[pixel]) - sum / Double(count)) < 1e-6)
        }
    }
}
