import ArgumentParser
import Foundation
import Systems
import TableStudy

/// `hgnbench table`: every row of Table 1 on every chosen system, resumable cell by cell, then the tables, records,
/// plots and strips.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Train every HGN variant and PixelHNN on each system and write Table 1 beside the paper's.",
        discussion: """
            Rows: hgn-leapfrog, hgn-euler, hgn-rk4, hgn-no-fpsi, hgn-deterministic, pixelhnn; the baselines \
            mean-frame and last-frame; the physics floor truth (noise-free true states rendered) and oracle (true \
            physics fitted to the input frames), all scored on every test sequence. A cell is a model on a system \
            with one training seed (the profile's seeds: 1, 2, 3 at smoke and small); each trains in \
            <work>/runs/<profile>/<preset>/<model>/seed-<seed> (<preset>: the system, or <system>-noisy with \
            --noisy), is scored on test once finished and archived in <out>/cells/<preset>/<model>/seed-<seed> \
            (result, record, curve, strip: a few tens of kilobytes), and is skipped afterwards, so run the command \
            again to continue an interrupted table; the report is assembled from the archives alone, so --work can \
            be lost between sittings once its cells are archived. Datasets are generated when missing; the floor of \
            each system is computed once (<out>/cells/<preset>/floor.json). Rows are the mean over seeds with a 95% t-interval; orderings are paired bootstrap differences. Writes \
            table1.md, table1.csv, orderings.md, orderings.csv, per-sequence.jsonl, records.jsonl, table.json, \
            energy-drift.csv, checks.md, curves/, plots/ and strips/ into --out; a failed check stops it.

            On a cluster, run the cells as a job array: --list-cells prints them (one per line, numbered), \
            --cell I runs cell I alone, --floor computes the systems' floors (optional: --assemble computes any \
            that is missing), and --assemble writes the report from the archived cells (the same files one process \
            writes). Several processes may share one table (one per core): a cell another process trains is \
            skipped, and the process that finds every cell archived writes the report. `smoke` only proves the \
            pipeline (CI); `small` takes about 15 minutes per HGN cell and 24 per PixelHNN cell on one core (about \
            10 hours for its 72 cells with one process per core of two); `paper` uses the reference's sizes and \
            schedule.
            """)

    @OptionGroup var cellOptions: TableCellOptions

    @Option(
        help: ArgumentHelp(
            "Comma-separated systems (\(SystemList.known)); default all four.",
            valueName: "systems"),
        transform: SystemList.parse)
    var systems: SystemList = SystemList([.pendulum, .massSpring, .twoBody, .threeBody])

    @Option(help: ArgumentHelp("Comma-separated rows to train (default: all six models).", valueName: "rows"))
    var rows: RowList?

    @Flag(help: "Run on the -noisy presets (per-frame observation noise) instead of the standard noise-free ones.")
    var noisy = false

    @Option(help: "Output folder (default Benchmarks/results/table/<profile>, or <profile>-noisy with --noisy).")
    var out: String?

    @Flag(help: "Print the cells, one per line as 'index system model seed', and exit.")
    var listCells = false

    @Option(help: ArgumentHelp("Run this cell alone (an index of --list-cells), then exit.", valueName: "index"))
    var cell: Int?

    @Flag(help: "Write the report from the archived cells without training any.")
    var assemble = false

    @Flag(
        help:
            "Compute the physics floor of each chosen system (kept beside the archived cells; --assemble reuses it), then exit."
    )
    var floor = false

    func validate() throws {
        if listCells && (cell != nil || assemble || floor) { throw ValidationError("--list-cells goes alone") }
        if floor && (cell != nil || assemble) {
            throw ValidationError("--floor is a step of its own: run it, the cells, then --assemble")
        }
        if cell != nil && assemble {
            throw ValidationError("--cell and --assemble are separate steps: run the cells, then --assemble")
        }
    }

    /// The command recorded in the report: the one process that writes the same report, so `--assemble` (a step of a
    /// job array, after the cells) is left out and an assembled report is byte-identical to a one-process one.
    static func reproducingCommand(_ arguments: [String]) -> String {
        (["hgnbench"] + arguments.dropFirst().filter { $0 != "--assemble" }).joined(separator: " ")
    }

    func run() throws {
        HGNBench.stopOnSignals()
        #if DEBUG
            TableFiles.log("warning: a debug build; its timings are not representative (swift build -c release)")
        #endif
        let profile = cellOptions.profile
        let table = TableRun(
            profile: profile, systems: systems.values, rows: rows?.values ?? ModelChoice.tableRows,
            variant: noisy ? .noisy : .standard,
            outputFolder: out ?? "Benchmarks/results/table/\(profile.rawValue)\(noisy ? "-noisy" : "")",
            workFolder: cellOptions.work,
            command: Self.reproducingCommand(CommandLine.arguments))
        let cells = table.cells
        if listCells {
            for (index, cell) in cells.enumerated() {
                print("\(index) \(cell.system.rawValue) \(cell.choice.name) \(cell.seed)")
            }
        } else if let index = cell {
            guard cells.indices.contains(index) else {
                throw TableError.noSuchCell(index: index, count: cells.count)
            }
            try table.run(cells[index])
        } else if floor {
            for system in systems.values { _ = try table.floor(of: system) }
        } else if assemble {
            try table.assemble()
        } else {
            try table.runAll()
        }
    }
}
