import SeededRandom
import Foundation
import Datasets
import Models
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
        return VideoBatch(frames: frames, states: Array(repeating: 0, count: 2 * 6 * 2), trajectoryIndices: [0, 1],
                          startFrames: [0, 0], length: 6, resolution: 2, stateCount: 2)
    }

    /// A per-pixel mean frame whose values vary, 2x2x3.
    static let meanFrame: [Float] = (0..<12).map { 0.2 + 0.05 * Float($0) }

    static func expected(_ perStep: (Int, Int) -> Double, frames: [Int]) -> (mean: Double, steps: [Double]) {
        let steps = frames.indices.map { step in (perStep(0, frames[step]) + perStep(1, frames[step])) / 2 }
        return (steps.reduce(0, +) / Double(steps.count), steps)
    }

    @Test("last-frame and mean-frame scores equal their closed forms, forward and backward",
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
        let meanExpected = Self.expected({ s, t in
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
            let errors: [Double] = [2, 3, 4, 5].map { (t: Int) -> Double in pow(Self.levels[s][t] - Self.levels[s][2], 2) }
            return errors.reduce(0, +) / 4
        }
        let mean = (perSequence[0] + perSequence[1]) / 2
        let std = (pow(perSequence[0] - mean, 2) + pow(perSequence[1] - mean, 2)).squareRoot()  // n − 1 = 1
        #expect(abs(scores.standardDeviation - std) < 1e-7)
    }

    @Test("valid prediction time is the first step whose normalised MSE exceeds 0.025")
    func validPredictionTime() {
        #expect(ValidPredictionTime.steps(squaredErrors: [0, 0.001, 0.003, 0.0], squaredTruth: [0.1, 0.1, 0.1, 0.1]) == 2)
        #expect(ValidPredictionTime.steps(squaredErrors: [0, 0.001], squaredTruth: [0.1, 0.1]) == 2)
        // Last-frame on the clip: sequence 0 has error (0.1 k)² against truth (0.3 + 0.1 k)²: k = 1 gives
        // 0.01 / 0.16 = 0.0625 > 0.025, so step 1. Sequence 1 has error 0.16 at step 1 as well.
        let evaluator = RolloutEvaluator(split: "test", sequences: Self.clip(), anchorFrame: 2)
        #expect(evaluator.scores(of: .lastFrame, direction: .forward).validPredictionTime == 1)
    }

    @Test("energy drift of known energies")
    func energyDrift() {
        let drift = EnergyDrift(energies: [[1, 1.1, 0.9], [2, 2, 2.4]])
        #expect(abs(drift.meanRelative - 0.4 / 6) < 1e-12)
        #expect(abs(drift.finalRelative - 0.15) < 1e-12)
        #expect(abs(drift.maximumRelative - 0.2) < 1e-12)
        #expect(abs(drift.relativeToSpread - 0.1 / 0.5.squareRoot()) < 1e-12)
    }

    /// A model that holds its last input frame: it must score exactly as the last-frame baseline.
    final class HoldStill: VideoDynamicsModel {
        let parameters = ParameterCollection()
        let inputFrameCount = 2
        let resolution = 2
        var summary: ModelSummary { .pixelHNN(configuration: PixelHNNConfiguration()) }
        func lossTerms(on sequence: Tensor, reconstruction: ReconstructionLoss,
                       using generator: inout SeededGenerator) throws(ModelsError) -> LossTerms {
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
