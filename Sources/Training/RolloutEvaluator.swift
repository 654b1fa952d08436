import Checkpoints
import Datasets
import Models
import Tensor

/// The scores of a model and of both baselines on the same sequences, frames and direction.
public struct RolloutComparison: Codable, Hashable, Sendable {
    /// The split the sequences come from.
    public var split: String
    /// Which way the rollouts ran.
    public var direction: TimeDirection
    /// Frames per evaluated sequence.
    public var sequenceFrames: Int
    /// Index of the anchor frame (step 0) within each sequence.
    public var anchorFrame: Int
    /// Steps predicted after the anchor.
    public var steps: Int
    /// The model's scores.
    public var model: RolloutScores
    /// The mean training frame's scores.
    public var meanFrame: RolloutScores
    /// The held anchor frame's scores.
    public var lastFrame: RolloutScores
}

/// Scores rollouts of fixed sequences: pixel MSE per step and averaged, valid prediction time and the drift of the
/// learned energy, for a model and for the ``BaselinePredictor``s on exactly the same frames.
///
/// **Forward** rollouts anchor at frame `anchorFrame` (the last of the inputs; K − 1 = 4 for HGN's protocol),
/// give each model its `inputFrameCount` frames ending there, and predict frames `anchorFrame … length − 1`
/// (step 0 is the anchor's reconstruction, as in the paper's 30-frame rollouts). **Backward** rollouts anchor at
/// the last frame, give the model the frames ending there (in forward order), run with a negative time step and
/// predict frames `length − 1` down to `length − 1 − steps`, the same number of steps.
public struct RolloutEvaluator {
    /// The split's name.
    public let split: String
    /// The sequences, all of `sequences.length` frames.
    public let sequences: VideoBatch
    /// Index of the forward anchor.
    public let anchorFrame: Int
    /// Sequences per model call (memory bound).
    public let chunkSize: Int

    /// An evaluator on given sequences.
    public init(split: String, sequences: VideoBatch, anchorFrame: Int, chunkSize: Int = 16) {
        precondition(anchorFrame >= 0 && anchorFrame < sequences.length - 1, "the anchor must leave frames to predict")
        self.split = split
        self.sequences = sequences
        self.anchorFrame = anchorFrame
        self.chunkSize = chunkSize
    }

    /// An evaluator on the first `count` trajectories of `split` (fewer if the split is smaller), frames
    /// `0 ..< length` of each (the whole trajectory when `length` is `nil`).
    ///
    /// - Throws: ``TrainingError/data(_:)`` for a missing split, frames of another size than `resolution`, or
    ///   trajectories shorter than `length`.
    public static func load(
        folder: String, split: String, count: Int, length: Int? = nil, anchorFrame: Int,
        resolution: Int? = nil
    ) throws(TrainingError) -> RolloutEvaluator {
        do throws(VideoBatchError) {
            let stream = try VideoBatches(
                folder: folder, split: split, batchSize: 1, shuffled: false, length: length,
                expectedResolution: resolution)
            guard anchorFrame + 1 < stream.length else {
                throw VideoBatchError.tooFewFrames(
                    folder: folder, split: split, found: stream.length,
                    needed: anchorFrame + 2)
            }
            let indices = Array(0..<min(count, stream.trajectoryCount))
            let batch = try stream.read(trajectories: indices, starts: indices.map { _ in 0 })
            return RolloutEvaluator(split: split, sequences: batch, anchorFrame: anchorFrame)
        } catch {
            throw .data(error)
        }
    }

    /// Steps predicted after the anchor (both directions).
    public var steps: Int { sequences.length - 1 - anchorFrame }

    /// Scores of `model` and of both baselines (`meanFrame` is the mean training frame).
    public func compare(
        _ model: any VideoDynamicsModel, meanFrame: [Float], direction: TimeDirection
    )
        throws(TrainingError) -> RolloutComparison
    {
        RolloutComparison(
            split: split, direction: direction, sequenceFrames: sequences.length,
            anchorFrame: direction == .forward ? anchorFrame : sequences.length - 1, steps: steps,
            model: try scores(of: model, direction: direction),
            meanFrame: scores(of: .meanFrame(meanFrame), direction: direction),
            lastFrame: scores(of: .lastFrame, direction: direction))
    }

