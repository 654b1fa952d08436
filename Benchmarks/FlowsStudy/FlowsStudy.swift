import Datasets
import Foundation
import Models
import SeededRandom
import Tensor
import Training

/// One row of `flows.csv`: a model's test negative log-likelihood on one target and train size.
public struct FlowsResultRow: Codable, Sendable {
    public var target: String
    public var nTrain: Int
    /// `nhf`, `ehf`, `ehf-lambda-<λ>`, `ehf-encoder-only`, `kde`, `gaussian` or `true`.
    public var model: String
    /// λ of a flow (nil for the baselines).
    public var lambda: Double?
    /// The flow's momentum encoder (nil for the baselines).
    public var encoder: String?
    /// −mean log-density of the test points: for flows the one-sample ELBO (an upper bound in expectation), for the
    /// baselines their exact log-density.
    public var testNLL: Double
    /// −mean importance-weighted estimate with 16 and 128 samples (flows; equal to testNLL for the baselines).
    public var testNLLIW16: Double
    public var testNLLIW128: Double
    /// testNLLIW128 − the true density's NLL on the same points: an estimate of KL(true ‖ model) (plus the bound's
    /// remaining slack for flows).
    public var gapToTrue: Double
    /// Mean standard deviation of the log-density over 16 rotations of each point (see `RotationInvariance`).
    public var invarianceError: Double
    /// Training (flows) or fitting (KDE) time in seconds.
    public var seconds: Double
    /// Evaluation time in seconds.
    public var evaluationSeconds: Double
    /// KDE bandwidth chosen by cross-validation.
    public var bandwidth: Double?
    /// Mean training loss over the first and the last 5 % of steps (flows).
    public var initialLoss: Double?
    public var finalLoss: Double?
    /// Mean E[{H_k, g}²] over the last 5 % of steps (flows).
    public var finalBracketPenalty: Double?
    /// Encoder equivariance: mean std of log f(R p | R q) over 16 rotations at test points, shared p.
    public var encoderInvarianceError: Double?
    /// −mean IW-16 log-density estimate of the plan's `valid` points (flows): what λ is chosen on.
    public var validNLLIW16: Double?

    enum CodingKeys: String, CodingKey {
        case target, model, lambda, encoder, seconds, bandwidth
        case nTrain = "n_train"
        case testNLL = "test_nll"
        case testNLLIW16 = "test_nll_iw16"
        case testNLLIW128 = "test_nll_iw128"
        case gapToTrue = "gap_to_true"
        case invarianceError = "invariance_error"
        case evaluationSeconds = "evaluation_seconds"
        case initialLoss = "initial_loss"
        case finalLoss = "final_loss"
        case finalBracketPenalty = "final_bracket_penalty"
        case encoderInvarianceError = "encoder_invariance_error"
        case validNLLIW16 = "valid_nll_iw16"
    }
}

/// Everything a figure needs about one trained flow.
public struct TrainedFlowPicture {
    public var model: String
    /// Model samples [count · 2].
    public var samples: [Double]
    /// Importance-weighted log-density on the figure grid (row-major, top row first).
    public var logDensityGrid: [Double]
    /// U_k on the grid, one array per flow.
    public var potentials: [[Double]]
}

/// The figure data of one target (at its largest train size).
public struct TargetPicture {
    public var target: String
    public var nTrain: Int
    public var box: FigureBox
    public var trueLogDensityGrid: [Double]
    public var trainingPoints: [Double]
    public var flows: [TrainedFlowPicture]
}

/// How the headline EHF's λ was chosen: each candidate's `valid` NLL on every sweep cell, and the choice.
public struct LambdaSelection: Codable, Sendable, Equatable {
    /// One candidate λ: its IW-16 `valid` NLL on each sweep cell (`target/n`) and their mean.
    public struct Candidate: Codable, Sendable, Equatable {
        public var lambda: Double
        public var validNLL: [String: Double]
        public var meanValidNLL: Double

        public init(lambda: Double, validNLL: [String: Double]) {
            self.lambda = lambda
            self.validNLL = validNLL
            self.meanValidNLL = validNLL.isEmpty ? .nan : validNLL.values.reduce(0, +) / Double(validNLL.count)
        }

