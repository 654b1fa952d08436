import Checkpoints
import Datasets
import Foundation
import Models
import SeededRandom
import Support
import Tensor

/// Trains a ``VideoDynamicsModel`` on one split of a dataset folder with Adam, writing checkpoints, a learning
/// curve and a JSON record of the run into its directory, and resuming from the last checkpoint when it finds one.
///
/// **Determinism.** Step `n` reads batch `n` of a seeded ``VideoBatches`` stream, draws its sub-sequence start and
/// posterior noise from a generator seeded by `(seed, n)`, and sets the learning rate from the schedule at `n`; the
/// checkpoint holds the parameters, Adam's moments and step, the step count and GECO's state (bit patterns). A run
/// interrupted at any point and resumed therefore ends with the same parameters, bit for bit, as an uninterrupted one.
///
/// **Files** in `directory`: `checkpoint.h5` (``Checkpoint`` format, with metadata), `log.json` (learning curve
/// and sittings up to the checkpoint, written just before it), `record.json` (the ``TrainingRecord``, at the end of
/// each sitting).
///
/// ```swift
/// let trainer = try Trainer(model: model, configuration: TrainingConfiguration(steps: 1200),
///                           dataset: "data/pendulum", directory: "runs/hgn")
/// let record = try trainer.train(progress: TrainingProgress.standardErrorPrinter())
/// ```
public final class Trainer {
    /// The model being trained.
    public let model: any VideoDynamicsModel
    /// The run's settings.
    public let configuration: TrainingConfiguration
    /// Where checkpoints and records go (`nil`: nothing is written and nothing resumed).
    public let directory: String?
    /// The training stream (position = step).
    public let batches: VideoBatches
    /// The optimiser (its state is checkpointed).
    public let optimizer: Adam
    /// Steps completed (including those of earlier sittings).
    public private(set) var completedSteps = 0
    /// GECO's state, when the KL is weighted by GECO.
    public private(set) var geco: GECOState?
    /// The step at which this sitting resumed (`nil` for a fresh run).
    public private(set) var resumedFromStep: Int?
    private var log = TrainingLog()
    /// The claim on the run folder (``FileName/lock``), held while this trainer exists.
    var folderLock: HeldFileLock?

    /// File names inside the run directory.
    public enum FileName {
        /// The checkpoint.
        public static let checkpoint = "checkpoint.h5"
        /// Learning curve and sittings up to the checkpoint.
        public static let log = "log.json"
        /// The run record.
        public static let record = "record.json"
        /// Locked while a trainer uses the folder (removed when it is done), so that two runs never share it.
        public static let lock = "train.lock"
    }

    /// Prepares a run, resuming it when `directory` holds a checkpoint of the same model and configuration.
    ///
    /// - Throws: ``TrainingError/invalidConfiguration(field:reason:)`` for bad settings; ``TrainingError/data(_:)`` for a
    ///   dataset that cannot be read, holds frames of another size than the model's, or sequences too short for the
    ///   curriculum; ``TrainingError/checkpointMismatch(path:reason:)`` when the directory holds another run;
    ///   ``TrainingError/checkpoint(_:)`` for an unreadable checkpoint.
    public init(
        model: any VideoDynamicsModel, configuration: TrainingConfiguration, dataset folder: String,
        split: String = "train", directory: String?
    ) throws(TrainingError) {
        try configuration.validate()
        do {
            batches = try VideoBatches(
                folder: folder, split: split, batchSize: configuration.batchSize,
                seed: configuration.seed, shuffled: true, expectedResolution: model.resolution)
        } catch {
            throw .data(error)
        }
        let available = batches.framesPerTrajectory
        let lengths = configuration.curriculum.isEmpty ? [available] : configuration.curriculum.map(\.frames)
        let needed = max(model.inputFrameCount + 1, 3)
        if let longest = lengths.max(), longest > available {
            throw .data(.tooFewFrames(folder: folder, split: split, found: available, needed: longest))
        }
        if let shortest = lengths.min(), shortest < needed {
            throw .invalidConfiguration(
                field: "curriculum",
                reason:
                    "sequences of \(shortest) frames are too short: the model reads \(model.inputFrameCount) and needs at least \(needed)"
            )
        }
        self.model = model
        self.configuration = configuration
        self.directory = directory
        optimizer = Adam(
            parameters: model.parameters, learningRate: configuration.learningRate,
            weightDecay: configuration.weightDecay)
        if case .geco(let settings) = configuration.klWeighting { geco = GECOState(settings: settings) }
        if let directory { try resume(from: directory) }
    }

