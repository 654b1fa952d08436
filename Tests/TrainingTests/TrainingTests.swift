import Checkpoints
import Datasets
import Foundation
import Models
import Tensor
import Testing
import Training

/// Training on a tiny dataset: every model learns, runs are reproducible, checkpoints round-trip, and a run killed
/// mid-way and resumed ends bit for bit where an uninterrupted one ends.
@Suite("Training")
struct TrainingTests {
    enum Variant: String, CaseIterable, Sendable {
        case leapfrog, euler, rk4, noTransformer, deterministic, pixelHNN

        func makeModel() throws -> any VideoDynamicsModel {
            switch self {
            case .leapfrog: try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
            case .euler: try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny(integrator: .euler))
            case .rk4: try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny(integrator: .rk4))
            case .noTransformer:
                try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny(transformer: false))
            case .deterministic:
                try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny(variational: false))
            case .pixelHNN: try PixelHNN(configuration: PixelHNNConfiguration.tiny())
            }
        }
    }

    static func configuration(steps: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(steps: steps)
        configuration.batchSize = 3
        configuration.learningRate = 3e-3
        configuration.klWeighting = .fixed(beta: 1e-3)
        configuration.curriculum = [CurriculumStage(fromStep: 0, frames: 5), CurriculumStage(fromStep: 4, frames: 6)]
        configuration.checkpointInterval = 2
        configuration.seed = 7
        return configuration
    }

    @Test("every model's reconstruction error decreases on a tiny dataset", arguments: Variant.allCases)
    func lossDecreases(variant: Variant) throws {
        let model = try variant.makeModel()
        let trainer = try Trainer(
            model: model, configuration: Self.configuration(steps: 24), dataset: Fixtures.pendulum,
            directory: nil)
        let curve = try trainer.train().learningCurve
        let first = curve.prefix(5).map(\.pixelMeanSquaredError).reduce(0, +) / 5
        let last = curve.suffix(5).map(\.pixelMeanSquaredError).reduce(0, +) / 5
        #expect(last < 0.5 * first, "\(variant): pixel MSE \(first) -> \(last)")
        #expect(curve.map(\.frames).prefix(4) == [5, 5, 5, 5] && curve[4].frames == 6, "the curriculum lengthens")
    }

    @Test(
        "a run killed mid-way and resumed ends bit for bit where an uninterrupted run ends (GECO state included)",
        arguments: [nil, 2] as [Int?])
    func resumeIsBitwise(decodedFrames: Int?) throws {
        var configuration = Self.configuration(steps: 6)
        configuration.klWeighting = .geco(settings: GECOSettings())
        configuration.decodedFramesPerSequence = decodedFrames
        let whole = TemporaryDirectory(), interrupted = TemporaryDirectory()
        let reference = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        let uninterrupted = try Trainer(
            model: reference, configuration: configuration, dataset: Fixtures.pendulum,
            directory: whole.path
        ).train()

        // "Kill" after step 5: the last checkpoint is at step 4, step 5 is lost and must be redone.
        let first = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        try Trainer(
            model: first, configuration: configuration, dataset: Fixtures.pendulum,
            directory: interrupted.path
        ).train(until: 5, saveFinalCheckpoint: false)
        let second = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        let resumed = try Trainer(
            model: second, configuration: configuration, dataset: Fixtures.pendulum,
            directory: interrupted.path)
        #expect(resumed.resumedFromStep == 4 && resumed.completedSteps == 4)
        let record = try resumed.train()

        #expect(second.parameters.bitPatterns == reference.parameters.bitPatterns)
        #expect(record.learningCurve.map(\.step) == Array(0..<6))
        #expect(record.learningCurve.map(\.loss.bitPattern) == uninterrupted.learningCurve.map(\.loss.bitPattern))
        #expect(record.learningCurve.map(\.gecoMultiplier) == uninterrupted.learningCurve.map(\.gecoMultiplier))
        #expect(record.sessions.count == 2 && record.sessions[0].toStep == 4 && record.sessions[1].fromStep == 4)
        #expect(FileManager.default.fileExists(atPath: interrupted.file(Trainer.FileName.record)))
    }

    @Test("a checkpoint round-trips the parameters, and loading it into another run's model is refused")
    func checkpointRoundTripAndMismatch() throws {
        let folder = TemporaryDirectory()
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        try Trainer(
            model: model, configuration: Self.configuration(steps: 2), dataset: Fixtures.pendulum,
            directory: folder.path
        ).train()
        let restored = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny(seed: 99))
        try Checkpoint.load(from: folder.file(Trainer.FileName.checkpoint), into: restored.parameters)
        #expect(restored.parameters.bitPatterns == model.parameters.bitPatterns)

        var faster = Self.configuration(steps: 2)
        faster.learningRate = 1e-2
        let other = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        do {
            _ = try Trainer(model: other, configuration: faster, dataset: Fixtures.pendulum, directory: folder.path)
            Issue.record("a checkpoint of another configuration was resumed")
        } catch {
            #expect("\(error)".contains("written by another run") && "\(error)".contains("training"), "\(error)")
        }
        // The refused checkpoint did not touch the model.
        #expect(
            other.parameters.bitPatterns
                == (try HamiltonianGenerativeNetwork(
                    configuration: HGNConfiguration.tiny()
                ).parameters).bitPatterns)
        let pixel = try PixelHNN(configuration: PixelHNNConfiguration.tiny())
        #expect(throws: TrainingError.self) {
            try Trainer(
                model: pixel, configuration: Self.configuration(steps: 2), dataset: Fixtures.pendulum,
                directory: folder.path)
        }
    }

    @Test("bad dataset paths, another resolution and too-short sequences are refused with what to do")
    func dataErrors() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        let missing = message {
            _ = try Trainer(
                model: model, configuration: Self.configuration(steps: 1), dataset: "/no/such/folder",
                directory: nil)
        }
        #expect(missing.contains("no manifest.json"), "\(missing)")
        let resolution = message {
            _ = try Trainer(
                model: model, configuration: Self.configuration(steps: 1), dataset: Fixtures.pendulum32,
                directory: nil)
        }
        #expect(resolution.contains("32x32") && resolution.contains("expects 16x16"), "\(resolution)")
        var long = Self.configuration(steps: 1)
        long.curriculum = [CurriculumStage(fromStep: 0, frames: 12)]
        let short = message {
            _ = try Trainer(model: model, configuration: long, dataset: Fixtures.pendulum, directory: nil)
        }
        #expect(short.contains("7 frames") && short.contains("--frames 12"), "\(short)")
        var tooShort = Self.configuration(steps: 1)
        tooShort.curriculum = [CurriculumStage(fromStep: 0, frames: 3)]
        let inputs = message {
            _ = try Trainer(model: model, configuration: tooShort, dataset: Fixtures.pendulum, directory: nil)
        }
        #expect(inputs.contains("reads 3"), "\(inputs)")
    }

    @Test("GECO's multiplier and moving average follow the replication's update")
    func gecoUpdate() {
        let settings = GECOSettings()
        var state = GECOState(settings: settings)
        let tolerance2 = settings.tolerance * settings.tolerance
        var average: Double?, multiplier = 1.0
        for mse in [0.004, 0.003, 0.0005] {
            let (loss, next) = state.loss(
                pixelMeanSquaredError: Tensor(mse, dtype: .float64),
                klDivergence: Tensor(50, dtype: .float64), valuesPerSample: 100,
                settings: settings)
            let constraint = mse - tolerance2
            let newAverage = average.map { 0.99 * $0 + 0.01 * constraint } ?? constraint
            #expect(abs(loss.scalarValue - (50.0 / 100 + multiplier * newAverage)) < 1e-12)
            multiplier *= Foundation.exp(0.1 * newAverage)
            average = newAverage
            #expect(abs(next.multiplier - multiplier) < 1e-15 && next.constraintAverage == newAverage)
            state = next
        }
    }

    @Test("a training configuration decodes from partial JSON with defaults, and refuses unknown keys")
    func configurationJSON() throws {
        let json =
            #"{"steps": 800, "learningRate": 0.0003, "curriculum": [{"fromStep": 0, "frames": 8}],"#
            + #" "klWeighting": {"fixed": {"beta": 0.001}}, "reconstruction": "sum-squared-error"}"#
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(json.utf8))
        var expected = TrainingConfiguration(steps: 800)
        expected.learningRate = 3e-4
        expected.curriculum = [CurriculumStage(fromStep: 0, frames: 8)]
        expected.klWeighting = .fixed(beta: 1e-3)
        expected.reconstruction = .summedSquaredError
        #expect(decoded == expected)
        let roundTrip = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(decoded))
        #expect(roundTrip == decoded)
        do {
            _ = try JSONDecoder().decode(
                TrainingConfiguration.self, from: Data(#"{"steps": 1, "learningrate": 1}"#.utf8))
            Issue.record("a misspelt key was accepted")
        } catch {
            #expect(
                "\(error)".contains("unknown key 'learningrate'") && "\(error)".contains("learningRate"), "\(error)")
        }
    }

    @Test("learning-rate schedules, KL warm-up and the curriculum give the documented values")
    func schedules() {
        let cosine = LearningRateSchedule.cosine(warmupSteps: 10, finalFraction: 0.1)
        #expect(cosine.rate(atStep: 0, totalSteps: 110, base: 1) == 0.1)
        #expect(cosine.rate(atStep: 9, totalSteps: 110, base: 1) == 1)
        #expect(abs(cosine.rate(atStep: 10, totalSteps: 110, base: 1) - 1) < 1e-12)
        #expect(abs(cosine.rate(atStep: 109, totalSteps: 110, base: 1) - 0.1) < 1e-12)
        #expect(
            abs(
                cosine.rate(atStep: 59, totalSteps: 110, base: 2) - 2
                    * (0.1 + 0.9 * 0.5 * (1 + cos(Double.pi * 49 / 99)))) < 1e-12)
        #expect(LearningRateSchedule.constant.rate(atStep: 5, totalSteps: 10, base: 3e-4) == 3e-4)
        #expect(KLWeighting.warmup(beta: 0.01, steps: 100).beta(atStep: 25) == 0.0025)
        #expect(KLWeighting.warmup(beta: 0.01, steps: 100).beta(atStep: 500) == 0.01)
        #expect(KLWeighting.geco(settings: GECOSettings()).beta(atStep: 3) == nil)
        var configuration = TrainingConfiguration(steps: 100)
        #expect(configuration.sequenceLength(atStep: 50, fullLength: 34) == 34)
        configuration.curriculum = [CurriculumStage(fromStep: 0, frames: 8), CurriculumStage(fromStep: 40, frames: 15)]
        #expect([0, 39, 40, 99].map { configuration.sequenceLength(atStep: $0, fullLength: 34) } == [8, 8, 15, 15])
    }
}