        enum CodingKeys: String, CodingKey {
            case lambda
            case validNLL = "valid_nll"
            case meanValidNLL = "mean_valid_nll"
        }
    }

    public var candidates: [Candidate]
    /// The λ of the headline `ehf` rows.
    public var chosen: Double
    /// Validation points each NLL is the mean over.
    public var validPoints: Int

    public init(candidates: [Candidate], chosen: Double, validPoints: Int) {
        self.candidates = candidates
        self.chosen = chosen
        self.validPoints = validPoints
    }

    enum CodingKeys: String, CodingKey {
        case candidates, chosen
        case validPoints = "valid_points"
    }
}

/// Everything `hgnbench flows` measured.
public struct FlowsResults {
    public var rows: [FlowsResultRow]
    public var pictures: [TargetPicture]
    /// Loss every 25 steps for each trained flow, keyed "target/n/model".
    public var lossCurves: [String: [Double]]
    public var seconds: Double
    /// How the headline λ was chosen; nil when the plan has one candidate or no sweep cell.
    public var lambdaSelection: LambdaSelection? = nil
    /// The headline EHF's λ (nil without a positive candidate).
    public var chosenLambda: Double? = nil
}

/// Trains and evaluates every model of a plan: the core of `hgnbench flows`.
public struct FlowsStudy {
    public let plan: FlowStudyPlan
    /// Folder holding one dataset folder per preset (generated with physgen's generator when missing).
    public let dataRoot: String
    /// Progress and log lines.
    public let log: (String) -> Void

    public init(plan: FlowStudyPlan, dataRoot: String, log: @escaping (String) -> Void) {
        self.plan = plan
        self.dataRoot = dataRoot
        self.log = log
    }

    /// Grid resolution of the figures.
    public static let gridSize = 64

    /// The headline λ: the candidate with the lowest mean `valid` NLL over the sweep cells; a tie goes to the
    /// smaller λ (the weaker constraint); candidates without a finite score never win. Nil when none has one.
    public static func chooseLambda(_ candidates: [LambdaSelection.Candidate]) -> Double? {
        candidates.filter { $0.meanValidNLL.isFinite }
            .min { ($0.meanValidNLL, $0.lambda) < ($1.meanValidNLL, $1.lambda) }?.lambda
    }

    /// A flow already trained and scored (the sweep trains every candidate before the headline rows are known).
    private struct TrainedFlow {
        var row: FlowsResultRow
        var picture: TrainedFlowPicture
        var curve: [Double]?
    }

    public func run() throws -> FlowsResults {
        let start = Date()
        var results = FlowsResults(rows: [], pictures: [], lossCurves: [:], seconds: 0)
        var trained: [String: TrainedFlow] = [:]
        results.chosenLambda = try chooseHeadlineLambda(trained: &trained, into: &results)
        for target in plan.targets {
            let data = try loadDataset(target)
            let spec = try DensityPresets.spec(named: target)
            for n in plan.trainSizes {
                let trainPoints = data.train.prefix(n)
                try runBaselines(target: target, spec: spec, train: trainPoints, test: data.test, into: &results)
                var pictures: [TrainedFlowPicture] = []
                for model in flowModels(target: target, n: n, headline: results.chosenLambda) {
                    var picture: TrainedFlowPicture
                    if model.lambda > 0, model.encoder == plan.ehfEncoder,
                        var flow = trained["\(target)/\(n)/\(model.lambda)"]
                    {
                        // Trained by the selection: the same seeded run, so reuse it under its final name.
                        flow.row.model = model.name
                        flow.picture.model = model.name
                        results.rows.append(flow.row)
                        results.lossCurves["\(target)/\(n)/\(model.name)"] = flow.curve
                        picture = flow.picture
                    } else {
                        picture = try runFlow(
                            model, target: target, spec: spec, train: trainPoints, valid: data.valid, test: data.test,
                            into: &results)
                    }
                    if n == plan.trainSizes.max(), model.name == "nhf" || model.name == "ehf" {
                        pictures.append(picture)
                    }
                }
                if n == plan.trainSizes.max() {
                    let box = FigureBox.standard(for: spec.target)
                    let grid = box.gridPoints(size: Self.gridSize)
                    let trueGrid = stride(from: 0, to: grid.count, by: 2).map {
                        spec.target.logDensity(grid[$0], grid[$0 + 1])
                    }
                    results.pictures.append(
                        TargetPicture(
                            target: target, nTrain: n, box: box, trueLogDensityGrid: trueGrid,
                            trainingPoints: trainPoints.q, flows: pictures))
                }
            }
        }
        results.seconds = Date().timeIntervalSince(start)
        return results
    }

