import Datasets
import Models
import Training

/// What `hgnbench flows` runs: which targets, train sizes and models, how long each model trains, and how it is
/// evaluated. Built from a profile and the command's flags, validated before anything runs.
public struct FlowStudyPlan: Sendable, Equatable {
    /// The run sizes: `smoke` for CI (about a minute in release), `small` for the committed results (at most about
    /// five minutes per model on 2 cores).
    public enum Profile: String, Sendable, CaseIterable {
        case smoke, small
    }

    /// The profile the plan started from.
    public var profile: Profile
    /// Targets, as `physgen` preset names (`density-ring`, …).
    public var targets: [String]
    /// Train sizes (prefixes of the preset's 10,000-point train split).
    public var trainSizes: [Int]
    /// λ values: 0 trains the Neural Hamiltonian Flow (`nhf`); each positive value is a candidate for the
    /// Equivariant Hamiltonian Flow. Every candidate is trained on the sweep cells (``sweepCells``); the headline `ehf`
    /// is the one with the lowest mean `valid` NLL there (``LambdaSelection``), and it alone is trained on the other
    /// cells. The other candidates are reported as `ehf-lambda-<value>`.
    public var lambdas: [Double]
    /// The symmetry generator of the EHF.
    public var generatorName: String
    /// The EHF's momentum encoder (rotation-equivariant by construction for rotations, or the plain one with the
    /// penalty λ_f = λ on {log f, g}).
    public var ehfEncoder: MomentumEncoderKind
    /// Architecture shared by every flow (the encoder is set per model).
    public var architecture: HamiltonianFlowConfiguration
    /// Optimisation steps per model.
    public var steps: Int
    /// Points per training batch.
    public var batchSize: Int
    /// Adam's initial learning rate (cosine decay to 1e-4; the objective is set per model).
    public var learningRate: Double
    /// Test points used (the first ones of the test split); the ELBO and the IW estimates use all of them.
    public var testPoints: Int
    /// Validation points on which λ is chosen (the first ones of the valid split), scored by the headline estimator
    /// (``headlineSamples``).
    public var validPoints: Int
    /// Importance samples of the reported estimates (always including 1 and 128).
    public var importanceSamples: [Int]
    /// Test points on which the invariance error is measured, with 16 angles and 16 samples.
    public var invariancePoints: Int
    /// Importance samples per grid point of the learned-density figures.
    public var figureSamples: Int
    /// The targets of the λ sweep (every λ is trained there; elsewhere only 0 and the chosen λ).
    public var sweepTargets: [String]
    /// The train sizes of the λ sweep.
    public var sweepTrainSizes: [Int]
    /// Seed of weights, batches and evaluation noise.
    public var seed: UInt64

    /// The density presets a plan may use.
    public static var knownTargets: [String] { DensityPresets.names }

    /// The plan of a profile with the default targets, sizes and λ values.
    public static func standard(_ profile: Profile) -> FlowStudyPlan {
        var architecture = HamiltonianFlowConfiguration()
        switch profile {
        case .smoke:
            architecture.flows = 2
            architecture.leapfrogSteps = 2
            architecture.stepSize = 0.4
            architecture.hiddenWidth = 16
            architecture.encoderWidth = 16
            return FlowStudyPlan(
                profile: profile, targets: knownTargets, trainSizes: [100, 1_000], lambdas: [0, 1, 10],
                generatorName: "rotation", ehfEncoder: .rotationEquivariant, architecture: architecture, steps: 300,
                batchSize: 128, learningRate: 1e-2, testPoints: 200, validPoints: 200, importanceSamples: [1, 16, 128],
                invariancePoints: 16, figureSamples: 2, sweepTargets: ["density-ring"], sweepTrainSizes: [100], seed: 1)
        case .small:
            return FlowStudyPlan(
                profile: profile, targets: knownTargets, trainSizes: DensityPresets.benchmarkTrainSizes,
                lambdas: [0, 1, 10, 100], generatorName: "rotation", ehfEncoder: .rotationEquivariant,
                architecture: architecture, steps: 3_000, batchSize: 256, learningRate: 3e-3, testPoints: 5_000,
                validPoints: DensityPresets.validSamples, importanceSamples: [1, 16, 128], invariancePoints: 256,
                figureSamples: 16,
                sweepTargets: ["density-ring", "density-half-ring", "density-eight-gaussians"],
                sweepTrainSizes: [1_000],
                seed: 1)
        }
    }

    /// Applies the command's flags and validates the result; on error the plan is unchanged. `nil` keeps the
    /// profile's value.
    public mutating func apply(
        targets: [String]?, lambdas: [Double]?, generator: String?, encoder: String?, trainSizes: [Int]?, steps: Int?,
        testPoints: Int? = nil, validPoints: Int? = nil
    ) throws(FlowError) {
        var plan = self
        try plan.applying(
            targets: targets, lambdas: lambdas, generator: generator, encoder: encoder, trainSizes: trainSizes,
            steps: steps, testPoints: testPoints, validPoints: validPoints)
        self = plan
    }

