import Foundation

/// The report as Markdown: `integrators.md`.
///
/// Layout: a header with the machine and command; two summary tables (measured orders; energy error and verdict
/// at each system's plotted step size); then one section per system with its set-up, its plots and the full table
/// (one row per integrator and step size, and the `dopri54` rows).
public enum MarkdownReport {
    /// The fixed-step integrators in table order.
    static let integrators = ["euler", "symplectic-euler", "leapfrog", "rk4", "yoshida4"]

    /// The whole document. `figureExtension` (`png` or `svg`) names the image files linked from each section, or
    /// `nil` for no images.
    public static func render(_ report: IntegratorComparisonReport, figureExtension: String? = "png") -> String {
        var out = "# Integrator comparison\n\n"
        out += environmentLine(report) + "\n\n"
        out += "## Measured orders of convergence\n\n" + ordersTable(report) + "\n"
        let errorTimes = Set(report.systems.map(\.errorTimePeriods)).sorted().map { "\($0)" }.joined(separator: ", ")
        out +=
            "Least-squares slope of log(global error at t = \(errorTimes) periods) against log(dt), over the finest "
            + "\(report.criteria.orderFitMaximumPoints) step sizes whose error lies in "
            + "[\(NumberText.short(report.criteria.orderFitRoundingFloor)), "
            + "\(NumberText.short(report.criteria.orderFitCeiling))] (raised to 10 times the reference's uncertainty "
            + "where that is larger); the bracket gives the points used, \"n/a\" where fewer than "
            + "\(report.criteria.orderFitMinimumPoints) qualify.\n\n"
        out += "## Energy error at the plotted step size\n\n" + energyTable(report) + "\n"
        out +=
            "Verdict from a least-squares line through the maxima of the relative energy error in equal windows of "
            + "the horizon (one per period, or per 5 periods over 1,000 periods: at most 200 windows): "
            + "drifting when its rise over the horizon exceeds \(report.criteria.energyGrowthThreshold) times their "
            + "mean; lost when it reached \(report.criteria.energyLossThreshold) without such a trend (the orbit broke up "
            + "or the bodies escaped early); rounding-level when the error never exceeds "
            + "\(NumberText.short(report.criteria.energyRoundingFloor)). \"lost at t\" gives when the error first reached "
            + "\(report.criteria.energyLossThreshold), \"overflow at t\" when the state became infinite.\n"
        for system in report.systems {
            out += "\n" + section(system, report, figureExtension: figureExtension)
        }
        return out
    }

    /// Machine, build, command and date, in one line.
    public static func environmentLine(_ report: IntegratorComparisonReport) -> String {
        let e = report.environment
        return "Command: `\(e.command)` (\(e.buildConfiguration) build), on \(e.processor) with \(e.logicalProcessors) "
            + "logical processors, \(e.startedAt); whole run \(String(format: "%.1f", e.wallSeconds)) s."
    }

    /// Integrators down, systems across: the measured order (points used).
    public static func ordersTable(_ report: IntegratorComparisonReport) -> String {
        var out = "| integrator | expected |" + report.systems.map { " \($0.system) |" }.joined() + "\n"
        out += "|---|---|" + String(repeating: "---|", count: report.systems.count) + "\n"
        for name in integrators {
            let expected = report.records.first { $0.integrator == name }?.expectedOrder
            out += "| \(name) | \(expected.map(String.init) ?? "—") |"
            for system in report.systems {
                let order = system.orders.first { $0.integrator == name }
                out +=
                    " " + (order.map { "\(NumberText.order($0.measuredOrder)) (\($0.fittedStepSizes.count))" } ?? "—")
                    + " |"
            }
            out += "\n"
        }
        return out
    }

    /// Integrators down, systems across: the largest relative energy error over the horizon and its verdict, at
    /// each system's plotted step size.
    public static func energyTable(_ report: IntegratorComparisonReport) -> String {
        var out =
            "| integrator |"
            + report.systems.map {
                " \($0.system), dt = T/\(Int(($0.period / $0.plottedStepSize).rounded())), \($0.horizonPeriods) T |"
            }.joined() + "\n"
        out += "|---|" + String(repeating: "---|", count: report.systems.count) + "\n"
        for name in integrators {
            out += "| \(name) |"
            for system in report.systems {
                let record = report.records.first {
                    $0.system == system.system && $0.integrator == name && $0.stepSize == system.plottedStepSize
                }
                out +=
                    " "
                    + (record.map {
                        "\(NumberText.short($0.maxRelativeEnergyError)) \($0.energyVerdict(period: system.period))"
                    } ?? "—")
                    + " |"
            }
            out += "\n"
        }
        return out
    }

    /// One system's section: set-up, plots, and the full table.
    public static func section(
        _ system: SystemReport, _ report: IntegratorComparisonReport,
        figureExtension: String?
    ) -> String {
        let gravity = report.records.contains { $0.system == system.system && $0.maxAngularMomentumDrift != nil }
        let state = system.initialState.map { NumberText.short($0) }.joined(separator: ", ")
        var out = "## \(system.title)\n\n"
        out +=
            "Initial state (q, p) = (\(state)), H = \(NumberText.short(system.initialEnergy)); "
            + "\(system.periodName) T = \(String(format: "%.6g", system.period)) time units; horizon "
            + "\(system.horizonPeriods) T; global error at t = \(system.errorTimePeriods) T against the "
            + "\(system.referenceMethod) reference"
            + (system.referenceUncertainty > 0
                ? " (estimated uncertainty \(NumberText.short(system.referenceUncertainty)))" : "") + ".\n\n"
        if let ext = figureExtension {
            out +=
                "![energy error vs time](\(system.system)-energy.\(ext))\n"
                + "![global error vs step size](\(system.system)-convergence.\(ext))\n"
                + "![global error vs cost](\(system.system)-cost.\(ext))\n\n"
        }
        out +=
            "| integrator | dt | T/dt | max rel. energy error | energy | error at \(system.errorTimePeriods) T | "
            + "error at \(system.horizonPeriods) T | grad. evals / time unit | ns / step |"
            + (gravity ? " ang. mom. drift |" : "") + "\n"
        out += "|---|---|---|---|---|---|---|---|---|" + (gravity ? "---|" : "") + "\n"
        for record in report.records where record.system == system.system {
            let name =
                record.relativeTolerance.map { "\(record.integrator) rtol \(NumberText.short($0))" }
                ?? record.integrator
            let dt = record.stepSize.map { NumberText.short($0) } ?? "mean \(NumberText.short(record.meanStepSize))"
            let perPeriod =
                record.stepsPerPeriod.map(String.init)
                ?? NumberText.short(system.period / record.meanStepSize)
            out +=
                "| \(name) | \(dt) | \(perPeriod) | \(NumberText.short(record.maxRelativeEnergyError)) | "
                + "\(record.energyVerdict(period: system.period)) | \(NumberText.short(record.globalError)) | "
                + "\(NumberText.short(record.finalGlobalError)) | "
                + "\(NumberText.short(record.gradientEvaluationsPerTimeUnit)) | "
                + "\(NumberText.short(record.nanosecondsPerStep)) |"
                + (gravity ? " \(NumberText.short(record.maxAngularMomentumDrift)) |" : "") + "\n"
        }
        return out
    }
}
