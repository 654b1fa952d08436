import Datasets
import Dispatch
import Foundation
import Models
import Physics
import Tensor
import Training

/// The physics floor of a table: two rows scored on exactly the sequences and frames of the models.
///
/// - `truth`: the noise-free true states `x` of each target frame, rendered by the dataset's renderer and scored
///   against the dataset's (noisy) frames. What a perfect, sharp prediction of the true motion scores: the
///   observation-noise floor.
/// - `oracle`: the true equations, constants and integrator, the state fitted to the positions the K input frames
///   were drawn with (``OracleFit``), rolled out and rendered. What perfect knowledge of the physics can do from these
///   inputs.
///
/// Neither is a strict lower bound for a squared-error model: a blurred prediction (the average over the phases the
/// inputs allow) can score below a sharp one. They say where a model sits between the mean frame and what the data
/// allow. Both are deterministic (no training seed).
public struct PhysicsFloor {
    public let system: FloorSystem
    /// Frames the oracle reads, ending at the anchor (HGN's K).
    public let inputFrames: Int

    public init(system: FloorSystem, inputFrames: Int) {
        self.system = system
        self.inputFrames = inputFrames
    }

    /// The floor of the dataset in `folder` (its manifest's spec).
    public init(dataset folder: String, inputFrames: Int) throws {
        self.init(system: try FloorSystem(spec: try Manifest.load(folder: folder).spec), inputFrames: inputFrames)
    }

