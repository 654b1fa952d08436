import Checkpoints
import Foundation
import Models

/// How the KL term of a variational model is weighted.
public enum KLWeighting: Codable, Hashable, Sendable {
    /// `reconstruction + beta · KL` at every step.
    case fixed(beta: Double)
    /// `beta` ramped linearly from 0 at step 0 to its value at `steps` (KL warm-up), then held.
    case warmup(beta: Double, steps: Int)
    /// GECO's constrained optimisation (see ``GECOState``).
    case geco(settings: GECOSettings)

    /// The weight at `step` for the fixed and warm-up schedules (`nil` for GECO).
    public func beta(atStep step: Int) -> Double? {
        switch self {
        case .fixed(let beta): beta
        case .warmup(let beta, let steps): steps <= 0 ? beta : beta * Swift.min(1, Double(step) / Double(steps))
        case .geco: nil
        }
    }
}

/// The learning rate as a function of the step.
public enum LearningRateSchedule: Codable, Hashable, Sendable {
    /// The base rate throughout.
    case constant
    /// Linear warm-up from 0 over `warmupSteps`, then a cosine decay to `finalFraction` of the base rate at the
    /// last step.
    case cosine(warmupSteps: Int, finalFraction: Double)

    /// The rate at `step` (0-based) of a run of `totalSteps` with base rate `base`.
    public func rate(atStep step: Int, totalSteps: Int, base: Double) -> Double {
        switch self {
        case .constant:
            return base
        case .cosine(let warmup, let finalFraction):
            if step < warmup { return base * Double(step + 1) / Double(warmup) }
            let span = Swift.max(totalSteps - warmup - 1, 1)
            let progress = Swift.min(1, Double(step - warmup) / Double(span))
            let cosine = 0.5 * (1 + cos(Double.pi * progress))
            return base * (finalFraction + (1 - finalFraction) * cosine)
        }
    }
}

/// From `fromStep` on, training sequences have `frames` frames (until the next stage): a curriculum that starts
/// with short rollouts (cheap, and easy to learn) and lengthens them.
public struct CurriculumStage: Codable, Hashable, Sendable {
    /// First step of the stage.
    public var fromStep: Int
    /// Frames per training sequence (inputs included).
    public var frames: Int

    /// A stage.
    public init(fromStep: Int, frames: Int) {
        self.fromStep = fromStep
        self.frames = frames
    }
}

/// Everything about a training run except the model and the data: the number of steps, the optimiser, the loss
/// and its weights, the curriculum, the checkpoints and the seed.
///
/// Two runs with equal configurations, models and data produce bitwise equal parameters, however often either is
/// interrupted and resumed.
public struct TrainingConfiguration: Codable, Hashable, Sendable {
    /// Optimiser steps in the whole run.
    public var steps: Int
    /// Sequences per batch.
    public var batchSize = 16
    /// Adam's base learning rate.
    public var learningRate = 3e-4
    /// The learning rate over the run.
    public var learningRateSchedule = LearningRateSchedule.constant
    /// Adam's L2 weight decay (PixelHNN's recipe uses 1e-5).
    public var weightDecay = 0.0
    /// Clip the gradients' global norm to this value (`nil`: no clipping).
    public var gradientClipNorm: Double?
    /// Training-sequence lengths over the run; empty: the dataset's full sequences.
    public var curriculum: [CurriculumStage] = []
    /// Frames decoded and scored per training sequence and step: the anchor and `decodedFramesPerSequence − 1`
    /// later frames drawn at random, their error scaled so that the loss is an unbiased estimate of the loss over
    /// every frame (see ``DecodedFrameSample``); `nil`: every frame. The latent state is still integrated over the
    /// whole sequence, so long rollouts are supervised at the decoder cost of a short one. At least 2; ignored by
    /// PixelHNN.
    public var decodedFramesPerSequence: Int?
    /// The KL weight (ignored by models without a posterior).
    public var klWeighting = KLWeighting.fixed(beta: 1)
    /// How reconstructions are scored.
    public var reconstruction = ReconstructionLoss.frameMeanSquaredError
    /// Steps between checkpoints (a checkpoint is also written at the end).
    public var checkpointInterval = 100
    /// Seed of the data order, the sub-sequence starts and the posterior samples.
    public var seed: UInt64 = 1

