import ArgumentParser
import FlowsStudy
import Models
import Systems
import TableStudy

// The value types of hgnbench's options: each parses its own names and lists them in the help.

extension TableProfile: ExpressibleByArgument {}
extension ModelChoice.Kind: ExpressibleByArgument {}
extension ModelChoice.Variant: ExpressibleByArgument {}
extension LatentIntegrator: ExpressibleByArgument {}
extension FlowStudyPlan.Profile: ExpressibleByArgument {}

/// A comma-separated list of option values, e.g. `--systems pendulum,mass-spring`; duplicates are dropped.
struct CommaSeparated<Element: ExpressibleByArgument & Equatable>: ExpressibleByArgument {
    var values: [Element]

    init(_ values: [Element]) { self.values = values }

    init?(argument: String) {
        var values: [Element] = []
        for name in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty
        {
            guard let value = Element(argument: name) else { return nil }
            if !values.contains(value) { values.append(value) }
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }

    static var allValueStrings: [String] { Element.allValueStrings }
    var defaultValueDescription: String {
        values.map { String(describing: $0) }.joined(separator: ",")
    }
}

/// Systems by name, comma-separated (`--systems pendulum,mass-spring`); an unknown name is a one-line error that
/// lists the registered systems.
struct SystemList {
    var values: [SystemKind]

    init(_ values: [SystemKind]) { self.values = values }

    static func parse(_ text: String) throws -> SystemList {
        var values: [SystemKind] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            let system = try SystemKind.named(name)
            if !values.contains(system) { values.append(system) }
        }
        guard !values.isEmpty else { throw ValidationError("--systems selects no system") }
        return SystemList(values)
    }

    /// `pendulum, mass-spring, ...` for help texts.
    static var known: String { SystemRegistry.names.joined(separator: ", ") }
}

/// Table rows by name, e.g. `--rows hgn-leapfrog,pixelhnn`.
struct RowName: ExpressibleByArgument, Equatable {
    var choice: ModelChoice
    init?(argument: String) {
        guard let choice = ModelChoice.tableRows.first(where: { $0.name == argument }) else { return nil }
        self.choice = choice
    }
    static var allValueStrings: [String] { ModelChoice.tableRows.map(\.name) }
}

/// A comma-separated list of table rows.
struct RowList: ExpressibleByArgument {
    var values: [ModelChoice]
    init?(argument: String) {
        guard let list = CommaSeparated<RowName>(argument: argument) else { return nil }
        values = list.values.map(\.choice)
    }
    static var allValueStrings: [String] { RowName.allValueStrings }
}

/// The options every command that trains table cells shares.
struct TableCellOptions: ParsableArguments {
    @Option(help: "The table profile.")
    var profile: TableProfile = .smoke

    @Option(help: "Folder for generated datasets and runs (checkpoints).")
    var work = "data/bench"
}
