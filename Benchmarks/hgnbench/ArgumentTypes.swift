import ArgumentParser
import FlowsStudy
import Models
import Systems
import TableStudy

// The value types of hgnbench's options: each parses its own names and lists them in the help.

extension SystemKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { SystemRegistry.names }
}

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
        for name in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
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

typealias SystemList = CommaSeparated<SystemKind>

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
