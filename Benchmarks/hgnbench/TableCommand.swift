import ArgumentParser
import Foundation
import Models

/// `hgnbench table`: every row of Table 1 on every chosen system, resumable cell by cell, then the tables, records,
/// plots and strips.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Train every HGN variant and PixelHNN on each system and write Table 1 beside the paper's.",
        discussion: """
            Rows: hgn-leapfrog, hgn-euler, hgn-rk4, hgn-no-fpsi, hgn-deterministic, pixelhnn, and the baselines \
            mean-frame and last-frame (scored on the same sequences). Columns: <system>-train and <system>-test, \
            pixel MSE in units of 1e-4. Datasets are generated when missing; each cell (model x system) trains in \
            <work>/runs/<profile>/<system>/<model> and is skipped once finished, so run the command again to \
            continue an interrupted table. Writes table1.md, table1.csv, energy-drift.csv, table.json, records/, \
            plots/ and strips/ into --out. `smoke` only proves the pipeline (CI); `small` trains each model for about \
            15 minutes on 2 cores; `paper` uses the reference's sizes and schedule.
            """)

    @Option(help: "smoke, small or paper.")
    var profile: TableProfile = .smoke

    @Option(help: "Comma-separated systems: pendulum, mass-spring, two-body, three-body.")
    var systems = "pendulum,mass-spring"

    @Option(help: "Comma-separated rows to train (default: all six models).")
    var rows: String?

    @Option(help: "Output folder (default Benchmarks/results/table/<profile>).")
    var out: String?

    @Option(help: "Folder for generated datasets and runs (checkpoints).")
    var work = "data/bench"

    func validate() throws {
        _ = try TableSystem.list(systems)
        _ = try selectedRows()
    }

    func selectedRows() throws -> [ModelChoice] {
        guard let rows else { return ModelChoice.tableRows }
        let names = rows.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try names.map { name in
            guard let choice = ModelChoice.tableRows.first(where: { $0.name == name }) else {
                throw ValidationError("unknown row '\(name)'; rows: \(ModelChoice.tableRows.map(\.name).joined(separator: ", "))")
            }
            return choice
        }
    }

    func run() throws {
        #if DEBUG
            TableFiles.log("warning: a debug build; its timings are not representative (swift build -c release)")
        #endif
        let out = self.out ?? "Benchmarks/results/table/\(profile.rawValue)"
        let systems = try TableSystem.list(self.systems), choices = try selectedRows()
        let command = (["hgnbench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let settings = profile.settings
        var results: [TableSystem: [CellResult]] = [:], datasets: [TableSystem: String] = [:]
        TableFiles.log("load average: \(TrainingEnvironment.loadAverage() ?? "unknown")")
        for system in systems {
            let folder = try TrainDatasets.ensure(system: system, profile: profile, root: work, log: TableFiles.log)
            datasets[system] = folder
            let meanFrame = try BaselinePredictor.meanFrame(folder: folder)
            let evaluation = try EvaluateCell(dataset: folder, settings: settings, meanFrame: meanFrame)
            var records: [(row: String, record: TrainingRecord)] = []
            for choice in choices {
                let cell = TrainCell(choice: choice, system: system, profile: profile, dataset: folder,
                                     directory: TableFiles.join(work, "runs", profile.rawValue, system.rawValue, choice.name))
                let result: CellResult, model: any VideoDynamicsModel
                if let finished = cell.finishedResult() {
                    TableFiles.log("[\(system.rawValue) \(choice.name)] finished earlier: skipped")
                    (result, model) = (finished, try cell.restoredModel())
                } else {
                    (result, model) = try cell.run(meanFrame: meanFrame, log: TableFiles.log)
                }
                results[system, default: []].append(result)
                try TableFiles.writeBytes(
                    try TableStrips.png(model: model, evaluator: evaluation.test, sequences: settings.stripSequences),
                    to: TableFiles.join(out, "strips", "\(system.rawValue)-\(choice.name).png"))
                if let record = Self.record(in: cell.directory) {
                    records.append((choice.name, record))
                    try TableFiles.writeJSON(Self.thinned(record),
                                             to: TableFiles.join(out, "records", "\(system.rawValue)-\(choice.name).json"))
                }
            }
            let cells = results[system] ?? []
            try FileManager.default.createDirectory(atPath: TableFiles.join(out, "plots"),
                                                    withIntermediateDirectories: true)
            try TablePlots.learningCurves(system: system, records: records,
                                          meanFrame: cells.first?.test.meanFrame.meanSquaredError)
                .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-learning-curves.png"))
            try TablePlots.errorByStep(system: system, results: cells, split: \.test,
                                       title: "test pixel MSE along forward rollouts")
                .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-mse-by-step.png"))
            try TablePlots.errorByStep(system: system, results: cells, split: \.long,
                                       title: "pixel MSE along long rollouts (long split)")
                .writePNG(toFileAt: TableFiles.join(out, "plots", "\(system.rawValue)-long-mse-by-step.png"))
        }
        let report = TableReport(profile: profile, systems: systems, results: results, command: command,
                                 datasets: datasets)
        try TableFiles.writeText(report.markdown(), to: TableFiles.join(out, "table1.md"))
        try TableFiles.writeText(report.csv(), to: TableFiles.join(out, "table1.csv"))
        try TableFiles.writeText(report.energyDriftCSV(), to: TableFiles.join(out, "energy-drift.csv"))
        try TableFiles.writeJSON(systems.flatMap { results[$0] ?? [] }, to: TableFiles.join(out, "table.json"))
        print(report.csv())
        print("wrote \(out)/table1.md, table1.csv, energy-drift.csv, table.json, records/, plots/, strips/")
    }

    /// The run record a cell's trainer wrote, if any.
    static func record(in directory: String) -> TrainingRecord? {
        guard let data = FileManager.default.contents(atPath: TableFiles.join(directory, Trainer.FileName.record))
        else { return nil }
        return try? JSONDecoder().decode(TrainingRecord.self, from: data)
    }

    /// The record with at most 2,000 learning-curve points (every k-th step), for the results folder.
    static func thinned(_ record: TrainingRecord) -> TrainingRecord {
        var copy = record
        let stride = max(1, record.learningCurve.count / 2_000)
        copy.learningCurve = Swift.stride(from: 0, to: record.learningCurve.count, by: stride).map { record.learningCurve[$0] }
        return copy
    }
}