    /// Runs steps until `stopStep` (the configuration's `steps` by default), then writes a checkpoint (unless
    /// `saveFinalCheckpoint` is `false`, which simulates an interruption) and the record.
    ///
    /// Checkpoints are also written every `checkpointInterval` steps. `progress` is called after every step.
    /// - Throws: ``TrainingError/diverged(step:loss:)`` for a non-finite loss; data and checkpoint errors.
    /// - Returns: the record of the run so far.
    @discardableResult
    public func train(
        until stopStep: Int? = nil, saveFinalCheckpoint: Bool = true,
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws(TrainingError) -> TrainingRecord {
        let stop = min(stopStep ?? configuration.steps, configuration.steps)
        let clock = ContinuousClock(), started = clock.now
        let firstStep = completedSteps
        var session = TrainingSession(
            startedAt: ISO8601DateFormatter().string(from: Date()), fromStep: firstStep,
            toStep: firstStep, seconds: 0)
        log.sessions.append(session)
        func elapsed() -> Double {
            let duration = clock.now - started
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        while completedSteps < stop {
            try stopIfRequested()
            let stepStart = clock.now
            var point = try step(completedSteps)
            let stepDuration = clock.now - stepStart
            point.seconds =
                Double(stepDuration.components.seconds) + Double(stepDuration.components.attoseconds) * 1e-18
            completedSteps += 1
            log.curve.append(point)
            session.toStep = completedSteps
            session.seconds = elapsed()
            log.sessions[log.sessions.count - 1] = session
            if completedSteps % configuration.checkpointInterval == 0, completedSteps < stop {
                try saveCheckpoint()
            }
            progress?(
                TrainingProgress(
                    step: completedSteps, totalSteps: configuration.steps, point: point,
                    stepsPerSecond: Double(completedSteps - firstStep) / max(session.seconds, 1e-9)))
        }
        if saveFinalCheckpoint { try saveCheckpoint() }
        let record = makeRecord()
        if let directory { try writeAtomically(record.jsonData(), to: path(directory, FileName.record)) }
        return record
    }

    /// The record of the run so far.
    public func makeRecord() -> TrainingRecord {
        let seconds = log.sessions.reduce(0) { $0 + $1.seconds }
        let steps = log.sessions.reduce(0) { $0 + $1.toStep - $1.fromStep }
        return TrainingRecord(
            model: model.summary, parameterCount: model.parameters.scalarCount, training: configuration,
            dataset: DatasetReference(
                folder: batches.folder, split: batches.split,
                trajectories: batches.trajectoryCount, frames: batches.framesPerTrajectory,
                resolution: batches.resolution),
            environment: TrainingEnvironment.current(), completedSteps: completedSteps, sessions: log.sessions,
            secondsPerStep: steps > 0 ? seconds / Double(steps) : 0,
            medianSecondsPerStep: Self.median(log.curve.compactMap(\.seconds)), learningCurve: log.curve)
    }

    // MARK: - One step

    /// Runs optimiser step `index`: reads its batch, computes the loss, updates the parameters.
    private func step(_ index: Int) throws(TrainingError) -> LearningCurvePoint {
        var generator = SeededGenerator(
            seed: SeededGenerator.trajectorySeed(datasetSeed: configuration.seed, stream: 3, index: UInt64(index)))
        let full = batches.framesPerTrajectory
        let length = configuration.sequenceLength(atStep: index, fullLength: full)
        let batch: VideoBatch
        do { batch = try batches.batch(at: index) } catch { throw .data(error) }
        let start = Int(UInt64(full - length + 1).multipliedFullWidth(by: generator.next()).high)
        let frames = batch.frameTensor(frames: start..<start + length)

        let terms = try modelCall { () throws(ModelsError) in
            try model.lossTerms(
                on: frames, reconstruction: configuration.reconstruction,
                decodedFrames: configuration.decodedFramesPerSequence, using: &generator)
        }
        var loss = terms.reconstruction
        var klWeight = 0.0, nextGECO = geco
        if let kl = terms.klDivergence {
            if case .geco(let settings) = configuration.klWeighting, let state = geco {
                let constrained = state.loss(
                    pixelMeanSquaredError: terms.pixelMeanSquaredError, klDivergence: kl,
                    valuesPerSample: terms.predictedValuesPerSample, settings: settings)
                loss = constrained.loss
                nextGECO = constrained.next
                klWeight = 1 / (state.multiplier * Double(terms.predictedValuesPerSample))
            } else {
                klWeight = configuration.klWeighting.beta(atStep: index) ?? 0
                loss = loss + kl * klWeight
            }
        }
        for term in terms.auxiliary { loss = loss + term.value }
        let value = loss.scalarValue
        guard value.isFinite else { throw .diverged(step: index, loss: value) }

        var grads = gradients(of: loss, wrt: model.parameters.values)
        if let maxNorm = configuration.gradientClipNorm {
            grads = clippedByGlobalNorm(grads, maxNorm: maxNorm).gradients
        }
        let rate = configuration.learningRateSchedule.rate(
            atStep: index, totalSteps: configuration.steps,
            base: configuration.learningRate)
        optimizer.learningRate = rate
        optimizer.update(with: grads)
        let multiplier = geco?.multiplier
        geco = nextGECO
        return LearningCurvePoint(
            step: index, loss: value, reconstruction: terms.reconstruction.scalarValue,
            pixelMeanSquaredError: terms.pixelMeanSquaredError.scalarValue,
            klDivergence: terms.klDivergence?.scalarValue ?? 0, klWeight: klWeight, gecoMultiplier: multiplier,
            auxiliary: Dictionary(uniqueKeysWithValues: terms.auxiliary.map { ($0.name, $0.value.scalarValue) }),
            frames: length, learningRate: rate, seconds: nil)
    }

    // MARK: - Checkpoints

    /// Writes the log, then the checkpoint (each atomically): a crash between the two leaves a log that runs
    /// ahead of the checkpoint, which resuming trims.
    public func saveCheckpoint() throws(TrainingError) {
        guard let directory else { return }
        try writeAtomically(Self.encode(log), to: path(directory, FileName.log))
        var metadata = identity()
        metadata["step"] = String(completedSteps)
        if let geco {
            metadata["geco_multiplier_bits"] = String(geco.multiplier.bitPattern)
            metadata["geco_average_bits"] = geco.constraintAverage.map { String($0.bitPattern) } ?? "none"
        }
        do {
            try Checkpoint.save(
                model.parameters, optimizer: optimizer, metadata: metadata,
                to: path(directory, FileName.checkpoint))
        } catch {
            throw .checkpoint(error)
        }
    }

    /// What must agree between a checkpoint and the run resuming it: the model and every setting but the length.
    private func identity() -> [String: String] {
        var comparable = configuration
        comparable.steps = 0
        return [
            "model": Self.canonicalJSON(model.summary), "training": Self.canonicalJSON(comparable),
            "dataset": batches.folder + "#" + batches.split,
        ]
    }

    private func resume(from directory: String) throws(TrainingError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, reason: "cannot be created (\(error.localizedDescription))")
        }
        folderLock = try Self.claimRunFolder(directory)
        let checkpointPath = path(directory, FileName.checkpoint)
        guard FileManager.default.fileExists(atPath: checkpointPath) else { return }
        // Read the metadata through a scratch copy first: a checkpoint of another run must not touch this model.
        let scratch = ParameterCollection()
        for parameter in model.parameters.parameters {
            scratch.add(Parameter(name: parameter.name, value: parameter.value.zerosLike()))
        }
        let metadata: [String: String]
        do {
            metadata = try Checkpoint.load(from: checkpointPath, into: scratch)
        } catch {
            throw .checkpoint(error)
        }
        for (key, value) in identity() where metadata[key] != value {
            throw .checkpointMismatch(path: checkpointPath, reason: "its \(key) differs from this run's")
        }
        do {
            try Checkpoint.load(from: checkpointPath, into: model.parameters, optimizer: optimizer)
        } catch {
            throw .checkpoint(error)
        }
        guard let step = metadata["step"].flatMap(Int.init), step >= 0 else {
            throw .checkpointMismatch(path: checkpointPath, reason: "it records no step count")
        }
        if geco != nil {
            guard let bits = metadata["geco_multiplier_bits"].flatMap(UInt64.init),
                let average = metadata["geco_average_bits"]
            else { throw .checkpointMismatch(path: checkpointPath, reason: "it has no GECO state") }
            geco = GECOState(
                multiplier: Double(bitPattern: bits),
                constraintAverage: UInt64(average).map(Double.init(bitPattern:)))
        }
        let logPath = path(directory, FileName.log)
        if let data = FileManager.default.contents(atPath: logPath),
            let saved = try? JSONFormat.decoder().decode(TrainingLog.self, from: data)
        {
            log.curve = saved.curve.filter { $0.step < step }
            log.sessions = saved.sessions.compactMap { session in
                guard session.fromStep < step else { return nil }
                var trimmed = session
                trimmed.toStep = min(session.toStep, step)
                return trimmed
            }
        }
        completedSteps = step
        resumedFromStep = step
    }

    deinit {
        folderLock?.release(removingFile: true)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func canonicalJSON<T: Encodable>(_ value: T) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    static func encode<T: Encodable>(_ value: T) -> Data {
        guard let data = try? JSONFormat.encoder(pretty: false).encode(value) else {
            preconditionFailure("\(T.self) is always encodable")
        }
        return data
    }
}

/// `directory/name`.
func path(_ directory: String, _ name: String) -> String {
    (directory as NSString).appendingPathComponent(name)
}

extension GECOState {
    /// A state from its values (a resumed run).
    init(multiplier: Double, constraintAverage: Double?) {
        self.init(settings: GECOSettings())
        self.multiplier = multiplier
        self.constraintAverage = constraintAverage
    }
}
