import ArgumentParser
import Foundation
import IntegratorComparison
import Plotting
import Support

/// `hgnbench integrators`: every fixed-step integrator (and dopri54) on every true system; writes the Markdown
/// tables, the CSV and JSON of every number, and the plots.
struct IntegratorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integrators",
        abstract: "Compare Euler, symplectic Euler, leapfrog, RK4, Yoshida4 (and dopri54) on the true systems.",
        discussion: """
            For each system and a sweep of step sizes a factor 2 apart: the largest relative energy error over a \
            long horizon and whether it drifts or stays bounded, the global error after 1.25 periods against a \
            reference solution and the measured order of convergence, the cost (gradient evaluations per time unit \
            and wall time per step, median of repeats) and, for gravity, the angular-momentum drift.

            Writes integrators.md, integrators.csv and integrators.json, and per system <system>-energy, \
            <system>-convergence and <system>-cost plots (PNG and SVG), into --out. Build in release for \
            meaningful timings:
              swift build -c release --product hgnbench && .build/release/hgnbench integrators
            """)

    @Flag(help: "Horizons ten times shorter and 3 repeats (finishes in well under a minute in release).")
    var quick = false

    @Option(help: "The output directory (created if missing).")
    var out = "Benchmarks/results/integrators"

    @Option(
        help: ArgumentHelp(
            "Comma-separated systems to run.",
            discussion: "Known: \(BenchmarkSystem.allCases.map(\.rawValue).joined(separator: ", ")) (default: all)."))
    var systems = BenchmarkSystem.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Timed repeats per measurement; the median is reported (default 5, or 3 with --quick).")
    var repeats: Int?

    func validate() throws {
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        do { _ = try selectedSystems() } catch { throw ValidationError(error.description) }
    }

    func selectedSystems() throws(ComparisonError) -> [BenchmarkSystem] {
        var selected = [BenchmarkSystem]()
        for name in systems.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            let system = try BenchmarkSystem(name: name)
            if !selected.contains(system) { selected.append(system) }
        }
        guard !selected.isEmpty else { throw .invalidConfiguration("--systems selects no system") }
        return selected
    }

    func run() throws {
        let configuration = ComparisonConfiguration.standard(
            systems: try selectedSystems(), quick: quick,
            repeats: repeats)
        let command = (["hgnbench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        #if DEBUG
            StandardError.print(
                "warning: this is a debug build; its timings are not representative. Use "
                    + "`swift build -c release --product hgnbench`.")
        #endif
        let report = try IntegratorComparisonStudy.run(configuration, command: command) { line in
            StandardError.print(line)
        }

        let directory = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ data: Data, _ name: String) throws {
            try AtomicFile.write(data, to: directory.appendingPathComponent(name).path)
        }
        try write(Data(MarkdownReport.render(report).utf8), "integrators.md")
        try write(Data(ReportFiles.csv(report).utf8), "integrators.csv")
        try write(ReportFiles.json(report), "integrators.json")
        for figure in report.figures {
            let chart = Self.chart(figure)
            try chart.writePNG(toFileAt: directory.appendingPathComponent(figure.fileStem + ".png").path)
            try chart.writeSVG(toFileAt: directory.appendingPathComponent(figure.fileStem + ".svg").path)
        }
        print(MarkdownReport.environmentLine(report))
        print("\n" + MarkdownReport.ordersTable(report))
        print(MarkdownReport.energyTable(report))
        print("Wrote integrators.md, integrators.csv, integrators.json and \(2 * report.figures.count) plots to \(out)")
    }

    /// The `LineChart` of a figure description.
    static func chart(_ figure: ComparisonFigure) -> LineChart {
        var chart = LineChart(
            title: figure.title, xLabel: figure.xLabel, yLabel: figure.yLabel,
            xScale: figure.xIsLogarithmic ? .log10 : .linear,
            yScale: figure.yIsLogarithmic ? .log10 : .linear)
        chart.yRange = figure.yRange
        for series in figure.series {
            chart.add(
                series: DataSeries(
                    name: series.name, x: series.x, y: series.y.map { $0 ?? .nan },
                    color: SeriesPalette.color(at: series.colorIndex), lineStyle: series.isDashed ? .dashed : .solid,
                    showsMarkers: series.showsMarkers))
        }
        return chart
    }

}