    /// Trains every candidate λ on the sweep cells of the plan, scores each on the `valid` points and picks the
    /// headline λ with ``chooseLambda(_:)``. With one candidate, or no sweep cell among the plan's targets and sizes,
    /// nothing is trained and the first candidate is the headline (said in the log and the report).
    private func chooseHeadlineLambda(
        trained: inout [String: TrainedFlow], into results: inout FlowsResults
    ) throws -> Double? {
        let candidates = plan.candidateLambdas
        let cells = plan.targets.filter(plan.sweepTargets.contains).flatMap { target in
            plan.trainSizes.filter(plan.sweepTrainSizes.contains).map { (target, $0) }
        }
        guard candidates.count > 1, !cells.isEmpty else {
            if candidates.count > 1 {
                log("λ not chosen on valid: no sweep cell among these targets and sizes; ehf uses λ = \(candidates[0])")
            }
            return candidates.first
        }
        var scores: [Double: [String: Double]] = [:]
        for (target, n) in cells {
            let data = try loadDataset(target)
            let spec = try DensityPresets.spec(named: target)
            for lambda in candidates {
                var scratch = FlowsResults(rows: [], pictures: [], lossCurves: [:], seconds: 0)
                let model = FlowModel(
                    name: "ehf-lambda-\(formatLambda(lambda))", lambda: lambda, encoder: plan.ehfEncoder)
                let picture = try runFlow(
                    model, target: target, spec: spec, train: data.train.prefix(n), valid: data.valid, test: data.test,
                    into: &scratch)
                guard let row = scratch.rows.first else { continue }
                trained["\(target)/\(n)/\(lambda)"] = TrainedFlow(
                    row: row, picture: picture, curve: scratch.lossCurves.values.first)
                scores[lambda, default: [:]]["\(target)/\(n)"] = row.validNLLIW16 ?? .nan
            }
        }
        let scored = candidates.map { LambdaSelection.Candidate(lambda: $0, validNLL: scores[$0] ?? [:]) }
        guard let chosen = Self.chooseLambda(scored) else {
            throw FlowError.invalidData(
                reason: "no λ candidate got a finite valid NLL on the sweep cells (every EHF diverged): lower the "
                    + "learning rate or the λ values")
        }
        results.lambdaSelection = LambdaSelection(candidates: scored, chosen: chosen, validPoints: plan.validPoints)
        log(
            "λ chosen on valid (mean IW-16 NLL over \(cells.count) sweep cell(s)): "
                + scored.map { "λ = \(formatLambda($0.lambda)): \(format($0.meanValidNLL))" }.joined(separator: ", ")
                + " -> λ = \(formatLambda(chosen))")
        return chosen
    }

    // MARK: - Data

    /// The train (10,000 points), valid (the plan's first `validPoints`) and test (its first `testPoints`) splits of a
    /// preset, generating the dataset first if needed (or again, when it was made before the `valid` split existed).
    public func loadDataset(
        _ preset: String
    ) throws -> (train: DensityPoints, valid: DensityPoints, test: DensityPoints) {
        let spec = try DensityPresets.spec(named: preset)
        let folder = (dataRoot as NSString).appendingPathComponent(preset)
        if let manifest = try? DensityManifest.load(folder: folder), manifest.spec != spec {
            throw FlowError.invalidData(
                reason: "\(folder) holds a \(preset) dataset made from another spec (before the valid split existed?): "
                    + "move it away and hgnbench flows generates the current one")
        }
        if (try? DensityManifest.load(folder: folder))?.splits.count != spec.splits.count {
            log("generating \(preset) into \(folder) (physgen generate --preset \(preset) --out \(folder))")
            _ = try DensityGenerator(spec: spec, folder: folder).run()
        }
        let train = try DensityReader.split("train", folder: folder)
        let valid = try DensityReader.split("valid", folder: folder).prefix(plan.validPoints)
        let test = try DensityReader.split("test", folder: folder).prefix(plan.testPoints)
        return (train, valid, test)
    }

