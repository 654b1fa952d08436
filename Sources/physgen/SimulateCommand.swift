import ArgumentParser
import Datasets
import Foundation
import Physics
import Support
import Systems

/// `physgen simulate`: integrates one trajectory from an explicit state and prints it as CSV.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Integrate ONE trajectory from an explicit state and print CSV: t, the state, energy.",
        discussion: """
            The state lists all positions q, then all momenta p:
            \(SimulateCommand.stateHelp)
            Physical constants default to the standard dataset's (see `physgen presets`); set one with \
            --constant key=value. The default integrator is
            the adaptive dopri54 used for ground truth, reporting the state every dt; a fixed-step integrator takes \
            --substeps steps of dt/substeps per row.
            Example (a circular two-body orbit of period 2 pi):
              physgen simulate --system two-body --state "0.5,0,-0.5,0,0,0.707106781,0,-0.707106781" --dt 0.1 --steps 63
            """)

    @Option(
        help: ArgumentHelp("The system (\(SystemRegistry.names.joined(separator: ", "))).", valueName: "name"),
        transform: { try SystemKind.named($0) })
    var system: SystemKind

    @Option(help: ArgumentHelp("Initial state: all q, then all p, comma-separated.", valueName: "numbers"))
    var state: String

    @Option(help: "Time between output rows.")
    var dt: Double

    @Option(help: "Number of steps (rows after the initial one).")
    var steps: Int

    @OptionGroup(title: "Integration") var integration: IntegrationOptions

    @Option(
        name: .customLong("constant"),
        help: ArgumentHelp(
            "A physical constant, key=value (a list: key=v1,v2); repeat for several. Keys: \(SimulateCommand.constantKeysHelp).",
            valueName: "key=value"))
    var constants: [String] = []

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        if !(dt.isFinite && dt > 0) { throw ValidationError("--dt must be a finite number > 0 (got \(dt))") }
        if steps <= 0 { throw ValidationError("--steps must be > 0 (got \(steps))") }
    }

    func run() throws {
        let numbers = try parseNumbers(state, option: "--state")
        let request = SimulationRequest(
            system: system, constants: try parsedConstants(), state: numbers, dt: dt, steps: steps,
            integrator: integration.spec)
        let progress = quiet ? nil : SimulationProgress()
        let result = try request.run { done in progress?.update(done: done, total: steps) }
        progress?.finish()
        var output = (["t"] + result.stateNames + ["energy"]).joined(separator: ",") + "\n"
        for row in result.rows {
            output += row.map { formatNumber($0) }.joined(separator: ",") + "\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

extension SimulateCommand {
    /// The state layout of every system, one line each.
    static var stateHelp: String {
        SystemRegistry.all.map { "  \($0.name): --state \"\($0.stateNames.joined(separator: ","))\"" }
            .joined(separator: "\n")
    }

    /// Every system's constant keys with their standard values, for the help text.
    static var constantKeysHelp: String {
        SystemRegistry.all.map { d in
            "\(d.name): " + d.constants.map { "\($0.key) (\($0.meaning), \($0.standard.text))" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// The `--constant` options as constants: a key whose standard value is a list takes a comma-separated list.
    func parsedConstants() throws -> SystemConstants {
        var result = SystemConstants()
        for text in constants {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError(
                    "--constant '\(text)' must be key=value (keys of \(system): \(system.descriptor.constants.map(\.key).joined(separator: ", ")))"
                )
            }
            let numbers = try parseNumbers(parts[1], option: "--constant \(parts[0])")
            let isList =
                system.descriptor.constants.first { $0.key == parts[0] }?.standard.isList ?? (numbers.count > 1)
            result[parts[0]] = isList ? .list(numbers) : .number(numbers[0])
        }
        return result
    }
}

private func parseNumbers(_ text: String, option: String) throws -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    return try parts.map { part in
        let trimmed = part.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else {
            throw ValidationError("\(option): '\(trimmed)' is not a finite number (expected comma-separated numbers)")
        }
        return value
    }
}

/// Shortest decimal text that reads back to the same Double.
private func formatNumber(_ value: Double) -> String { "\(value)" }

/// Progress of a long simulation on standard error, printed at most every two seconds.
private final class SimulationProgress {
    private var lastPrint = Date()
    private var printed = false

    func update(done: Int, total: Int) {
        guard Date().timeIntervalSince(lastPrint) >= 2 else { return }
        lastPrint = Date()
        printed = true
        StandardError.print("simulate: step \(done)/\(total)")
    }

    func finish() {
        if printed { StandardError.print("simulate: done") }
    }
}

/// How `physgen simulate` integrates: the method and its tolerances or sub-steps.
struct IntegrationOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The integrator: the adaptive ground-truth dopri54, or a fixed-step method "
                + "(\(IntegrationMethod.allCases.map(\.rawValue).joined(separator: ", "))).",
            valueName: "name"),
        transform: { try IntegrationMethod(name: $0) })
    var integrator: IntegrationMethod = .dormandPrince54

    @Option(help: "dopri54: relative error tolerance.")
    var relativeTolerance: Double = IntegratorSpec().relativeTolerance

    @Option(help: "dopri54: absolute error tolerance.")
    var absoluteTolerance: Double = IntegratorSpec().absoluteTolerance

    @Option(help: "Fixed-step integrators: steps per output row.")
    var substeps: Int = 1

    func validate() throws {
        if substeps <= 0 { throw ValidationError("--substeps must be > 0 (got \(substeps))") }
    }

    /// The options as the spec's integrator section.
    var spec: IntegratorSpec {
        IntegratorSpec(
            name: integrator.rawValue, relativeTolerance: relativeTolerance,
            absoluteTolerance: absoluteTolerance, substeps: substeps)
    }
}
