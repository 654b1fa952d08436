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
/// `<work>/runs/<profile>/<preset>/<model>/seed-<seed>` (`<preset>`: the system, or `<system>-noisy`), and the report assembled from the finished cells into the
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
    /// The presets the datasets come from: the standard (noise-free) ones, or their `-noisy` variants.
    public var variant: PresetVariant = .standard
    /// Progress and warnings.
    public var log: (String) -> Void

    public init(
        profile: TableProfile, systems: [SystemKind], rows: [ModelChoice] = ModelChoice.tableRows,
        variant: PresetVariant = .standard, outputFolder: String, workFolder: String, command: String,
        log: @escaping (String) -> Void = TableFiles.log
    ) {
        self.profile = profile
        self.variant = variant
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
            rows.flatMap { choice in profile.settings.seeds.map { TableCell(system: system, choice: choice, seed: $0) }
            }
        }
    }

    /// The folder a cell trains and keeps its result in.
    public func directory(of cell: TableCell) -> String {
        TableFiles.join(
            workFolder, "runs", profile.rawValue, variant.name(of: cell.system), cell.choice.name,
            "seed-\(cell.seed)")
    }

    /// The dataset folder of `system` at this profile, generated when missing.
    public func dataset(of system: SystemKind) throws -> String {
        try TrainDatasets.ensure(system: system, profile: profile, variant: variant, root: workFolder, log: log)
    }

    /// The trainer of a cell.
    public func trainCell(_ cell: TableCell) throws -> TrainCell {
        TrainCell(
            choice: cell.choice, system: cell.system, profile: profile, dataset: try dataset(of: cell.system),
            directory: directory(of: cell), seed: cell.seed)
    }

    /// The folder of the report's archive of `cell` (``CellArchive``): `<out>/cells/<preset>/<model>/seed-<seed>`.
    public func archive(of cell: TableCell) -> CellArchive {
        let system = TableFiles.join(outputFolder, "cells", variant.name(of: cell.system))
        return CellArchive(
            directory: TableFiles.join(system, cell.choice.name, "seed-\(cell.seed)"),
            baselinesPath: TableFiles.join(system, "baselines.json"))
    }

    /// Trains and evaluates a cell unless it is archived, archives it, and returns its result. A cell whose run
    /// finished (`result.json` in its run folder) but was not archived is archived from its run folder without
    /// training again.
    @discardableResult
    public func run(_ cell: TableCell) throws -> CellResult {
        let archive = archive(of: cell)
        if let archived = archive.result() {
            log("[\(cell)] archived earlier (\(archive.directory)): skipped")
            return archived
        }
        let train = try trainCell(cell)
        let result: CellResult
        if let finished = train.finishedResult() {
            log("[\(cell)] finished earlier: archiving it")
            result = finished
        } else {
            let meanFrame = try BaselinePredictor.meanFrame(folder: train.dataset)
            result = try train.run(meanFrame: meanFrame, log: log).0
        }
        try self.archive(cell, trained: train, result: result)
        return result
    }

    /// Writes the archive of a finished cell: its result, record and curve; for the first seed the strip of test
    /// rollouts; for the first seed of the first row the comparison of the latent integrators.
    func archive(_ cell: TableCell, trained train: TrainCell, result: CellResult) throws {
        let settings = profile.settings
        var strip: [UInt8]?, integrators: [IntegratorDifference]?
        if cell.seed == settings.seeds.first {
            let evaluator = try RolloutEvaluator.load(
                folder: train.dataset, split: "test", count: settings.stripSequences,
                anchorFrame: settings.anchorFrame, resolution: settings.resolution)
            strip = try TableStrips.png(
                model: try train.restoredModel(), evaluator: evaluator, sequences: settings.stripSequences)
            if cell.choice == ModelChoice.tableRows[0] {
                integrators = try TableChecks.integratorDifferences(cell: train, evaluator: evaluator)
            }
        }
        let archive = archive(of: cell)
        try archive.write(
            result: result, record: Self.record(in: train.directory), strip: strip, integrators: integrators)
        log("[\(cell)] archived in \(archive.directory)")
    }

    /// Trains every cell that is not archived, then writes the report. A cell another process is training (its run
    /// folder locked) is skipped, so several processes on one machine (one per core) share a table: each takes the
    /// cells no other holds, and whichever finishes when every cell is archived writes the report; the others say
    /// so and leave it to it. Returns whether this process wrote the report.
    @discardableResult
    public func runAll() throws -> Bool {
        log("load average: \(LoadAverage.currentText)")
        let waiting = Set(unfinishedCells().map(\.index))
        log(
            "\(cells.count - waiting.count) of \(cells.count) cell(s) archived in \(TableFiles.join(outputFolder, "cells")); "
                + "\(waiting.count) to train (a cell another process holds is skipped)")
        for (index, cell) in cells.enumerated() where waiting.contains(index) {
            try StopRequest.check()
            do {
                let left = unfinishedCells().count
                log("[\(cell)] --cell \(index) (of 0-\(cells.count - 1)); \(left) cell(s) not archived yet")
                try run(cell)
            } catch TrainingError.busy(let directory, _) {
                log("[\(cell)] \(directory) is being trained by another process: skipped")
            }
        }
        let missing = unfinishedCells()
        guard missing.isEmpty else {
            log(
                "\(missing.count) cell(s) still training in other processes (\(missing.map(\.cell.description).joined(separator: "; "))): "
                    + "the process that finishes the last cell writes the report (or run --assemble then)")
            return false
        }
        try assemble()
        return true
    }

    /// The cells not archived yet, with their `--cell` indices.
    public func unfinishedCells() -> [(index: Int, cell: TableCell)] {
        cells.enumerated().filter { archive(of: $0.element).result() == nil }.map { ($0.offset, $0.element) }
    }

    /// The file the floor of `system` is kept in once computed (it depends on the dataset alone): beside the
    /// system's archived cells, `<out>/cells/<preset>/floor.json`.
    public func floorPath(of system: SystemKind) -> String {
        TableFiles.join(outputFolder, "cells", variant.name(of: system), "floor.json")
    }

    /// The physics floor of `system` (``PhysicsFloor``): read from ``floorPath(of:)``, or computed and kept there.
    public func floor(of system: SystemKind) throws -> SystemFloor {
        let path = floorPath(of: system)
        if let data = FileManager.default.contents(atPath: path),
            let floor = try? JSONFormat.decoder().decode(SystemFloor.self, from: data)
        {
            return floor
        }
        let settings = profile.settings, folder = try dataset(of: system)
        log("[\(system.rawValue) floor] rendering the true states and fitting the oracle on every evaluated sequence")
        let start = Date()
        let physics = try PhysicsFloor(dataset: folder, inputFrames: settings.hgn.inputFrames)
        let evaluation = try EvaluateCell(dataset: folder, settings: settings)
        func compare(_ e: Evaluation) throws -> FloorComparison {
            try physics.compare(evaluation.evaluator(e), direction: e == .backward ? .backward : .forward)
        }
        let floor = SystemFloor(
            system: system.rawValue, inputFrames: settings.hgn.inputFrames,
            train: try compare(.train), test: try compare(.test), backward: try compare(.backward),
            long: try compare(.long))
        try TableFiles.writeData(try JSONFormat.encoder(pretty: false).encode(floor), to: path)
        log(
            String(
                format: "[%@ floor] test: truth %.2fe-4, oracle %.2fe-4 (%.0f s)", system.rawValue,
                floor.test.truth.meanSquaredError * 1e4, floor.test.oracle.meanSquaredError * 1e4,
                Date().timeIntervalSince(start)))
        return floor
    }

    /// Writes the report from the finished cells into the output folder: `table1.md`, `table1.csv`, `orderings.md`,
    /// `orderings.csv`, `per-sequence.jsonl`, `curves/`, `records.jsonl`, `table.json`, `energy-drift.csv`,
    /// `checks.md`, `plots/` and `strips/`, after computing the floor of each system (kept beside the runs) and
    /// running ``TableChecks``. Every cell must be finished: the message lists those that are not. A failed check
    /// throws after `checks.md` is written.
    public func assemble() throws {
        let missing = unfinishedCells()
        guard missing.isEmpty else {
            throw TableError.unfinishedCells(missing.map { "cell \($0.index): \($0.cell)" })
        }
        let settings = profile.settings, out = outputFolder
        var cellResults: [SystemKind: [CellResult]] = [:], floors: [SystemKind: SystemFloor] = [:]
        var datasets: [SystemKind: String] = [:], testSequences: [SystemKind: Int] = [:]
        var records: [(system: SystemKind, row: String, seed: UInt64, record: TrainingRecord)] = []
        var checks = TableChecks()
        checks.checkBaselinesOnHandMadeClip()
        for system in systems {
            let folder = try dataset(of: system)
            datasets[system] = folder
            testSequences[system] = try Manifest.load(folder: folder).split(named: "test").trajectories
            floors[system] = try floor(of: system)
            var curves: [(row: String, seed: UInt64, lines: [String])] = []
            for cell in cells where cell.system == system {
                let archive = archive(of: cell)
                guard let result = archive.result() else { continue }
                cellResults[system, default: []].append(result)
                if let record = archive.record() { records.append((system, cell.choice.name, cell.seed, record)) }
                curves.append((cell.choice.name, cell.seed, archive.curveLines()))
                guard cell.seed == settings.seeds.first else { continue }
                guard let strip = archive.strip() else { throw TableError.incompleteArchive(archive.directory) }
                try TableFiles.writeData(
                    strip, to: TableFiles.join(out, "strips", "\(system.rawValue)-\(cell.choice.name).png"))
                if cell.choice == ModelChoice.tableRows[0] {
                    checks.checkIntegratorsDiffer(system: system, differences: archive.integrators())
                }
            }
            let strip = try RolloutEvaluator.load(
                folder: folder, split: "test", count: settings.stripSequences,
                anchorFrame: settings.anchorFrame, resolution: settings.resolution)
            let oracle = try PhysicsFloor(dataset: folder, inputFrames: settings.hgn.inputFrames).oracleStrip(strip)
            try TableFiles.writeBytes(
                try TableStrips.png(truth: oracle.truth, prediction: oracle.prediction),
                to: TableFiles.join(out, "strips", "\(system.rawValue)-oracle.png"))
            try TableFiles.writeText(
                TableArtifacts.curvesCSV(curves), to: TableFiles.join(out, "curves", "\(system.rawValue).csv"))
            try FileManager.default.createDirectory(
                atPath: TableFiles.join(out, "plots"), withIntermediateDirectories: true)
            try TablePlots.learningCurves(
                system: system,
                curves: curves.filter { $0.seed == settings.seeds.first }.map {
                    ($0.row, TableArtifacts.curvePoints($0.lines))
                },
                meanFrame: cellResults[system]?.first?.test.meanFrame.meanSquaredError
            )
            .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-learning-curves.png"))
        }
        let results = TableResults(profile: profile, systems: systems, cells: cellResults, floors: floors)
        for system in systems {
            try TablePlots.errorByStep(
                system: system, results: results, evaluation: .test,
                title: "test pixel MSE along forward rollouts"
            )
            .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-mse-by-step.png"))
            try TablePlots.errorByStep(
                system: system, results: results, evaluation: .long,
                title: "pixel MSE along long rollouts (long split)"
            )
            .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-long-mse-by-step.png"))
        }
        checks.checkResults(results, testSequences: testSequences)
        try TableFiles.writeText(checks.markdown(profile: profile), to: TableFiles.join(out, "checks.md"))
        guard checks.passed else {
            throw TableError.checksFailed(checks.outcomes.filter { !$0.passed }.map { "\($0.check) (\($0.system))" })
        }
        let orderings = TableOrderings.compute(results)
        let report = TableReport(
            results: results, orderings: orderings, command: command, datasets: datasets,
            variant: variant)
        try TableFiles.writeText(report.markdown(), to: TableFiles.join(out, "table1.md"))
        try TableFiles.writeText(report.csv(), to: TableFiles.join(out, "table1.csv"))
        try TableFiles.writeText(report.energyDriftCSV(), to: TableFiles.join(out, "energy-drift.csv"))
        try TableFiles.writeText(
            TableOrderings.markdown(orderings, profile: profile, command: command),
            to: TableFiles.join(out, "orderings.md"))
        try TableFiles.writeText(TableOrderings.csv(orderings), to: TableFiles.join(out, "orderings.csv"))
        try TableFiles.writeText(
            try TableArtifacts.perSequenceLines(results), to: TableFiles.join(out, "per-sequence.jsonl"))
        try TableFiles.writeText(try TableArtifacts.recordLines(records), to: TableFiles.join(out, "records.jsonl"))
        try TableFiles.writeData(
            try JSONFormat.encoder(pretty: false).encode(TableArtifacts.tableFile(results, orderings: orderings)),
            to: TableFiles.join(out, "table.json"))
        log(
            "wrote \(out): table1.md, table1.csv, orderings.md, orderings.csv, per-sequence.jsonl, records.jsonl, "
                + "table.json, energy-drift.csv, checks.md, curves/, plots/, strips/")
        print(TableOrderings.csv(orderings), terminator: "")
    }

    /// The run record a cell's trainer wrote, if any.
    public static func record(in directory: String) -> TrainingRecord? {
        guard let data = FileManager.default.contents(atPath: TableFiles.join(directory, Trainer.FileName.record))
        else { return nil }
        return try? JSONFormat.decoder().decode(TrainingRecord.self, from: data)
    }
}

