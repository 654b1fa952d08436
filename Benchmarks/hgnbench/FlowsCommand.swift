import ArgumentParser
import FlowsStudy
import Foundation
import Models
import Support

/// `hgnbench flows`: Neural and Equivariant Hamiltonian Flows on the density datasets, against the true density, a
/// cross-validated KDE and a standard Gaussian; writes flows.md, flows.csv, flows.json and PNG figures.
struct FlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract:
            "Train Neural and Equivariant Hamiltonian Flows on the density-* datasets and compare them with baselines.",
        discussion: """
            For every target (density-ring, density-half-ring, density-eight-gaussians, density-banana) and train size \
            (100, 1,000, 10,000 points), trains the Neural Hamiltonian Flow (nhf, lambda 0) and the Equivariant \
            Hamiltonian Flow (ehf, loss -ELBO + lambda E[{H_k, g}^2] with g the rotation generator q1 p2 - q2 p1 and a \
            rotation-equivariant momentum encoder), and reports the test negative log-likelihood (ELBO and \
            importance-weighted with 16 and 128 samples), the gap to the true density's NLL, and the rotation \
            invariance error, beside the exact NLL, a KDE with cross-validated bandwidth and a standard Gaussian.

            lambda is chosen on the valid split, never on test: every positive lambda is trained on the sweep cells \
            (ring, half ring and eight Gaussians at 1,000 points; every cell when --targets/--sizes leave none of \
            them), scored there by the IW-128 NLL of the valid points, and the one with the lowest mean wins (ties: \
            the smaller); the other cells train nhf and ehf with it. Each comparison (ehf vs nhf, flows vs KDE) is a \
            paired difference of per-point test NLL with a seeded bootstrap 95% interval and a verdict.

            Datasets are read from --data (one physgen folder per preset; generated there when missing). Writes \
            flows.md, flows.csv, flows-orderings.csv, flows.json, flows-<target>.png (true density | training points | nhf samples | nhf \
            density | ehf samples | ehf density) and flows-<target>-potentials.png (U_1..U_T of nhf, then of ehf) \
            into --out. Build in release:  swift build -c release --product hgnbench
            """)

    @Option(help: "smoke: CI, about a minute; small: the committed results, at most ~5 minutes per model.")
    var profile: FlowStudyPlan.Profile = .smoke

    @Option(help: ArgumentHelp("Comma-separated targets (default: all four).", valueName: "names"))
    var targets: String?

    @Option(
        help: ArgumentHelp(
            "Comma-separated lambda values; 0 is NHF, the positive ones the EHF candidates (chosen on valid).",
            valueName: "values"))
    var lambdas: String?

    @Option(help: "Symmetry generator of the EHF: rotation (default) or translation.")
    var generator: String?

    @Option(
        help:
            "EHF momentum encoder: rotation-equivariant (default, by construction) or gaussian (penalised by lambda E[{log f, g}^2])."
    )
    var encoder: String?

    @Option(help: ArgumentHelp("Comma-separated train sizes (default: the profile's).", valueName: "sizes"))
    var sizes: String?

    @Option(help: "Training steps per model (default: the profile's).")
    var steps: Int?

    @Option(help: "Test points evaluated (the first ones of the 10,000; default: the profile's).")
    var testPoints: Int?

    @Option(help: "Valid points that choose lambda (the first ones of the 1,000; default: the profile's).")
    var validPoints: Int?

    @Option(help: "Output directory (created if missing).")
    var out = "Benchmarks/results/flows"

    @Option(help: "Folder of the density datasets (one physgen folder per preset).")
    var data = "data"

    func validate() throws {
        do { _ = try plan() } catch let error as FlowError { throw ValidationError(error.description) }
    }

    /// The plan from the profile and the flags.
    func plan() throws -> FlowStudyPlan {
        var plan = FlowStudyPlan.standard(profile)
        try plan.apply(
            targets: try list(targets, "--targets") { $0 }, lambdas: try list(lambdas, "--lambdas") { Double($0) },
            generator: generator, encoder: encoder, trainSizes: try list(sizes, "--sizes") { Int($0) }, steps: steps,
            testPoints: testPoints, validPoints: validPoints)
        return plan
    }

    /// A comma-separated flag parsed element by element; an element that does not parse names the flag.
    private func list<T>(_ text: String?, _ flag: String, _ parse: (String) -> T?) throws(FlowError) -> [T]? {
        guard let text else { return nil }
        var values: [T] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let value = parse(item) else {
                throw .invalidValue(name: flag, value: "'\(item)'", reason: "is not a valid value")
            }
            values.append(value)
        }
        return values
    }

    func run() throws {
        let plan = try plan()
        #if DEBUG
            StandardError.print(
                "warning: this is a debug build; timings are not representative and training is slow. Use `swift build -c release --product hgnbench`."
            )
        #endif
        let command = (["hgnbench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let load = LoadAverage.currentText
        StandardError.print(
            "hgnbench flows, profile \(plan.profile.rawValue): \(plan.targets.count) target(s) x \(plan.trainSizes.count) size(s); load average \(load)"
        )
        let results = try FlowsStudy(plan: plan, dataRoot: data, log: StandardError.print).run()
        let environment = FlowsEnvironment(
            command: command, loadBefore: load, loadAfter: LoadAverage.currentText,
            seconds: results.seconds)
        let report = FlowsReport(plan: plan, results: results, environment: environment)
        try report.write(to: out)
        print(report.mainTable())
        print(report.selectionTable())
        StandardError.print(
            "wrote \(out)/flows.{md,csv,json}, flows-orderings.csv and \(2 * results.pictures.count) figure(s) in \(String(format: "%.0f", results.seconds)) s"
        )
    }
}
