import BenchmarkStatistics
import Foundation
import Models
import Support
import Training

/// Where and how a run happened (recorded beside its numbers).
public struct FlowsEnvironment: Codable {
    public var command: String
    public var loadBefore: String
    public var loadAfter: String
    public var seconds: Double
    public var cores = ProcessInfo.processInfo.activeProcessorCount
    public var date = ISO8601DateFormatter().string(from: Date())

    public init(command: String, loadBefore: String, loadAfter: String, seconds: Double) {
        self.command = command
        self.loadBefore = loadBefore
        self.loadAfter = loadAfter
        self.seconds = seconds
    }
}

/// flows.md, flows.csv, flows-orderings.csv and flows.json of a run.
public struct FlowsReport {
    public let plan: FlowStudyPlan
    public let results: FlowsResults
    public let environment: FlowsEnvironment

    public init(plan: FlowStudyPlan, results: FlowsResults, environment: FlowsEnvironment) {
        self.plan = plan
        self.results = results
        self.environment = environment
    }

    /// The CSV columns (documented in Benchmarks/README.md, "Flows"), one row per target x train size x model.
    public static let csvColumns = [
        "target", "n_train", "model", "lambda", "test_nll", "test_nll_iw128", "valid_nll_iw128", "gap_to_true",
        "invariance_error", "seconds",
    ]