    // MARK: - Baselines

    public func runBaselines(
        target: String, spec: DensitySpec, train: DensityPoints, test: DensityPoints, into results: inout FlowsResults
    ) throws {
        let n = train.count
        let invariancePoints = Array(test.q.prefix(2 * plan.invariancePoints))
        let trueNLL = -mean(test.logDensity)
        let testSpec = try spec.split(named: "test")
        let trueInvariance = RotationInvariance.error(
            of: { q in
                stride(from: 0, to: q.count, by: 2).map { testSpec.region.logDensity(spec.target, q[$0], q[$0 + 1]) }
            },
            at: invariancePoints)
        results.rows.append(
            baselineRow(
                target, n, "true", nll: trueNLL, trueNLL: trueNLL, invariance: trueInvariance, seconds: 0, evaluation: 0
            ))

        func gaussianLog(_ q: [Double]) -> [Double] {
            stride(from: 0, to: q.count, by: 2).map { (i: Int) -> Double in
                let r2: Double = q[i] * q[i] + q[i + 1] * q[i + 1]
                return -0.5 * r2 - Foundation.log(2 * Double.pi)
            }
        }
        results.rows.append(
            baselineRow(
                target, n, "gaussian", nll: -mean(gaussianLog(test.q)), trueNLL: trueNLL,
                invariance: RotationInvariance.error(of: gaussianLog, at: invariancePoints), seconds: 0, evaluation: 0))

        let fitStart = Date()
        let kde = try KernelDensityEstimate(points: train.q, seed: plan.seed)
        let fitSeconds = Date().timeIntervalSince(fitStart)
        let evaluationStart = Date()
        let kdeNLL = -mean(kde.logDensity(at: test.q))
        let kdeInvariance = RotationInvariance.error(of: kde.logDensity(at:), at: invariancePoints)
        var row = baselineRow(
            target, n, "kde", nll: kdeNLL, trueNLL: trueNLL, invariance: kdeInvariance, seconds: fitSeconds,
            evaluation: Date().timeIntervalSince(evaluationStart))
        row.bandwidth = kde.bandwidth
        results.rows.append(row)
        log(
            "[\(target) n=\(n)] true \(format(trueNLL)), gaussian \(format(results.rows[results.rows.count - 2].testNLL)), kde \(format(kdeNLL)) (h = \(format(kde.bandwidth)))"
        )
    }

    public func baselineRow(
        _ target: String, _ n: Int, _ model: String, nll: Double, trueNLL: Double, invariance: Double, seconds: Double,
        evaluation: Double
    ) -> FlowsResultRow {
        FlowsResultRow(
            target: target, nTrain: n, model: model, lambda: nil, encoder: nil, testNLL: nll, testNLLIW16: nll,
            testNLLIW128: nll, gapToTrue: nll - trueNLL, invarianceError: invariance, seconds: seconds,
            evaluationSeconds: evaluation)
    }

    // MARK: - Flows

    /// One flow to train: its row name, λ, and encoder.
    public struct FlowModel {
        var name: String
        var lambda: Double
        var encoder: MomentumEncoderKind
    }