/// Why a table cannot be assembled or a cell run; each message says what to do.
public enum TableError: Error, CustomStringConvertible, Equatable {
    /// Some cells have no result yet.
    case unfinishedCells([String])
    /// A cell index out of range.
    case noSuchCell(index: Int, count: Int)
    /// A dataset folder made from another spec than the profile's.
    case datasetFromAnotherSpec(folder: String)
    /// Checks of the results failed (listed in `checks.md`).
    case checksFailed([String])
    /// A cell's archive lacks a file the report needs.
    case incompleteArchive(String)
    /// A cell's baseline scores differ from those archived before it.
    case baselinesDiffer(cell: String, file: String)

    public var description: String {
        switch self {
        case .unfinishedCells(let cells):
            "\(cells.count) cell(s) not finished yet (\(cells.prefix(4).joined(separator: "; "))\(cells.count > 4 ? "; ..." : "")): run them first (resubmit those indices of the job array, or run hgnbench table without --assemble, which runs every missing cell)"
        case .noSuchCell(let index, let count):
            "no cell \(index): this table has cells numbered 0 to \(count - 1) (hgnbench table --list-cells lists them)"
        case .datasetFromAnotherSpec(let folder):
            "\(folder) holds a dataset made from another spec than this profile's (one generated before the `valid` split was added, or edited): move or delete it and run again to regenerate it (the trajectories of train, test and long come out the same), or choose another --work folder"
        case .incompleteArchive(let folder):
            "\(folder) lacks a file of a finished cell's archive (strip.png): delete its result.json and run the cell again (--cell), which archives it anew from its run folder or retrains it"
        case .baselinesDiffer(let cell, let file):
            "the mean-frame and last-frame scores of the cell archived in \(cell) differ from those in \(file): the cell was scored on other test frames than the cells before it (another dataset or profile); regenerate its dataset or delete the table's cells folder to start the table anew"
        case .checksFailed(let checks):
            "\(checks.count) check(s) of the results failed (\(checks.joined(separator: "; "))): see checks.md in the output folder"
        }
    }
}