    /// flows.csv; `lambda` and `valid_nll_iw128` are empty where they do not apply (baselines; flows outside the
    /// sweep cells).
    public func csv() -> String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        for row in results.rows {
            lines.append(
                [
                    row.target, "\(row.nTrain)", row.model, row.lambda.map(formatLambda) ?? "", number(row.testNLL),
                    number(row.testNLLIW128), row.validNLL.map(number) ?? "", number(row.gapToTrue),
                    number(row.invarianceError), String(format: "%.2f", row.seconds),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> Data {
        struct TrueValid: Encodable {
            var cell: FlowCell
            var validNLL: Double
            enum CodingKeys: String, CodingKey {
                case cell
                case validNLL = "valid_nll"
            }
        }
        struct Bootstrap: Encodable {
            var seed: UInt64
            var replicates: Int
        }
        struct Record: Encodable {
            var schemaVersion = 2
            var environment: FlowsEnvironment
            var plan: PlanRecord
            var lambdaSelection: LambdaSelection?
            var trueValidNLL: [TrueValid]
            var rows: [FlowsResultRow]
            var bootstrap: Bootstrap
            var orderings: [FlowsOrdering]
            var lossCurves: [String: [Double]]

            enum CodingKeys: String, CodingKey {
                case schemaVersion, environment, plan, rows, bootstrap, orderings
                case lambdaSelection = "lambda_selection"
                case trueValidNLL = "true_valid_nll"
                case lossCurves = "loss_curves_every_25_steps"
            }
        }
        let bootstrap = PairedBootstrap.standard
        return try JSONFormat.encoder().encode(
            Record(
                environment: environment, plan: PlanRecord(plan), lambdaSelection: results.selection,
                trueValidNLL: plan.sweepCells.compactMap { cell in
                    results.trueValidNLL[cell].map { TrueValid(cell: cell, validNLL: $0) }
                },
                rows: results.rows, bootstrap: Bootstrap(seed: bootstrap.seed, replicates: bootstrap.replicates),
                orderings: results.orderings, lossCurves: results.lossCurves))
    }

    /// The plan as recorded in flows.json.
    public struct PlanRecord: Encodable {
        var profile: String, targets: [String], trainSizes: [Int], lambdas: [Double], generator: String,
            ehfEncoder: String
        var flows: Int, leapfrogSteps: Int, stepSize: Double, hiddenWidth: Int, encoderWidth: Int, activation: String
        var steps: Int, batchSize: Int, learningRate: Double, testPoints: Int, validPoints: Int
        var importanceSamples: [Int], headlineSamples: Int
        var invariancePoints: Int, figureSamples: Int, sweepTargets: [String], sweepTrainSizes: [Int]
        var sweepCells: [FlowCell], seed: UInt64

        init(_ p: FlowStudyPlan) {
            profile = p.profile.rawValue
            targets = p.targets
            trainSizes = p.trainSizes
            lambdas = p.lambdas
            generator = p.generatorName
            ehfEncoder = p.ehfEncoder.rawValue
            flows = p.architecture.flows
            leapfrogSteps = p.architecture.leapfrogSteps
            stepSize = p.architecture.stepSize
            hiddenWidth = p.architecture.hiddenWidth
            encoderWidth = p.architecture.encoderWidth
            activation = p.architecture.activation.rawValue
            steps = p.steps
            batchSize = p.batchSize
            learningRate = p.learningRate
            testPoints = p.testPoints
            validPoints = p.validPoints
            importanceSamples = p.importanceSamples
            headlineSamples = p.headlineSamples
            invariancePoints = p.invariancePoints
            figureSamples = p.figureSamples
            sweepTargets = p.sweepTargets
            sweepTrainSizes = p.sweepTrainSizes
            sweepCells = p.sweepCells
            seed = p.seed
        }
    }

    /// The main table: test NLL (IW128 for flows) per target and size, one column per model. Differences are in the
    /// paired comparisons (``FlowsOrderings``), with their intervals.
    public func mainTable() -> String {
        let models = ["true", "nhf", "ehf", "kde", "gaussian"]
        var lines = [
            "| target | n_train | " + models.map { "\($0) NLL" }.joined(separator: " | ") + " |",
            "|---|---|" + String(repeating: "---|", count: models.count),
        ]
        for cell in plan.cells {
            let rows = results.rows.filter { $0.target == cell.target && $0.nTrain == cell.nTrain }
            func value(_ model: String) -> Double? { rows.first { $0.model == model }?.testNLLIW128 }
            let cells = ["\(cell.target)", "\(cell.nTrain)"] + models.map { value($0).map(number) ?? "—" }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The choice of λ: every sweep flow's valid NLL per cell, the candidates' means, and the chosen λ.
    public func selectionTable() -> String {
        guard let selection = results.selection else {
            return "The plan has no positive λ: no EHF was trained and no λ chosen.\n"
        }
        let candidates = selection.candidates
        let reference = ["nhf", "ehf-encoder-only"].filter { model in
            results.rows.contains { $0.model == model && $0.validNLL != nil }
        }
        var header = "| target | n_train | true | " + reference.joined(separator: " | ")
        header +=
            (reference.isEmpty ? "" : " | ") + candidates.map { "λ = \(formatLambda($0))" }.joined(separator: " | ")
        var lines = [
            header + " |", "|---|---|---|" + String(repeating: "---|", count: reference.count + candidates.count),
        ]
        for cell in selection.cells {
            let rows = results.rows.filter { $0.target == cell.target && $0.nTrain == cell.nTrain }
            var cells = [cell.target, "\(cell.nTrain)", results.trueValidNLL[cell].map(number) ?? "—"]
            for model in reference { cells.append(rows.first { $0.model == model }?.validNLL.map(number) ?? "—") }
            for lambda in candidates {
                let score = selection.scores.first { $0.cell == cell && $0.lambda == lambda }?.validNLL
                cells.append(score.map(number) ?? "—")
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        var meanRow = ["**mean over the sweep cells**", "", ""] + reference.map { _ in "" }
        for (lambda, mean) in zip(candidates, selection.means) {
            meanRow.append(lambda == selection.chosen ? "**\(number(mean))** (chosen)" : number(mean))
        }
        lines.append("| " + meanRow.joined(separator: " | ") + " |")
        var text = lines.joined(separator: "\n") + "\n\n"
        let others = zip(candidates, selection.means).filter { $0.0 != selection.chosen }
        let next = others.min { $0.1 < $1.1 }
        text += "Chosen: **λ = \(formatLambda(selection.chosen))**, mean valid NLL "
        text += "\(selection.mean(of: selection.chosen).map(number) ?? "—")"
        if let next {
            text += " against \(number(next.1)) for the next best (λ = \(formatLambda(next.0)))"
        } else {
            text += " (the only candidate)"
        }
        text += ". Rule: \(LambdaSelection.rule).\n"
        return text
    }

    /// Every row with every number.
    public func fullTable() -> String {
        var lines = [
            "| target | n_train | model | λ | encoder | NLL (ELBO) | NLL (IW16) | NLL (IW128) | valid NLL (IW128) | gap to true | invariance error | encoder invariance | final {H,g}² | train s | eval s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in results.rows {
            let cells: [String] = [
                row.target, "\(row.nTrain)", row.model, row.lambda.map { formatLambda($0) } ?? "", row.encoder ?? "",
                number(row.testNLL), number(row.testNLLIW16), number(row.testNLLIW128),
                row.validNLL.map(number) ?? "", signed(row.gapToTrue), number(row.invarianceError),
                row.encoderInvarianceError.map(number) ?? "",
                row.finalBracketPenalty.map { String(format: "%.2e", $0) } ?? "", String(format: "%.1f", row.seconds),
                String(format: "%.1f", row.evaluationSeconds),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The λ sweep on test: NLL and invariance of every flow trained on the sweep cells (reported; the choice was
    /// made on valid).
    public func sweepTable() -> String {
        var lines = [
            "| target | n_train | model | λ | encoder | valid NLL (IW128) | test NLL (IW128) | gap to true | invariance error | final {H,g}² |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        let sweep = Set(plan.sweepCells)
        for row in results.rows
        where row.lambda != nil && sweep.contains(FlowCell(target: row.target, nTrain: row.nTrain)) {
            let cells: [String] = [
                row.target, "\(row.nTrain)", row.model, row.lambda.map { formatLambda($0) } ?? "", row.encoder ?? "",
                row.validNLL.map(number) ?? "", number(row.testNLLIW128), signed(row.gapToTrue),
                number(row.invarianceError), row.finalBracketPenalty.map { String(format: "%.2e", $0) } ?? "",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        let a = plan.architecture
        let chosen = results.selection.map { "λ = \(formatLambda($0.chosen)), chosen on valid" } ?? "none trained"
        let sweep = plan.sweepCells.map(\.description).joined(separator: ", ")
        return """
            # Hamiltonian flows on the density datasets (`hgnbench flows --profile \(plan.profile.rawValue)`)

            Command: `\(environment.command)`, \(environment.date), \(environment.cores) cores, load average \
            \(environment.loadBefore) before and \(environment.loadAfter) after (1, 5, 15 min; the machine is shared), \
            \(String(format: "%.0f", environment.seconds)) s in all.

            Models: `nhf` = Neural Hamiltonian Flow (λ = 0, Gaussian MLP encoder); `ehf` = Equivariant Hamiltonian \
            Flow, loss −ELBO + λ E[{H_k, g}²] with g = \(plan.generatorName) (\(chosen)), encoder \
            `\(plan.ehfEncoder.rawValue)`; `kde` = Gaussian KDE, bandwidth by leave-one-out cross-validation on \
            the training points; `gaussian` = N(0, I); `true` = the exact density (the floor). Flows: T = \(a.flows) \
            Hamiltonians × \(a.leapfrogSteps) leapfrog steps of \(a.stepSize), K_k and U_k MLPs 2-\(a.hiddenWidth)-\(a.hiddenWidth)-1 \
            \(a.activation.rawValue), encoder width \(a.encoderWidth); Adam \(plan.learningRate) with cosine decay, \
            \(plan.steps) steps of batch \(plan.batchSize); seed \(plan.seed) (one training seed per model).

            Protocol: on the sweep cells (\(sweep)) every λ of \
            \(plan.lambdas.map(formatLambda).joined(separator: ", ")) is trained and the flows are scored on the first \
            \(plan.validPoints) points of the `valid` split (drawn like train: the half ring's from q2 ≥ 0 too) with \
            the IW\(plan.headlineSamples) estimate; λ is chosen there; the other cells train NHF and the EHF with the \
            chosen λ. Every model is scored once on test; no test number drives a choice.

            Test NLL in nats per point on the first \(plan.testPoints) test points (the full ring for the half ring); for \
            flows the importance-weighted estimate with \(plan.headlineSamples) momentum samples (an upper bound on the \
            NLL in expectation). "gap to true" = NLL − true NLL estimates KL(true ‖ model). Invariance error: mean over \
            \(plan.invariancePoints) test points of the std of the log-density at 16 rotations of the point (flows: IW16 \
            with shared draws).

            ## Test NLL (IW\(plan.headlineSamples) for flows)

            \(mainTable())
            ## λ chosen on valid (valid NLL, IW\(plan.headlineSamples))

            \(selectionTable())
            ## Paired comparisons on test

            \(FlowsOrderings.method())

            \(FlowsOrderings.markdown(results.orderings))
            ## λ sweep (test NLL reported, not used for the choice)

            \(sweepTable())
            ## Every number

            \(fullTable())
            Figures: `flows-<target>.png` (tiles, left to right: true density, training points (n = \
            \(plan.trainSizes.max() ?? 0)), nhf samples, nhf density, ehf samples, ehf density; densities on a \
            \(FlowsStudy.gridSize)² grid (flows: IW\(plan.figureSamples)), samples as histograms of 20,000 draws) and `flows-<target>-potentials.png` (U_1 … U_T of \
            nhf, then of ehf, each scaled to its own range).

            Limitations: one training seed per model, so the intervals above cover the test points and the Monte Carlo \
            noise of the estimates but not the variation between training runs; λ is chosen once, on the sweep cells, \
            and used on every target.
            """
    }

    private func number(_ value: Double) -> String { value.isFinite ? String(format: "%.4f", value) : "\(value)" }
    private func signed(_ value: Double) -> String { value.isFinite ? String(format: "%+.4f", value) : "\(value)" }
}

extension FlowsReport {
    /// Writes flows.md, flows.csv, flows-orderings.csv, flows.json and the figures of every picture into `folder` (created if missing);
    /// each file appears complete under its final name or not at all.
    public func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        try AtomicFile.write(Data(markdown().utf8), to: path("flows.md"))
        try AtomicFile.write(Data(csv().utf8), to: path("flows.csv"))
        try AtomicFile.write(try json(), to: path("flows.json"))
        try AtomicFile.write(Data(FlowsOrderings.csv(results.orderings).utf8), to: path("flows-orderings.csv"))
        for picture in results.pictures {
            try FlowsFigures.writeDensities(picture, to: path("flows-\(picture.target).png"))
            try FlowsFigures.writePotentials(picture, to: path("flows-\(picture.target)-potentials.png"))
        }
    }
}