    /// The flows trained for a target and size: NHF, the headline EHF (λ = `headline`), and (in the sweep) the other
    /// candidates and the EHF encoder with λ = 0.
    public func flowModels(target: String, n: Int, headline: Double?) -> [FlowModel] {
        var models: [FlowModel] = []
        if plan.lambdas.contains(0) { models.append(FlowModel(name: "nhf", lambda: 0, encoder: .gaussian)) }
        if let headline {
            models.append(FlowModel(name: "ehf", lambda: headline, encoder: plan.ehfEncoder))
        }
        let inSweep = plan.sweepTargets.contains(target) && plan.sweepTrainSizes.contains(n)
        if inSweep {
            for lambda in plan.candidateLambdas where lambda != headline {
                models.append(
                    FlowModel(name: "ehf-lambda-\(formatLambda(lambda))", lambda: lambda, encoder: plan.ehfEncoder))
            }
            if plan.ehfEncoder != .gaussian {
                models.append(FlowModel(name: "ehf-encoder-only", lambda: 0, encoder: plan.ehfEncoder))
            }
        }
        return models
    }

    public func runFlow(
        _ model: FlowModel, target: String, spec: DensitySpec, train: DensityPoints, valid: DensityPoints,
        test: DensityPoints, into results: inout FlowsResults
    ) throws -> TrainedFlowPicture {
        let n = train.count
        var configuration = plan.architecture
        configuration.encoder = model.encoder
        configuration.seed = plan.seed
        let flow = try NeuralHamiltonianFlow(configuration: configuration)
        let generator = try SymmetryGenerator.named(plan.generatorName)
        let encoderLambda = model.encoder == .gaussian ? model.lambda : 0
        var options = HamiltonianFlowTrainingOptions(
            objective: try HamiltonianFlowObjective(
                bracketWeight: model.lambda, encoderBracketWeight: encoderLambda,
                generator: model.lambda > 0 ? generator : nil))
        options.steps = plan.steps
        options.batchSize = plan.batchSize
        options.learningRate = plan.learningRate
        options.seed = plan.seed &+ 1
        let label = "[\(target) n=\(n) \(model.name)]"
        var lastPrint = Date.distantPast
        let report = try HamiltonianFlowTrainer.train(flow, on: train.q, options: options) { progress in
            let now = Date()
            guard now.timeIntervalSince(lastPrint) >= 5 || progress.step == progress.steps else { return }
            lastPrint = now
            var line =
                "\(label) step \(progress.step)/\(progress.steps) loss \(format(progress.loss)) elbo \(format(progress.elbo))"
            if model.lambda > 0 { line += " {H,g}^2 \(format(progress.bracketPenalty))" }
            log(line + " | \(String(format: "%.1f", progress.seconds))s")
        }

        let evaluationStart = Date()
        var random = SeededGenerator(seed: plan.seed &+ 2)
        var estimates: [Int: Double] = [:]
        for samples in plan.importanceSamples {
            estimates[samples] = -mean(flow.logDensityEstimates(test.q, samples: samples, using: &random))
        }
        // The valid score draws from its own generator, so the test estimates are those of a run without it.
        var validRandom = SeededGenerator(seed: plan.seed &+ 3)
        let validNLL = -mean(flow.logDensityEstimates(valid.q, samples: 16, using: &validRandom))
        let invariancePoints = Array(test.q.prefix(2 * plan.invariancePoints))
        let invariance = RotationInvariance.error(of: flow, at: invariancePoints, using: &random)
        let encoderInvariance = encoderInvarianceError(flow, at: invariancePoints, using: &random)
        let trueNLL = -mean(test.logDensity)
        let window = max(1, plan.steps / 20)
        let change = report.lossChange(window: window)
        let iw128 = estimates[128] ?? estimates[plan.importanceSamples.max() ?? 1] ?? .nan
        var row = FlowsResultRow(
            target: target, nTrain: n, model: model.name, lambda: model.lambda, encoder: model.encoder.rawValue,
            testNLL: estimates[1] ?? .nan, testNLLIW16: estimates[16] ?? .nan, testNLLIW128: iw128,
            gapToTrue: iw128 - trueNLL, invarianceError: invariance, seconds: report.seconds,
            evaluationSeconds: Date().timeIntervalSince(evaluationStart), bandwidth: nil, initialLoss: change.first,
            finalLoss: change.last,
            finalBracketPenalty: report.bracketPenalties.suffix(window).reduce(0, +) / Double(window),
            encoderInvarianceError: encoderInvariance)
        row.validNLLIW16 = validNLL
        results.rows.append(row)
        results.lossCurves["\(target)/\(n)/\(model.name)"] = stride(from: 0, to: report.losses.count, by: 25).map {
            report.losses[$0]
        }
        log(
            "\(label) valid NLL iw16 \(format(validNLL)); test NLL: elbo \(format(row.testNLL)), iw16 \(format(row.testNLLIW16)), iw128 \(format(row.testNLLIW128)) (true \(format(trueNLL))); invariance \(format(invariance)); train \(String(format: "%.1f", report.seconds))s, eval \(String(format: "%.1f", row.evaluationSeconds))s"
        )

        guard n == plan.trainSizes.max() else {
            return TrainedFlowPicture(model: model.name, samples: [], logDensityGrid: [], potentials: [])
        }
        let box = FigureBox.standard(for: spec.target)
        let grid = box.gridPoints(size: Self.gridSize)
        return TrainedFlowPicture(
            model: model.name, samples: flow.sample(count: 20_000, using: &random),
            logDensityGrid: flow.logDensityEstimates(grid, samples: plan.figureSamples, using: &random),
            potentials: (0..<configuration.flows).map { flow.potential($0, at: grid) })
    }