    /// The model's scores. Runs without recording gradients, `chunkSize` sequences at a time.
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:expected:found:)`` when the frames do not fit the model, or
    ///   ``TrainingError/invalidConfiguration(field:reason:)`` when the anchor leaves too few input frames.
    public func scores(
        of model: any VideoDynamicsModel, direction: TimeDirection
    ) throws(TrainingError) -> RolloutScores {
        let inputs = model.inputFrameCount
        guard direction == .backward || anchorFrame + 1 >= inputs else {
            throw .invalidConfiguration(
                field: "anchorFrame",
                reason: "is \(anchorFrame), but the model reads \(inputs) frames up to the anchor")
        }
        var accumulator = ScoreAccumulator()
        for chunk in chunks() {
            let anchor = direction == .forward ? anchorFrame : sequences.length - 1
            let input = frames(chunk, Array((anchor + 1 - inputs)...anchor))
            let rollout = try modelCall { () throws(ModelsError) in
                try withoutRecording { () throws(ModelsError) in
                    try model.rollout(from: input, steps: steps, direction: direction)
                }
            }
            accumulator.add(
                prediction: rollout.frames, truth: frames(chunk, targetIndices(direction)),
                energies: rollout.energies)
        }
        return accumulator.scores()
    }

    /// A baseline's scores on the same frames.
    public func scores(of baseline: BaselinePredictor, direction: TimeDirection) -> RolloutScores {
        var accumulator = ScoreAccumulator()
        for chunk in chunks() {
            let anchor = direction == .forward ? anchorFrame : sequences.length - 1
            let anchorFrames = frames(chunk, [anchor])
            let shape = anchorFrames.shape
            let prediction = baseline.predict(
                anchor: anchorFrames.reshaped(to: [shape[0], shape[2], shape[3], 3]),
                steps: steps)
            accumulator.add(prediction: prediction, truth: frames(chunk, targetIndices(direction)), energies: nil)
        }
        return accumulator.scores()
    }

    /// The scores of predictions made outside a model, e.g. the physics floor's: `predict` receives a range of
    /// sequences (indices into ``sequences``) and returns their predicted frames `[range.count, steps + 1, H, W, 3]`
    /// for the targets of `direction` (step 0 first), which are scored like a model's.
    public func scores<E: Error>(
        direction: TimeDirection, predictedBy predict: (Range<Int>) throws(E) -> Tensor
    )
        throws(E) -> RolloutScores
    {
        var accumulator = ScoreAccumulator()
        for chunk in chunks() {
            accumulator.add(
                prediction: try predict(chunk), truth: frames(chunk, targetIndices(direction)), energies: nil)
        }
        return accumulator.scores()
    }

    /// True and predicted frames of the first `count` sequences, `[count, steps + 1, H, W, 3]` each, for strips.
    public func truthAndPrediction(
        of model: any VideoDynamicsModel, count: Int, direction: TimeDirection
    )
        throws(TrainingError) -> (truth: Tensor, prediction: Tensor)
    {
        let chunk = 0..<min(count, sequences.count)
        let anchor = direction == .forward ? anchorFrame : sequences.length - 1
        let input = frames(chunk, Array((anchor + 1 - model.inputFrameCount)...anchor))
        let rollout = try modelCall { () throws(ModelsError) in
            try withoutRecording { () throws(ModelsError) in
                try model.rollout(from: input, steps: steps, direction: direction)
            }
        }
        return (frames(chunk, targetIndices(direction)), rollout.frames)
    }

    /// Frame indices of the targets, step 0 first.
    public func targetIndices(_ direction: TimeDirection) -> [Int] {
        switch direction {
        case .forward: Array(anchorFrame..<sequences.length)
        case .backward: (0...steps).map { sequences.length - 1 - $0 }
        }
    }

    private func chunks() -> [Range<Int>] {
        stride(from: 0, to: sequences.count, by: chunkSize).map { $0..<min($0 + chunkSize, sequences.count) }
    }

    /// Frames `indices` of sequences `range`, as `[range.count, indices.count, H, W, 3]`.
    func frames(_ range: Range<Int>, _ indices: [Int]) -> Tensor {
        let size = sequences.resolution * sequences.resolution * 3, length = sequences.length
        return Tensor(shape: [range.count, indices.count, sequences.resolution, sequences.resolution, 3]) {
            (buffer: UnsafeMutableBufferPointer<Float>) in
            sequences.frames.withUnsafeBufferPointer { source in
                for (row, sequence) in range.enumerated() {
                    for (column, frame) in indices.enumerated() {
                        let from = (sequence * length + frame) * size, to = (row * indices.count + column) * size
                        for i in 0..<size { buffer[to + i] = source[from + i] }
                    }
                }
            }
        }
    }
}

/// Sums of per-sequence, per-step errors, turned into ``RolloutScores``.
struct ScoreAccumulator {
    var errors: [[Double]] = []
    var truths: [[Double]] = []
    var energies: [[Double]] = []

    mutating func add(prediction: Tensor, truth: Tensor, energies energyTensor: Tensor?) {
        precondition(prediction.shape == truth.shape, "prediction \(prediction.shape) and truth \(truth.shape) differ")
        let steps = truth.shape[1]
        let squaredErrors = withoutGradientRecording { (prediction - truth).squared().mean(alongAxes: [2, 3, 4]) }
        let squaredTruth = withoutGradientRecording { truth.squared().mean(alongAxes: [2, 3, 4]) }
        let e = squaredErrors.scalars(as: Double.self), t = squaredTruth.scalars(as: Double.self)
        for row in 0..<truth.shape[0] {
            errors.append(Array(e[row * steps..<(row + 1) * steps]))
            truths.append(Array(t[row * steps..<(row + 1) * steps]))
        }
        if let energyTensor {
            let values = energyTensor.scalars(as: Double.self)
            for row in 0..<truth.shape[0] { energies.append(Array(values[row * steps..<(row + 1) * steps])) }
        }
    }

    func scores() -> RolloutScores {
        let count = errors.count, steps = errors.first?.count ?? 0
        let perSequence = errors.map { $0.reduce(0, +) / Double(max(steps, 1)) }
        let mean = perSequence.reduce(0, +) / Double(max(count, 1))
        let variance = perSequence.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(count - 1, 1))
        let perStep = (0..<steps).map { step in errors.reduce(0) { $0 + $1[step] } / Double(max(count, 1)) }
        let times = zip(errors, truths).map { ValidPredictionTime.steps(squaredErrors: $0, squaredTruth: $1) }
        return RolloutScores(
            sequences: count, meanSquaredError: mean, standardDeviation: variance.squareRoot(), perStep: perStep,
            validPredictionTime: Double(times.reduce(0, +)) / Double(max(count, 1)),
            energyDrift: energies.isEmpty ? nil : EnergyDrift(energies: energies), perSequence: perSequence)
    }
}

/// ``withoutGradientRecording(_:)`` for a body with typed throws.
func withoutRecording<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    try withoutGradientRecording { Result { () throws(E) in try body() } }.get()
}
