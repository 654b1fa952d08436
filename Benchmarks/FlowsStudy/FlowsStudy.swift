import BenchmarkStatistics
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
    /// −mean IW-128 estimate on the plan's valid points: the score λ is chosen by (flows of the sweep cells only).
    public var validNLL: Double?
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

    enum CodingKeys: String, CodingKey {
        case target, model, lambda, encoder, seconds, bandwidth
        case nTrain = "n_train"
        case testNLL = "test_nll"
        case testNLLIW16 = "test_nll_iw16"
        case testNLLIW128 = "test_nll_iw128"
        case gapToTrue = "gap_to_true"
        case validNLL = "valid_nll_iw128"
        case invarianceError = "invariance_error"
        case evaluationSeconds = "evaluation_seconds"
        case initialLoss = "initial_loss"
        case finalLoss = "final_loss"
        case finalBracketPenalty = "final_bracket_penalty"
        case encoderInvarianceError = "encoder_invariance_error"
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

/// Everything `hgnbench flows` measured.
public struct FlowsResults {
    /// One row per cell and model, cells in the plan's order.
    public var rows: [FlowsResultRow]
    public var pictures: [TargetPicture]
    /// Loss every 25 steps for each trained flow, keyed "target/n/model".
    public var lossCurves: [String: [Double]]
    /// The choice of the headline EHF λ on `valid` (nil when the plan has no positive λ).
    public var selection: LambdaSelection?
    /// The true density's NLL on each sweep cell's valid points (the floor of the valid scores).
    public var trueValidNLL: [FlowCell: Double]
    /// The paired comparisons on the test points.
    public var orderings: [FlowsOrdering]
    public var seconds: Double

    public init(
        rows: [FlowsResultRow] = [], pictures: [TargetPicture] = [], lossCurves: [String: [Double]] = [:],
        selection: LambdaSelection? = nil, trueValidNLL: [FlowCell: Double] = [:], orderings: [FlowsOrdering] = [],
        seconds: Double = 0
    ) {
        self.rows = rows
        self.pictures = pictures
        self.lossCurves = lossCurves
        self.selection = selection
        self.trueValidNLL = trueValidNLL
        self.orderings = orderings
        self.seconds = seconds
    }
}

/// The train, valid and test points of one preset, as the plan uses them.
public struct FlowsData {
    /// The whole train split (cells take prefixes).
    public var train: DensityPoints
    /// The first `validPoints` of the valid split.
    public var valid: DensityPoints
    /// The first `testPoints` of the test split.
    public var test: DensityPoints
}

/// Trains and evaluates every model of a plan: the core of `hgnbench flows`.
///
/// Order of work: first the sweep cells (``FlowStudyPlan/sweepCells``), where NHF, every candidate λ and the EHF
/// encoder alone are trained and the flows are scored on `valid`; then λ is chosen on those scores
/// (``LambdaSelection``); then the other cells, where NHF and the EHF with the chosen λ are trained. Every finished
/// model is scored once on test; test scores drive no choice. Last, the paired comparisons (``FlowsOrderings``).
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

    /// What one cell produced: baseline and flow rows, per-point test NLL and, at the largest train size, the flows
    /// the figures show.
    struct CellOutcome {
        var baselines: [FlowsResultRow] = []
        var flows: [TrainedFlow] = []
        var perPoint: [String: [Double]] = [:]
    }

    /// One trained and scored flow (named once λ is chosen).
    struct TrainedFlow {
        var model: FlowModel
        var row: FlowsResultRow
        var testNLLPerPoint: [Double]
        var lossCurve: [Double]
        /// Kept only where a figure may show it (the largest train size).
        var flow: NeuralHamiltonianFlow?
    }

    public func run() throws -> FlowsResults {
        let start = Date()
        var data: [String: FlowsData] = [:]
        func points(_ target: String) throws -> FlowsData {
            if let cached = data[target] { return cached }
            let loaded = try loadDataset(target)
            data[target] = loaded
            return loaded
        }
        var outcomes: [FlowCell: CellOutcome] = [:]
        var results = FlowsResults()
        let largest = plan.trainSizes.max()

        // 1. The sweep: every candidate λ, scored on valid.
        let sweep = plan.sweepCells
        var scores: [LambdaSelection.Score] = []
        for cell in sweep {
            let set = try points(cell.target)
            var outcome = try runBaselines(cell, set)
            results.trueValidNLL[cell] = -mean(set.valid.logDensity)
            for model in sweepModels() {
                let trained = try runFlow(model, cell, set, scoreValid: true, keep: cell.nTrain == largest)
                if model.kind == .ehf, let score = trained.row.validNLL {
                    scores.append(LambdaSelection.Score(cell: cell, lambda: model.lambda, validNLL: score))
                }
                outcome.flows.append(trained)
            }
            outcomes[cell] = outcome
        }

        // 2. λ, chosen on valid.
        if !plan.candidateLambdas.isEmpty {
            let selection = try LambdaSelection.choose(candidates: plan.candidateLambdas, cells: sweep, scores: scores)
            results.selection = selection
            log(
                "lambda chosen on valid: \(formatLambda(selection.chosen)) (mean valid NLL over \(sweep.count) sweep cell(s): "
                    + zip(selection.candidates, selection.means).map { "\(formatLambda($0)) \(format($1))" }.joined(
                        separator: ", ") + ")")
        }
        let chosen = results.selection?.chosen

        // 3. The other cells: NHF and the chosen EHF.
        for cell in plan.cells where outcomes[cell] == nil {
            let set = try points(cell.target)
            var outcome = try runBaselines(cell, set)
            var models: [FlowModel] = []
            if plan.lambdas.contains(0) { models.append(FlowModel(kind: .nhf, lambda: 0, encoder: .gaussian)) }
            if let chosen { models.append(FlowModel(kind: .ehf, lambda: chosen, encoder: plan.ehfEncoder)) }
            for model in models {
                outcome.flows.append(try runFlow(model, cell, set, scoreValid: false, keep: cell.nTrain == largest))
            }
            outcomes[cell] = outcome
        }

        // 4. Rows in the plan's order, named now that λ is chosen; figures; comparisons.
        var perPoint: [FlowCell: [String: [Double]]] = [:]
        for cell in plan.cells {
            guard var outcome = outcomes[cell] else { continue }
            results.rows += outcome.baselines
            outcome.flows.sort { $0.model.order(chosen: chosen) < $1.model.order(chosen: chosen) }
            for i in outcome.flows.indices {
                let trained = outcome.flows[i]
                let name = trained.model.name(chosen: chosen)
                outcome.flows[i].row.model = name
                results.rows.append(outcome.flows[i].row)
                results.lossCurves["\(cell.target)/\(cell.nTrain)/\(name)"] = trained.lossCurve
                outcome.perPoint[name] = trained.testNLLPerPoint
            }
            perPoint[cell] = outcome.perPoint
            if cell.nTrain == largest {
                let shown = outcome.flows.filter { ["nhf", "ehf"].contains($0.row.model) }
                results.pictures.append(try picture(cell, train: try points(cell.target).train, flows: shown))
            }
        }
        log("paired comparisons: bootstrap over test points (\(PairedBootstrap.standard.replicates) replicates)")
        results.orderings = FlowsOrderings.compute(cells: plan.cells, perPoint: perPoint)
        results.seconds = Date().timeIntervalSince(start)
        return results
    }

    /// The flows of a sweep cell: NHF (when λ = 0 is in the plan), every candidate λ, and the EHF's encoder with
    /// λ = 0 (when it differs from NHF's).
    func sweepModels() -> [FlowModel] {
        var models: [FlowModel] = []
        if plan.lambdas.contains(0) { models.append(FlowModel(kind: .nhf, lambda: 0, encoder: .gaussian)) }
        for lambda in plan.candidateLambdas {
            models.append(FlowModel(kind: .ehf, lambda: lambda, encoder: plan.ehfEncoder))
        }
        if plan.ehfEncoder != .gaussian, !plan.candidateLambdas.isEmpty {
            models.append(FlowModel(kind: .encoderOnly, lambda: 0, encoder: plan.ehfEncoder))
        }
        return models
    }

    // MARK: - Data

    /// The train (all of it), valid and test points of a preset, generating the dataset first if needed.
    public func loadDataset(_ preset: String) throws -> FlowsData {
        let spec = try DensityPresets.spec(named: preset)
        let folder = (dataRoot as NSString).appendingPathComponent(preset)
        if let manifest = try? DensityManifest.load(folder: folder), manifest.spec.splits != spec.splits {
            throw FlowError.invalidData(
                reason:
                    "\(folder) holds another version of \(preset) (splits \(manifest.spec.splits.map(\.name).joined(separator: ", ")); preset version \(DensityPresets.version) has \(spec.splits.map(\.name).joined(separator: ", "))): delete the folder or pass another --data"
            )
        }
        if (try? DensityManifest.load(folder: folder)) == nil {
            log("generating \(preset) into \(folder) (physgen generate --preset \(preset) --out \(folder))")
            _ = try DensityGenerator(spec: spec, folder: folder).run()
        }
        return FlowsData(
            train: try DensityReader.split("train", folder: folder),
            valid: try DensityReader.split("valid", folder: folder).prefix(plan.validPoints),
            test: try DensityReader.split("test", folder: folder).prefix(plan.testPoints))
    }

    // MARK: - Baselines

    /// The true density, N(0, I) and the KDE on a cell's test points, with their per-point NLL.
    func runBaselines(_ cell: FlowCell, _ set: FlowsData) throws -> CellOutcome {
        let spec = try DensityPresets.spec(named: cell.target)
        let train = set.train.prefix(cell.nTrain), test = set.test
        let target = cell.target, n = cell.nTrain
        var outcome = CellOutcome()
        let invariancePoints = Array(test.q.prefix(2 * plan.invariancePoints))
        let trueNLL = -mean(test.logDensity)
        let testSpec = try spec.split(named: "test")
        let trueInvariance = RotationInvariance.error(
            of: { q in
                stride(from: 0, to: q.count, by: 2).map { testSpec.region.logDensity(spec.target, q[$0], q[$0 + 1]) }
            },
            at: invariancePoints)
        outcome.baselines.append(
            baselineRow(
                target, n, "true", nll: trueNLL, trueNLL: trueNLL, invariance: trueInvariance, seconds: 0, evaluation: 0
            ))
        outcome.perPoint["true"] = test.logDensity.map { -$0 }

        func gaussianLog(_ q: [Double]) -> [Double] {
            stride(from: 0, to: q.count, by: 2).map { (i: Int) -> Double in
                let r2: Double = q[i] * q[i] + q[i + 1] * q[i + 1]
                return -0.5 * r2 - Foundation.log(2 * Double.pi)
            }
        }
        let gaussian = gaussianLog(test.q).map { -$0 }
        outcome.baselines.append(
            baselineRow(
                target, n, "gaussian", nll: mean(gaussian), trueNLL: trueNLL,
                invariance: RotationInvariance.error(of: gaussianLog, at: invariancePoints), seconds: 0, evaluation: 0))
        outcome.perPoint["gaussian"] = gaussian

        let fitStart = Date()
        let kde = try KernelDensityEstimate(points: train.q, seed: plan.seed)
        let fitSeconds = Date().timeIntervalSince(fitStart)
        let evaluationStart = Date()
        let kdePerPoint = kde.logDensity(at: test.q).map { -$0 }
        let kdeNLL = mean(kdePerPoint)
        let kdeInvariance = RotationInvariance.error(of: kde.logDensity(at:), at: invariancePoints)
        var row = baselineRow(
            target, n, "kde", nll: kdeNLL, trueNLL: trueNLL, invariance: kdeInvariance, seconds: fitSeconds,
            evaluation: Date().timeIntervalSince(evaluationStart))
        row.bandwidth = kde.bandwidth
        outcome.baselines.append(row)
        outcome.perPoint["kde"] = kdePerPoint
        log(
            "[\(cell)] true \(format(trueNLL)), gaussian \(format(mean(gaussian))), kde \(format(kdeNLL)) (h = \(format(kde.bandwidth)))"
        )
        return outcome
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

    /// One flow to train: NHF, an EHF with a candidate λ, or the EHF's encoder with λ = 0.
    public struct FlowModel: Equatable, Sendable {
        public enum Kind: Sendable { case nhf, ehf, encoderOnly }
        public var kind: Kind
        public var lambda: Double
        public var encoder: MomentumEncoderKind

        /// The row name: `nhf`, `ehf` (the chosen λ), `ehf-lambda-<λ>` (another candidate) or `ehf-encoder-only`.
        public func name(chosen: Double?) -> String {
            switch kind {
            case .nhf: return "nhf"
            case .encoderOnly: return "ehf-encoder-only"
            case .ehf: return lambda == chosen ? "ehf" : "ehf-lambda-\(formatLambda(lambda))"
            }
        }

        /// Row order within a cell: nhf, ehf, the other candidates by λ, the encoder alone.
        func order(chosen: Double?) -> Double {
            switch kind {
            case .nhf: return -2
            case .ehf: return lambda == chosen ? -1 : lambda
            case .encoderOnly: return .infinity
            }
        }
    }

    /// Trains one flow on a cell and scores it: on test (once), and on valid when `scoreValid`.
    func runFlow(
        _ model: FlowModel, _ cell: FlowCell, _ set: FlowsData, scoreValid: Bool, keep: Bool
    ) throws -> TrainedFlow {
        let train = set.train.prefix(cell.nTrain), test = set.test
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
        let label =
            "[\(cell) \(model.kind == .ehf ? "ehf lambda=\(formatLambda(model.lambda))" : model.name(chosen: nil))]"
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
        var estimates: [Int: [Double]] = [:]
        for samples in plan.importanceSamples {
            estimates[samples] = flow.logDensityEstimates(test.q, samples: samples, using: &random).map { -$0 }
        }
        let invariancePoints = Array(test.q.prefix(2 * plan.invariancePoints))
        let invariance = RotationInvariance.error(of: flow, at: invariancePoints, using: &random)
        let encoderInvariance = encoderInvarianceError(flow, at: invariancePoints, using: &random)
        var validNLL: Double?
        if scoreValid {
            // Its own generator, so that scoring valid leaves every test number as it would be without it.
            var validRandom = SeededGenerator(seed: plan.seed &+ 3)
            validNLL = -mean(flow.logDensityEstimates(set.valid.q, samples: plan.headlineSamples, using: &validRandom))
        }
        let trueNLL = -mean(test.logDensity)
        let window = max(1, plan.steps / 20)
        let change = report.lossChange(window: window)
        let headline = estimates[plan.headlineSamples] ?? []
        let iw128 = mean(headline)
        var row = FlowsResultRow(
            target: cell.target, nTrain: cell.nTrain, model: model.name(chosen: nil), lambda: model.lambda,
            encoder: model.encoder.rawValue, testNLL: estimates[1].map(mean) ?? .nan,
            testNLLIW16: estimates[16].map(mean) ?? .nan, testNLLIW128: iw128, gapToTrue: iw128 - trueNLL,
            invarianceError: invariance, seconds: report.seconds, evaluationSeconds: 0, bandwidth: nil,
            initialLoss: change.first, finalLoss: change.last,
            finalBracketPenalty: report.bracketPenalties.suffix(window).reduce(0, +) / Double(window),
            encoderInvarianceError: encoderInvariance)
        row.validNLL = validNLL
        row.evaluationSeconds = Date().timeIntervalSince(evaluationStart)
        log(
            "\(label) test NLL: elbo \(format(row.testNLL)), iw16 \(format(row.testNLLIW16)), iw128 \(format(row.testNLLIW128)) (true \(format(trueNLL)))"
                + (validNLL.map { "; valid iw\(plan.headlineSamples) \(format($0))" } ?? "")
                + "; invariance \(format(invariance)); train \(String(format: "%.1f", report.seconds))s, eval \(String(format: "%.1f", row.evaluationSeconds))s"
        )
        return TrainedFlow(
            model: model, row: row, testNLLPerPoint: headline,
            lossCurve: stride(from: 0, to: report.losses.count, by: 25).map { report.losses[$0] },
            flow: keep ? flow : nil)
    }

    /// The figure data of a target at its largest train size: the true density, the training points, and samples,
    /// density and potentials of each flow shown (NHF, then the chosen EHF).
    func picture(_ cell: FlowCell, train: DensityPoints, flows: [TrainedFlow]) throws -> TargetPicture {
        let spec = try DensityPresets.spec(named: cell.target)
        let box = FigureBox.standard(for: spec.target)
        let grid = box.gridPoints(size: Self.gridSize)
        let trueGrid = stride(from: 0, to: grid.count, by: 2).map { spec.target.logDensity(grid[$0], grid[$0 + 1]) }
        var pictures: [TrainedFlowPicture] = []
        for trained in flows {
            guard let flow = trained.flow else { continue }
            var random = SeededGenerator(seed: plan.seed &+ 4)
            pictures.append(
                TrainedFlowPicture(
                    model: trained.row.model, samples: flow.sample(count: 20_000, using: &random),
                    logDensityGrid: flow.logDensityEstimates(grid, samples: plan.figureSamples, using: &random),
                    potentials: (0..<flow.configuration.flows).map { flow.potential($0, at: grid) }))
        }
        return TargetPicture(
            target: cell.target, nTrain: cell.nTrain, box: box, trueLogDensityGrid: trueGrid,
            trainingPoints: train.prefix(cell.nTrain).q, flows: pictures)
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