    /// The encoder's rotation equivariance, measured: mean over points of the std of log f(R p | R q) over 16
    /// rotations R, with p drawn once per point from f(·|q).
    public func encoderInvarianceError(
        _ flow: NeuralHamiltonianFlow, at points: [Double], using random: inout SeededGenerator
    ) -> Double {
        let n = points.count / 2
        guard n > 0 else { return 0 }
        let q = flow.makeTensor(points, shape: [n, 2])
        let noise = Tensor.randomNormal(shape: [n, 2], dtype: flow.configuration.dtype, using: &random)
        let p = withoutGradientRecording { flow.encoder.sample(given: q, noise: noise).scalars(as: Double.self) }
        let angles = 16
        let rotatedQ = RotationInvariance.rotatedCopies(of: points, angles: angles)
        let rotatedP = RotationInvariance.rotatedCopies(of: p, angles: angles)
        let values = withoutGradientRecording {
            flow.encoder.logDensity(
                p: flow.makeTensor(rotatedP, shape: [n * angles, 2]),
                given: flow.makeTensor(rotatedQ, shape: [n * angles, 2])
            ).scalars(as: Double.self)
        }
        var total = 0.0
        for i in 0..<n {
            let group = values[(i * angles)..<((i + 1) * angles)]
            let m = group.reduce(0, +) / Double(angles)
            total += (group.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(angles)).squareRoot()
        }
        return total / Double(n)
    }
}

/// The square of the plane shown in a target's figures.
public struct FigureBox: Codable, Sendable {
    public var q1: ClosedRange<Double>
    public var q2: ClosedRange<Double>

    public static func standard(for target: DensityTarget) -> FigureBox {
        switch target {
        case .ring: return FigureBox(q1: -3...3, q2: -3...3)
        case .eightGaussians: return FigureBox(q1: -4...4, q2: -4...4)
        case .banana: return FigureBox(q1: -4.5...4.5, q2: -2.5...6.5)
        }
    }

    /// Cell centres of a size x size grid, row-major with the top row (largest q2) first: [size² · 2].
    public func gridPoints(size: Int) -> [Double] {
        var points: [Double] = []
        points.reserveCapacity(2 * size * size)
        for row in 0..<size {
            let y = q2.upperBound - (Double(row) + 0.5) * (q2.upperBound - q2.lowerBound) / Double(size)
            for column in 0..<size {
                points += [q1.lowerBound + (Double(column) + 0.5) * (q1.upperBound - q1.lowerBound) / Double(size), y]
            }
        }
        return points
    }
}

public func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

public func format(_ value: Double) -> String { String(format: "%.4f", value) }

/// λ as written in model names: `10`, `0.1`.
public func formatLambda(_ lambda: Double) -> String {
    lambda == lambda.rounded() && abs(lambda) < 1e9 ? String(Int(lambda)) : String(lambda)
}
