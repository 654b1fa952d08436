import Datasets
import Foundation
import Models
import Support
import Systems
import Training

/// One cell of the table: a model trained on a system with one training seed.
public struct TableCell: Hashable, Sendable, CustomStringConvertible {
    public var system: SystemKind
    public var choice: ModelChoice
    /// The training seed (model initialisation, data order, posterior noise).
    public var seed: UInt64

    public init(system: SystemKind, choice: ModelChoice, seed: UInt64) {
        self.system = system
        self.choice = choice
        self.seed = seed
    }

    /// `pendulum hgn-leapfrog seed 1`.
    public var description: String { "\(system.rawValue) \(choice.name) seed \(seed)" }
}

/// The table at one profile: its cells (system x model x seed), each trained resumably in its own folder under
/// `<work>/runs/<profile>/<system>/<model>/seed-<seed>`, and the report assembled from the finished cells into the
/// output folder. Cells write only inside their own folder (and their system's dataset folder, generated once, the
/// same bytes by whichever cell gets there first), so cells can run in any order, in several processes or as the
/// tasks of a job array, and the report comes out the same.
public struct TableRun {
    public var profile: TableProfile
    public var systems: [SystemKind]
    public var rows: [ModelChoice]
    /// Folder of the report (table1.md, table1.csv, energy-drift.csv, table.json, records/, plots/, strips/).
    public var outputFolder: String
    /// Folder of the generated datasets and of the cells' runs.
    public var workFolder: String
    /// The command line, recorded in the report.
    public var command: String
    /// Progress and warnings.
    public var log: (String) -> Void

    public init(profile: TableProfile, systems: [SystemKind], rows: [ModelChoice] = ModelChoice.tableRows,
                outputFolder: String, workFolder: String, command: String,
                log: @escaping (String) -> Void = TableFiles.log) {
        self.profile = profile
        self.systems = systems
        self.rows = rows
        self.outputFolder = outputFolder
        self.workFolder = workFolder
        self.command = command
        self.log = log
    }

    /// Every cell, system by system, then row by row, then seed by seed: the order of `--cell` indices.
    public var cells: [TableCell] {
        systems.flatMap { system in
            rows.flatMap { choice in profile.settings.seeds.map { TableCell(system: system, choice: choice, seed: $0) } }
        }
    }

    /// The folder a cell trains and keeps its result in.
    public func directory(of cell: TableCell) -> String {
        TableFiles.join(workFolder, "runs", profile.rawValue, cell.system.rawValue, cell.choice.name, "seed-\(cell.seed)")
    }

    /// The dataset folder of `system` at this profile, generated when missing.
    public func dataset(of system: SystemKind) throws -> String {
        try TrainDatasets.ensure(system: system, profile: profile, root: workFolder, log: log)
    }

    /// The trainer of a cell.
    public func trainCell(_ cell: TableCell) throws -> TrainCell {
        TrainCell(choice: cell.choice, system: cell.system, profile: profile, dataset: try dataset(of: cell.system),
                  directory: directory(of: cell), seed: cell.seed)
    }

    /// Trains and evaluates a cell unless it is finished; returns its result.
    @discardableResult
    public func run(_ cell: TableCell) throws -> CellResult {
        let train = try trainCell(cell)
        if let finished = train.finishedResult() {
            log("[\(cell)] finished earlier: skipped")
            return finished
        }
        let meanFrame = try BaselinePredictor.meanFrame(folder: train.dataset)
        return try train.run(meanFrame: meanFrame, log: log).0
    }

    /// Trains every cell that is not finished, then writes the report.
    public func runAll() throws {
        log("load average: \(LoadAverage.currentText)")
        for cell in cells {
            try StopRequest.check()
            try run(cell)
        }
        try assemble()
    }

    /// The cells that have no result yet, with their `--cell` indices.
    public func unfinishedCells() throws -> [(index: Int, cell: TableCell)] {
        try cells.enumerated().filter { try trainCell($0.element).finishedResult() == nil }.map { ($0.offset, $0.element) }
    }