    /// Both rows on the sequences of `evaluator`, in `direction`, beside the diagnostics of the oracle's fits.
    /// Runs the sequences on `threads` threads (the result does not depend on it).
    public func compare(
        _ evaluator: RolloutEvaluator, direction: TimeDirection,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> FloorComparison {
        let predictions = try predict(evaluator, direction: direction, threads: threads)
        let frameValues = evaluator.sequences.resolution * evaluator.sequences.resolution * 3 * (evaluator.steps + 1)
        func score(_ pick: (SequencePrediction) -> [UInt8]) -> RolloutScores {
            evaluator.scores(direction: direction) { range in
                var scalars = [Float]()
                scalars.reserveCapacity(range.count * frameValues)
                for index in range { scalars += pick(predictions[index]).map { Float($0) / 255 } }
                let r = evaluator.sequences.resolution
                return Tensor(shape: [range.count, evaluator.steps + 1, r, r, 3], scalars: scalars)
            }
        }
        let residuals = predictions.map(\.fit.rootMeanSquareResidual).sorted()
        return FloorComparison(
            split: evaluator.split, direction: direction, truth: score(\.truth), oracle: score(\.oracle),
            oracleFit: OracleFitSummary(
                medianResidual: residuals.isEmpty ? 0 : residuals[residuals.count / 2],
                maximumResidual: residuals.last ?? 0, observationNoise: system.spec.observationNoise,
                medianIterations: predictions.map(\.fit.iterations).sorted()[predictions.count / 2],
                heldRollouts: predictions.filter(\.held).count))
    }

    /// One sequence's floor frames.
    struct SequencePrediction {
        var truth: [UInt8]
        var oracle: [UInt8]
        var fit: OracleFit.Outcome
        /// Whether the oracle's rollout ran into a singularity and was held from there.
        var held: Bool
    }

    /// The truth and oracle frames of every sequence of `evaluator`, in its order.
    func predict(_ evaluator: RolloutEvaluator, direction: TimeDirection, threads: Int) throws -> [SequencePrediction] {
        let batch = evaluator.sequences, length = batch.length, n = batch.stateCount
        let anchor = direction == .forward ? evaluator.anchorFrame : length - 1
        let targets = evaluator.targetIndices(direction)
        // The frames the oracle reads, in the time order of its fit, and the targets' offsets from the first.
        let observedFrames: [Int], targetOffsets: [Int]
        switch direction {
        case .forward:
            observedFrames = Array((anchor + 1 - inputFrames)...anchor)
            targetOffsets = targets.map { $0 - observedFrames[0] }
        case .backward:
            // Reversed time: for these Hamiltonians (kinetic energy even in p, positions depending on q only) the
            // frames played backwards are a trajectory of the same system (with p negated), so the oracle fits and
            // rolls forward in reversed time.
            observedFrames = (0..<inputFrames).map { anchor - $0 }
            targetOffsets = targets.map { anchor - $0 }
        }
        guard observedFrames.allSatisfy({ (0..<length).contains($0) }) else {
            throw FloorError.tooFewFrames(split: evaluator.split, frames: length, inputFrames: inputFrames)
        }
        let slots = FloorSlots(count: batch.count)
        let system = self.system, spec = system.spec, split = evaluator.split
        let workers = max(1, min(threads, batch.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for sequence in stride(from: worker, to: batch.count, by: workers) {
                slots.store(
                    sequence,
                    Result {
                        let index = batch.trajectoryIndices[sequence]
                        let seed = DatasetGenerator.trajectorySeed(datasetSeed: spec.seed, split: split, index: index)
                        let drawn = try system.source.simulate(seed: seed, frames: length)
                        let states = Array(batch.states[(sequence * length * n)..<((sequence + 1) * length * n)])
                        guard drawn.states == states else {
                            throw FloorError.notRegenerated(split: split, index: index)
                        }
                        let bodies = system.bodyCount
                        let observed = observedFrames.map {
                            Array(drawn.observedPositions[($0 * bodies)..<(($0 + 1) * bodies)])
                        }
                        let fit = try OracleFit.fit(observed: observed, system: system)
                        let rolled = system.flow(fit.state, (targetOffsets.max() ?? 0) + 1)
                        let rolledPositions = system.positions(ofStates: rolled.states)
                        let truePositions = system.positions(ofStates: states)
                        func at(_ positions: [SIMD2<Double>], _ frames: [Int]) -> [SIMD2<Double>] {
                            frames.flatMap { positions[($0 * bodies)..<(($0 + 1) * bodies)] }
                        }
                        return SequencePrediction(
                            truth: system.render(positions: at(truePositions, targets)),
                            oracle: system.render(positions: at(rolledPositions, targetOffsets)),
                            fit: fit, held: rolled.heldFrom != nil)
                    })
            }
        }
        return try slots.values()
    }
}

/// Results of concurrent workers, one slot per sequence.
private final class FloorSlots: @unchecked Sendable {
    private var slots: [Result<PhysicsFloor.SequencePrediction, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ value: Result<PhysicsFloor.SequencePrediction, any Error>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() throws -> [PhysicsFloor.SequencePrediction] {
        try slots.map { slot in
            guard let slot else { preconditionFailure("every sequence is predicted") }
            return try slot.get()
        }
    }
}

/// The floor's two rows on one set of sequences and direction.
public struct FloorComparison: Codable, Sendable {
    public var split: String
    public var direction: TimeDirection
    /// The noise-free true states, rendered.
    public var truth: RolloutScores
    /// The true physics from the state fitted to the input frames, rendered.
    public var oracle: RolloutScores
    /// How well the oracle's fits matched the input positions.
    public var oracleFit: OracleFitSummary
}

/// Diagnostics of the oracle's fits over the sequences of one comparison.
public struct OracleFitSummary: Codable, Sendable {
    /// Median over sequences of the RMS residual of the fitted positions (world units). For a good fit it is close to
    /// the observation noise times `sqrt(1 − unknowns / residuals)`.
    public var medianResidual: Double
    /// The largest RMS residual over sequences.
    public var maximumResidual: Double
    /// The dataset's observation noise (standard deviation of the drawn positions), for comparison.
    public var observationNoise: Double
    /// Median Levenberg–Marquardt iterations.
    public var medianIterations: Int
    /// Sequences whose oracle rollout ran into a near-singular encounter (n-body) and was held from the last frame
    /// the integrator reached (`nil` in floors computed before it was counted).
    public var heldRollouts: Int? = nil
}

/// The floor of one system: both rows on train, test (forward and backward) and long, as the models are scored.
public struct SystemFloor: Codable, Sendable {
    /// The layout version of `floors.json`.
    public var schemaVersion = 1
    public var system: String
    /// Frames the oracle reads.
    public var inputFrames: Int
    public var train: FloorComparison
    public var test: FloorComparison
    public var backward: FloorComparison
    public var long: FloorComparison
}

/// Why the floor cannot be computed.
public enum FloorError: Error, CustomStringConvertible {
    /// The dataset's trajectory does not come out of its spec and seed again.
    case notRegenerated(split: String, index: Int)
    /// Sequences too short for the oracle's input frames.
    case tooFewFrames(split: String, frames: Int, inputFrames: Int)

    public var description: String {
        switch self {
        case .notRegenerated(let split, let index):
            "trajectory \(index) of split '\(split)' does not regenerate from its spec and seed: the dataset was made by another version of physgen or altered (regenerate it, or run physgen validate on it)"
        case .tooFewFrames(let split, let frames, let inputFrames):
            "split '\(split)' has \(frames) frames per sequence, too few for the oracle's \(inputFrames) input frames and a prediction"
        }
    }
}

extension PhysicsFloor {
    /// The dataset's frames (upper rows) and the oracle's (lower rows) of the sequences of `evaluator`, forward, for
    /// a strip.
    public func oracleStrip(_ evaluator: RolloutEvaluator) throws -> (truth: Tensor, prediction: Tensor) {
        let predictions = try predict(evaluator, direction: .forward, threads: 1)
        let batch = evaluator.sequences, r = batch.resolution, frameValues = r * r * 3
        let targets = evaluator.targetIndices(.forward)
        var truth = [Float](), oracle = [Float]()
        for (sequence, prediction) in predictions.enumerated() {
            for frame in targets {
                let start = (sequence * batch.length + frame) * frameValues
                truth += batch.frames[start..<(start + frameValues)]
            }
            oracle += prediction.oracle.map { Float($0) / 255 }
        }
        let shape = [predictions.count, targets.count, r, r, 3]
        return (Tensor(shape: shape, scalars: truth), Tensor(shape: shape, scalars: oracle))
    }
}
