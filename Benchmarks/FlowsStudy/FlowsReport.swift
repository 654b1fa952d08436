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

/// flows.md, flows.csv and flows.json of a run.
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
        "target", "n_train", "model", "test_nll", "test_nll_iw128", "gap_to_true", "invariance_error", "seconds",
        "valid_nll_iw16",
    ]

    public func csv() -> String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        for row in results.rows {
            lines.append(
                [
                    row.target, "\(row.nTrain)", row.model, number(row.testNLL), number(row.testNLLIW128),
                    number(row.gapToTrue), number(row.invarianceError), String(format: "%.2f", row.seconds),
                    row.validNLLIW16.map(number) ?? "",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> Data {
        struct Record: Encodable {
            var schemaVersion = 2
            var environment: FlowsEnvironment
            var plan: PlanRecord
            var chosenLambda: Double?
            var lambdaSelection: LambdaSelection?
            var rows: [FlowsResultRow]
            var lossCurves: [String: [Double]]

            enum CodingKeys: String, CodingKey {
                case schemaVersion, environment, plan, rows
                case chosenLambda = "chosen_lambda"
                case lambdaSelection = "lambda_selection"
                case lossCurves = "loss_curves_every_25_steps"
            }
        }
        return try JSONFormat.encoder().encode(
            Record(
                environment: environment, plan: PlanRecord(plan), chosenLambda: results.chosenLambda,
                lambdaSelection: results.lambdaSelection, rows: results.rows, lossCurves: results.lossCurves))
    }

    /// The plan as recorded in flows.json.
    public struct PlanRecord: Encodable {
        var profile: String, targets: [String], trainSizes: [Int], lambdas: [Double], generator: String,
            ehfEncoder: String
        var flows: Int, leapfrogSteps: Int, stepSize: Double, hiddenWidth: Int, encoderWidth: Int, activation: String
        var steps: Int, batchSize: Int, learningRate: Double, testPoints: Int, validPoints: Int,
            importanceSamples: [Int]
        var invariancePoints: Int, figureSamples: Int, sweepTargets: [String], sweepTrainSizes: [Int], seed: UInt64

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
            invariancePoints = p.invariancePoints
            figureSamples = p.figureSamples
            sweepTargets = p.sweepTargets
            sweepTrainSizes = p.sweepTrainSizes
            seed = p.seed
        }
    }

    /// The main table: test NLL (IW128 for flows) per target and size, one column per model.
    public func mainTable() -> String {
        let models = ["true", "nhf", "ehf", "kde", "gaussian"]
        var lines = [
            "| target | n_train | " + models.map { "\($0) NLL" }.joined(separator: " | ")
                + " | ehf − nhf | nhf − kde |",
            "|---|---|" + String(repeating: "---|", count: models.count + 2),
        ]
        for target in plan.targets {
            for n in plan.trainSizes {
                let rows = results.rows.filter { $0.target == target && $0.nTrain == n }
                func value(_ model: String) -> Double? { rows.first { $0.model == model }?.testNLLIW128 }
                var cells = ["\(target)", "\(n)"] + models.map { value($0).map(number) ?? "—" }
                if let e = value("ehf"), let h = value("nhf") { cells.append(signed(e - h)) } else { cells.append("—") }
                if let h = value("nhf"), let k = value("kde") { cells.append(signed(h - k)) } else { cells.append("—") }
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How the headline λ was chosen: every candidate's `valid` NLL on each sweep cell, the rule and the choice.
    public func selectionText() -> String {
        guard let selection = results.lambdaSelection else {
            let chosen = results.chosenLambda.map { "λ = \(formatLambda($0))" } ?? "no EHF"
            return "Not chosen in this run (one candidate, or no sweep cell among its targets and sizes): \(chosen).\n"
        }
        let cells = selection.candidates.flatMap { $0.validNLL.keys }.reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }.sorted()
        var lines = [
            "Every candidate λ is trained on each sweep cell (target/n_train) and scored by the IW-16 NLL of the first "
                + "\(selection.validPoints) `valid` points (drawn like the training points: the half ring's from "
                + "q2 ≥ 0); the headline `ehf` takes the lowest mean over the cells (a tie goes to the smaller λ). "
                + "Test points never enter the choice.",
            "",
            "| λ | " + cells.joined(separator: " | ") + " | mean | chosen |",
            "|---|" + String(repeating: "---|", count: cells.count + 2),
        ]
        for candidate in selection.candidates {
            let values = cells.map { cell in candidate.validNLL[cell].map(number) ?? "—" }
            let mark = candidate.lambda == selection.chosen ? "**yes**" : ""
            lines.append(
                "| \(formatLambda(candidate.lambda)) | " + values.joined(separator: " | ")
                    + " | \(number(candidate.meanValidNLL)) | \(mark) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every row with every number.
    public func fullTable() -> String {
        var lines = [
            "| target | n_train | model | λ | encoder | NLL (ELBO) | NLL (IW16) | NLL (IW128) | gap to true | invariance error | encoder invariance | final {H,g}² | train s | eval s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in results.rows {
            let cells: [String] = [
                row.target, "\(row.nTrain)", row.model, row.lambda.map { formatLambda($0) } ?? "", row.encoder ?? "",
                number(row.testNLL), number(row.testNLLIW16), number(row.testNLLIW128), signed(row.gapToTrue),
                number(row.invarianceError), row.encoderInvarianceError.map(number) ?? "",
                row.finalBracketPenalty.map { String(format: "%.2e", $0) } ?? "", String(format: "%.1f", row.seconds),
                String(format: "%.1f", row.evaluationSeconds),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The λ sweep: NLL and invariance of every flow trained on the sweep's targets and sizes.
    public func sweepTable() -> String {
        var lines = [
            "| target | n_train | model | λ | encoder | NLL (IW128) | gap to true | invariance error | final {H,g}² |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in results.rows
        where row.lambda != nil && plan.sweepTargets.contains(row.target) && plan.sweepTrainSizes.contains(row.nTrain) {
            let cells: [String] = [
                row.target, "\(row.nTrain)", row.model, row.lambda.map { formatLambda($0) } ?? "", row.encoder ?? "",
                number(row.testNLLIW128), signed(row.gapToTrue), number(row.invarianceError),
                row.finalBracketPenalty.map { String(format: "%.2e", $0) } ?? "",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        let a = plan.architecture
        return """
            # Hamiltonian flows on the density datasets (`hgnbench flows --profile \(plan.profile.rawValue)`)

            Command: `\(environment.command)`, \(environment.date), \(environment.cores) cores, load average \
            \(environment.loadBefore) before and \(environment.loadAfter) after (1, 5, 15 min; the machine is shared), \
            \(String(format: "%.0f", environment.seconds)) s in all.

            Models: `nhf` = Neural Hamiltonian Flow (λ = 0, Gaussian MLP encoder); `ehf` = Equivariant Hamiltonian \
            Flow, loss −ELBO + λ E[{H_k, g}²] with g = \(plan.generatorName) (λ = \(results.chosenLambda.map { formatLambda($0) } ?? "—"), chosen on `valid`: \
            see "λ chosen on valid"), \
            encoder `\(plan.ehfEncoder.rawValue)`; `kde` = Gaussian KDE, bandwidth by leave-one-out cross-validation on \
            the training points; `gaussian` = N(0, I); `true` = the exact density (the floor). Flows: T = \(a.flows) \
            Hamiltonians × \(a.leapfrogSteps) leapfrog steps of \(a.stepSize), K_k and U_k MLPs 2-\(a.hiddenWidth)-\(a.hiddenWidth)-1 \
            \(a.activation.rawValue), encoder width \(a.encoderWidth); Adam \(plan.learningRate) with cosine decay, \
            \(plan.steps) steps of batch \(plan.batchSize); seed \(plan.seed).

            NLL in nats per point on the first \(plan.testPoints) test points (the full ring for the half ring); for flows \
            the importance-weighted estimate with 128 momentum samples (an upper bound on the NLL in expectation). \
            "gap to true" = NLL − true NLL estimates KL(true ‖ model). Invariance error: mean over \(plan.invariancePoints) \
            test points of the std of the log-density at 16 rotations of the point (flows: IW16 with shared draws).

            ## Test NLL (IW128 for flows)

            \(mainTable())
            ## λ chosen on valid

            \(selectionText())
            ## λ sweep

            \(sweepTable())
            ## Every number

            \(fullTable())
            Figures: `flows-<target>.png` (tiles, left to right: true density, training points (n = \
            \(plan.trainSizes.max() ?? 0)), nhf samples, nhf density, ehf samples, ehf density; densities on a \
            \(FlowsStudy.gridSize)² grid (flows: IW\(plan.figureSamples)), samples as histograms of 20,000 draws) and `flows-<target>-potentials.png` (U_1 … U_T of \
            nhf, then of ehf, each scaled to its own range).
            """
    }

    private func number(_ value: Double) -> String { value.isFinite ? String(format: "%.4f", value) : "\(value)" }
    private func signed(_ value: Double) -> String { value.isFinite ? String(format: "%+.4f", value) : "\(value)" }
}

extension FlowsReport {
    /// Writes flows.md, flows.csv, flows.json and the figures of every picture into `folder` (created if missing);
    /// each file appears complete under its final name or not at all.
    public func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        try AtomicFile.write(Data(markdown().utf8), to: path("flows.md"))
        try AtomicFile.write(Data(csv().utf8), to: path("flows.csv"))
        try AtomicFile.write(try json(), to: path("flows.json"))
        for picture in results.pictures {
            try FlowsFigures.writeDensities(picture, to: path("flows-\(picture.target).png"))
            try FlowsFigures.writePotentials(picture, to: path("flows-\(picture.target)-potentials.png"))
        }
    }
}