    /// Writes table1.md, table1.csv, energy-drift.csv, table.json, records/, plots/ and strips/ from the finished
    /// cells. Every cell must be finished: the message lists those that are not.
    public func assemble() throws {
        let missing = try unfinishedCells()
        guard missing.isEmpty else {
            throw TableError.unfinishedCells(missing.map { "cell \($0.index): \($0.cell)" })
        }
        let settings = profile.settings, out = outputFolder
        var results: [SystemKind: [CellResult]] = [:], datasets: [SystemKind: String] = [:]
        for system in systems {
            let folder = try dataset(of: system)
            datasets[system] = folder
            let meanFrame = try BaselinePredictor.meanFrame(folder: folder)
            let evaluation = try EvaluateCell(dataset: folder, settings: settings, meanFrame: meanFrame)
            var records: [(row: String, record: TrainingRecord)] = []
            for cell in cells where cell.system == system {
                let train = try trainCell(cell)
                guard let result = train.finishedResult() else { continue }
                results[system, default: []].append(result)
                guard cell.seed == settings.seeds.first else { continue }
                let model = try train.restoredModel()
                try TableFiles.writeBytes(
                    try TableStrips.png(model: model, evaluator: evaluation.test, sequences: settings.stripSequences),
                    to: TableFiles.join(out, "strips", "\(system.rawValue)-\(cell.choice.name).png"))
                if let record = Self.record(in: train.directory) {
                    records.append((cell.choice.name, record))
                    try TableFiles.writeJSON(Self.thinned(record),
                                             to: TableFiles.join(out, "records", "\(system.rawValue)-\(cell.choice.name).json"))
                }
            }
            let systemResults = results[system] ?? []
            try FileManager.default.createDirectory(atPath: TableFiles.join(out, "plots"),
                                                    withIntermediateDirectories: true)
            try TablePlots.learningCurves(system: system, records: records,
                                          meanFrame: systemResults.first?.test.meanFrame.meanSquaredError)
                .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-learning-curves.png"))
            try TablePlots.errorByStep(system: system, results: systemResults, split: \.test,
                                       title: "test pixel MSE along forward rollouts")
                .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-mse-by-step.png"))
            try TablePlots.errorByStep(system: system, results: systemResults, split: \.long,
                                       title: "pixel MSE along long rollouts (long split)")
                .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-long-mse-by-step.png"))
        }
        let report = TableReport(profile: profile, systems: systems, results: results, command: command,
                                 datasets: datasets)
        try TableFiles.writeText(report.markdown(), to: TableFiles.join(out, "table1.md"))
        try TableFiles.writeText(report.csv(), to: TableFiles.join(out, "table1.csv"))
        try TableFiles.writeText(report.energyDriftCSV(), to: TableFiles.join(out, "energy-drift.csv"))
        try TableFiles.writeJSON(TableFile(cells: systems.flatMap { results[$0] ?? [] }),
                                 to: TableFiles.join(out, "table.json"))
        log("wrote \(out)/table1.md, table1.csv, energy-drift.csv, table.json, records/, plots/, strips/")
        print(report.csv(), terminator: "")
    }

    /// The run record a cell's trainer wrote, if any.
    public static func record(in directory: String) -> TrainingRecord? {
        guard let data = FileManager.default.contents(atPath: TableFiles.join(directory, Trainer.FileName.record))
        else { return nil }
        return try? JSONFormat.decoder().decode(TrainingRecord.self, from: data)
    }

    /// The record with at most 2,000 learning-curve points (every k-th step), for the results folder.
    public static func thinned(_ record: TrainingRecord) -> TrainingRecord {
        var copy = record
        let stride = max(1, record.learningCurve.count / 2_000)
        copy.learningCurve = Swift.stride(from: 0, to: record.learningCurve.count, by: stride).map { record.learningCurve[$0] }
        return copy
    }
}

/// `table.json`: every cell's result.
public struct TableFile: Codable {
    /// The layout version of `table.json`.
    public var schemaVersion = 1
    public var cells: [CellResult]
}

/// Why a table cannot be assembled or a cell run; each message says what to do.
public enum TableError: Error, CustomStringConvertible, Equatable {
    /// Some cells have no result yet.
    case unfinishedCells([String])
    /// A cell index out of range.
    case noSuchCell(index: Int, count: Int)

    public var description: String {
        switch self {
        case .unfinishedCells(let cells):
            "\(cells.count) cell(s) not finished yet (\(cells.prefix(4).joined(separator: "; "))\(cells.count > 4 ? "; ..." : "")): run them first (resubmit those indices of the job array, or run hgnbench table without --assemble, which runs every missing cell)"
        case .noSuchCell(let index, let count):
            "no cell \(index): this table has cells numbered 0 to \(count - 1) (hgnbench table --list-cells lists them)"
        }
    }
}