    /// ``apply(targets:lambdas:generator:encoder:trainSizes:steps:testPoints:validPoints:)`` on this value (possibly
    /// left invalid when it throws).
    private mutating func applying(
        targets: [String]?, lambdas: [Double]?, generator: String?, encoder: String?, trainSizes: [Int]?, steps: Int?,
        testPoints: Int?, validPoints: Int?
    ) throws(FlowError) {
        if let targets {
            for name in targets where !Self.knownTargets.contains(name) {
                // Accept the bare target names too (`ring` for `density-ring`).
                guard Self.knownTargets.contains("density-" + name) else {
                    throw .unknownTarget(name, known: Self.knownTargets)
                }
            }
            self.targets = targets.map { Self.knownTargets.contains($0) ? $0 : "density-" + $0 }
        }
        if let lambdas { self.lambdas = lambdas }
        if let generator { generatorName = generator }
        if let encoder { ehfEncoder = try MomentumEncoderKind.named(encoder) }
        if let trainSizes { self.trainSizes = trainSizes }
        if let steps { self.steps = steps }
        if let testPoints { self.testPoints = testPoints }
        if let validPoints { self.validPoints = validPoints }
        try validate()
    }

    /// Checks the plan; the error names the offending flag.
    public func validate() throws(FlowError) {
        guard !targets.isEmpty else {
            throw .invalidValue(name: "--targets", value: "(none)", reason: "select at least one target")
        }
        for name in targets where !Self.knownTargets.contains(name) {
            throw .unknownTarget(name, known: Self.knownTargets)
        }
        guard !lambdas.isEmpty else {
            throw .invalidValue(name: "--lambdas", value: "(none)", reason: "give at least one value")
        }
        for lambda in lambdas {
            guard lambda.isFinite, lambda >= 0 else {
                throw .invalidValue(
                    name: "lambda", value: "\(lambda)",
                    reason: "must be a finite number >= 0 (0 gives the Neural Hamiltonian Flow)")
            }
        }
        guard Set(lambdas).count == lambdas.count else {
            throw .invalidValue(
                name: "--lambdas", value: lambdas.map(formatLambda).joined(separator: ","),
                reason: "names a value twice; give each lambda once")
        }
        _ = try SymmetryGenerator.named(generatorName)
        if ehfEncoder == .rotationEquivariant && generatorName != "rotation" {
            throw .invalidValue(
                name: "--encoder", value: ehfEncoder.rawValue,
                reason:
                    "is equivariant under rotations only; use --encoder gaussian (penalised) with the \(generatorName) generator"
            )
        }
        for size in trainSizes {
            guard (1...DensityPresets.defaultTrainSamples).contains(size) else {
                throw .invalidValue(
                    name: "train size", value: "\(size)",
                    reason: "must be between 1 and \(DensityPresets.defaultTrainSamples)")
            }
        }
        guard steps >= 1 else { throw .invalidValue(name: "--steps", value: "\(steps)", reason: "must be at least 1") }
        guard (1...DensityPresets.validSamples).contains(validPoints) else {
            throw .invalidValue(
                name: "--valid-points", value: "\(validPoints)",
                reason: "must be between 1 and \(DensityPresets.validSamples)")
        }
        guard (1...DensityPresets.testSamples).contains(testPoints) else {
            throw .invalidValue(
                name: "--test-points", value: "\(testPoints)",
                reason: "must be between 1 and \(DensityPresets.testSamples)")
        }
        try architecture.validate()
    }

    /// The EHF candidates: the positive λ values, smallest first.
    public var candidateLambdas: [Double] { lambdas.filter { $0 > 0 }.sorted() }

    /// The importance samples of the headline NLL (128 when the plan estimates it, else its largest S), which also
    /// scores the `valid` points that choose λ.
    public var headlineSamples: Int { importanceSamples.contains(128) ? 128 : importanceSamples.max() ?? 1 }

    /// Every cell of the plan, target-major in the plan's order.
    public var cells: [FlowCell] {
        targets.flatMap { target in trainSizes.map { FlowCell(target: target, nTrain: $0) } }
    }

    /// The cells where every λ is trained and λ is chosen: the plan's cells among ``sweepTargets`` x
    /// ``sweepTrainSizes``, or every cell of the plan when none is (e.g. `--targets banana`), so that λ is always
    /// chosen on `valid`.
    public var sweepCells: [FlowCell] {
        let inSweep = cells.filter { sweepTargets.contains($0.target) && sweepTrainSizes.contains($0.nTrain) }
        return inSweep.isEmpty ? cells : inSweep
    }
}

/// One target at one train size: the unit the study trains models in.
public struct FlowCell: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The preset name (`density-ring`, …).
    public var target: String
    /// The train size (a prefix of the train split).
    public var nTrain: Int

    public init(target: String, nTrain: Int) {
        self.target = target
        self.nTrain = nTrain
    }

    enum CodingKeys: String, CodingKey {
        case target
        case nTrain = "n_train"
    }

    public var description: String { "\(target) n=\(nTrain)" }
}