    /// A configuration of `steps` steps with the defaults above.
    public init(steps: Int) { self.steps = steps }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case steps, batchSize, learningRate, learningRateSchedule, weightDecay, gradientClipNorm, curriculum
        case decodedFramesPerSequence, klWeighting, reconstruction, checkpointInterval, seed
    }

    /// Decodes a configuration from JSON: `steps` is required, every other key defaults as above, and an unknown
    /// key is an error that lists the known ones (so a misspelt setting cannot be silently ignored).
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        let known = CodingKeys.allCases.map(\.rawValue)
        if let unknown = keys.first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [AnyKey(stringValue: unknown)],
                    debugDescription: "unknown key '\(unknown)'; known keys: \(known.joined(separator: ", "))"))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        steps = try c.decode(Int.self, forKey: .steps)
        let defaults = TrainingConfiguration(steps: steps)
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? defaults.batchSize
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? defaults.learningRate
        learningRateSchedule =
            try c.decodeIfPresent(LearningRateSchedule.self, forKey: .learningRateSchedule)
            ?? defaults.learningRateSchedule
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? defaults.weightDecay
        gradientClipNorm = try c.decodeIfPresent(Double.self, forKey: .gradientClipNorm)
        curriculum = try c.decodeIfPresent([CurriculumStage].self, forKey: .curriculum) ?? defaults.curriculum
        decodedFramesPerSequence = try c.decodeIfPresent(Int.self, forKey: .decodedFramesPerSequence)
        klWeighting = try c.decodeIfPresent(KLWeighting.self, forKey: .klWeighting) ?? defaults.klWeighting
        reconstruction =
            try c.decodeIfPresent(ReconstructionLoss.self, forKey: .reconstruction) ?? defaults.reconstruction
        checkpointInterval = try c.decodeIfPresent(Int.self, forKey: .checkpointInterval) ?? defaults.checkpointInterval
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
    }

    /// Frames per training sequence at `step`: the last curriculum stage that has begun, or `fullLength`.
    public func sequenceLength(atStep step: Int, fullLength: Int) -> Int {
        curriculum.last(where: { $0.fromStep <= step })?.frames ?? curriculum.first?.frames ?? fullLength
    }

    /// Checks values and their consistency.
    ///
    /// - Throws: ``TrainingError/invalidConfiguration(field:reason:)``.
    public func validate() throws(TrainingError) {
        guard steps > 0 else { throw .invalidConfiguration(field: "steps", reason: "must be positive (got \(steps))") }
        guard batchSize > 0 else {
            throw .invalidConfiguration(field: "batchSize", reason: "must be positive (got \(batchSize))")
        }
        guard learningRate.isFinite, learningRate > 0 else {
            throw .invalidConfiguration(
                field: "learningRate", reason: "must be a finite number > 0 (got \(learningRate))")
        }
        guard checkpointInterval > 0 else {
            throw .invalidConfiguration(
                field: "checkpointInterval", reason: "must be positive (got \(checkpointInterval))")
        }
        if let clip = gradientClipNorm, !(clip.isFinite && clip > 0) {
            throw .invalidConfiguration(field: "gradientClipNorm", reason: "must be a finite number > 0 (got \(clip))")
        }
        if let decoded = decodedFramesPerSequence, decoded < 2 {
            throw .invalidConfiguration(
                field: "decodedFramesPerSequence",
                reason:
                    "must be at least 2 (the anchor and one later frame), or absent to decode every frame (got \(decoded))"
            )
        }
        for stage in curriculum where stage.frames < 3 || stage.fromStep < 0 {
            throw .invalidConfiguration(
                field: "curriculum",
                reason: "stages need fromStep >= 0 and at least 3 frames (got \(stage))")
        }
        guard curriculum.map(\.fromStep) == curriculum.map(\.fromStep).sorted() else {
            throw .invalidConfiguration(field: "curriculum", reason: "stages must be in increasing order of fromStep")
        }
        if case .cosine(let warmup, let fraction) = learningRateSchedule, warmup < 0 || !(0...1).contains(fraction) {
            throw .invalidConfiguration(
                field: "learningRateSchedule",
                reason: "needs warmupSteps >= 0 and finalFraction in [0, 1]")
        }
    }
}

/// A coding key for any string (to list the keys a JSON object has).
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
