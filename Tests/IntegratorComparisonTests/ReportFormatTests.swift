import Foundation
import Testing

@testable import IntegratorComparison

/// The output files' layout, which downstream scripts rely on (documented in Benchmarks/README.md).
@Suite struct ReportFormatTests {
    static let recordKeys: Set<String> = [
        "system", "integrator", "is_symplectic", "expected_order", "step_size", "steps_per_period",
        "relative_tolerance", "steps", "rejected_steps", "mean_step_size", "horizon", "max_relative_energy_error",
        "energy_behaviour", "energy_growth_ratio", "energy_drift_slope", "energy_error_envelope", "error_time",
        "global_error", "final_global_error", "divergence_time", "energy_loss_time", "gradient_evaluations",
        "gradient_evaluations_per_time_unit", "nanoseconds_per_step", "nanoseconds_per_time_unit",
        "max_angular_momentum_drift", "failure",
    ]
    static let systemKeys: Set<String> = [
        "system", "title", "period_name", "initial_state", "initial_energy", "period", "horizon_periods", "horizon",
        "error_time_periods", "error_time", "steps_per_period", "step_sizes", "plotted_step_size", "reference_method",
        "reference_uncertainty", "reference_uncertainty_at_horizon", "order_fit_window", "envelope_window_midpoints",
        "orders",
    ]
    static let orderKeys: Set<String> = [
        "system", "integrator", "expected_order", "measured_order", "standard_error", "fitted_step_sizes",
        "local_orders",
    ]

    static func json() throws -> [String: Any] {
        let data = try ReportFiles.json(SharedStudies.smallReport)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func topLevelKeysAndVersion() throws {
        let root = try Self.json()
        #expect(
            Set(root.keys) == [
                "schema_version", "tool", "environment", "configuration", "criteria", "systems",
                "records",
            ])
        #expect(root["schema_version"] as? Int == 1 && root["tool"] as? String == "hgnbench integrators")
        let environment = try #require(root["environment"] as? [String: Any])
        #expect(
            Set(environment.keys) == [
                "processor", "logical_processors", "build_configuration",
                "operating_system", "command", "started_at", "wall_seconds",
            ])
        let configuration = try #require(root["configuration"] as? [String: Any])
        #expect(Set(configuration.keys) == ["plans", "repeats", "minimum_repeat_seconds", "is_quick"])
        let plan = try #require((configuration["plans"] as? [[String: Any]])?.first)
        #expect(
            Set(plan.keys) == [
                "system", "steps_per_period", "horizon_periods", "error_time_periods",
                "plotted_steps_per_period", "dormand_prince_tolerances",
                "dormand_prince_samples_per_period",
            ])
        let criteria = try #require(root["criteria"] as? [String: Any])
        #expect(
            Set(criteria.keys) == [
                "energy_growth_threshold", "energy_rounding_floor", "energy_loss_threshold",
                "order_fit_ceiling", "order_fit_rounding_floor", "order_fit_minimum_points",
                "order_fit_maximum_points",
            ])
        #expect(criteria["energy_growth_threshold"] as? Double == 0.5)
        #expect(criteria["order_fit_ceiling"] as? Double == 0.1)
    }

    /// One record per system x integrator x step size, plus one per system x dopri54 tolerance; every record has
    /// every key, each of the documented type (or null where documented as optional).
    @Test func recordsHaveEveryKeyWithItsType() throws {
        let records = try #require(try Self.json()["records"] as? [[String: Any]])
        #expect(records.count == 2 * (5 * 2 + 2))
        for record in records {
            #expect(Set(record.keys) == Self.recordKeys)
            #expect(
                record["system"] is String && record["integrator"] is String && record["energy_behaviour"] is String)
            #expect(record["is_symplectic"] is Bool)
            for key in ["expected_order", "steps", "gradient_evaluations"] {
                #expect(record[key] is Int, "\(key)")
            }
            for key in ["mean_step_size", "horizon", "error_time", "gradient_evaluations_per_time_unit"] {
                #expect(record[key] is Double || record[key] is Int, "\(key)")
            }
            let envelope = try #require(record["energy_error_envelope"] as? [Any])
            #expect(envelope.count == 2 && envelope.allSatisfy { $0 is Double || $0 is NSNull })
            let isReference = record["integrator"] as? String == "dopri54"
            #expect((record["step_size"] is NSNull) == isReference)
            #expect((record["relative_tolerance"] is NSNull) == !isReference)
            #expect(EnergyBehaviour(rawValue: record["energy_behaviour"] as? String ?? "") != nil)
            let gravity = record["system"] as? String == "two-body"
            #expect((record["max_angular_momentum_drift"] is NSNull) == !gravity)
        }
        let pairs = Set(
            records.map { "\($0["system"]!)/\($0["integrator"]!)/\($0["step_size"]!)/\($0["relative_tolerance"]!)" })
        #expect(pairs.count == records.count, "no duplicate records")
    }

    @Test func systemsCarryTheirSetUpAndOrders() throws {
        let systems = try #require(try Self.json()["systems"] as? [[String: Any]])
        #expect(systems.map { $0["system"] as? String } == ["mass-spring", "two-body"])
        for system in systems {
            #expect(Set(system.keys) == Self.systemKeys)
            let orders = try #require(system["orders"] as? [[String: Any]])
            #expect(orders.count == 5)
            for order in orders { #expect(Set(order.keys) == Self.orderKeys) }
            #expect((system["envelope_window_midpoints"] as? [Double])?.count == 2)
        }
    }

    @Test func jsonRoundTripsThroughCodable() throws {
        let report = SharedStudies.smallReport
        let decoded = try ReportFiles.jsonDecoder().decode(
            IntegratorComparisonReport.self,
            from: try ReportFiles.json(report))
        #expect(decoded == report)
    }

    @Test func csvHasOneLinePerRecordUnderTheDocumentedHeader() throws {
        let report = SharedStudies.smallReport
        let lines = ReportFiles.csv(report).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first.map(String.init) == ReportFiles.csvColumns.joined(separator: ","))
        #expect(lines.count == report.records.count + 1)
        #expect(Set(ReportFiles.csvColumns) == Self.recordKeys.subtracting(["energy_error_envelope"]))
        for line in lines {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == ReportFiles.csvColumns.count)
        }
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("mass-spring,") || $0.hasPrefix("two-body,") })
    }

    @Test func markdownHasATablePerSystemAndTheSummaries() {
        let report = SharedStudies.smallReport
        let text = MarkdownReport.render(report)
        #expect(text.contains("## Measured orders of convergence"))
        #expect(text.contains("## Energy error at the plotted step size"))
        for system in report.systems {
            #expect(text.contains("## \(system.title)"))
            for kind in ["energy", "convergence", "cost"] { #expect(text.contains("(\(system.system)-\(kind).png)")) }
        }
        #expect(text.contains("ang. mom. drift"), "the gravity table has the extra column")
        let tableRows = text.split(separator: "\n").filter { $0.hasPrefix("| euler |") }
        #expect(tableRows.count == 2 + 2 * 2, "two summary rows, then one per step size in each system table")
    }

    @Test func figuresAreReadableWithoutTheTable() {
        let report = SharedStudies.smallReport
        let figures = report.figures
        #expect(figures.count == 3 * report.systems.count)
        for figure in figures {
            #expect(!figure.title.isEmpty && figure.xLabel.contains("(") && !figure.yLabel.isEmpty)
            #expect(figure.series.allSatisfy { $0.x.count == $0.y.count && !$0.name.isEmpty })
            if !figure.fileStem.hasSuffix("-cost") {
                #expect(figure.series.allSatisfy { $0.name.contains("(") }, "legends carry the verdict or the slope")
            }
        }
        let convergence = figures.filter { $0.fileStem.hasSuffix("-convergence") }
        #expect(convergence.allSatisfy { $0.xIsLogarithmic && $0.yIsLogarithmic })
        #expect(convergence.allSatisfy { $0.series.count == 5 && $0.series.allSatisfy { $0.name.contains("slope") } })
        let cost = figures.filter { $0.fileStem.hasSuffix("-cost") }
        #expect(cost.allSatisfy { $0.series.count == 6 && $0.series.last!.name.hasPrefix("dopri54 (rtol") })
        let energy = figures.filter { $0.fileStem.hasSuffix("-energy") }
        #expect(energy.allSatisfy { $0.yIsLogarithmic && $0.series.count == 6 && $0.series.last!.isDashed })
    }

    @Test func numbersAreShort() {
        #expect(NumberText.short(nil) == "—")
        #expect(NumberText.short(0.012345) == "0.0123")
        #expect(NumberText.short(123.456) == "123")
        #expect(NumberText.short(3.21e-7) == "3.2e-7")
        #expect(NumberText.short(9.96e-5) == "1.0e-4")
        #expect(NumberText.short(-2.5e12) == "-2.5e12")
        #expect(NumberText.order(nil) == "n/a" && NumberText.order(1.996) == "2.00")
    }
}

extension ReportFormatTests {
    @Test func envelopeValuesAreRoundedToFourSignificantDigits() {
        #expect(ComparisonRecord.rounded(0.000123456, significantDigits: 4) == 0.0001235)
        #expect(ComparisonRecord.rounded(98765.4, significantDigits: 4) == 98770)
        #expect(ComparisonRecord.rounded(0, significantDigits: 4) == 0)
        #expect(ComparisonRecord.rounded(1.7976931348623157e308, significantDigits: 4).isFinite)
    }
}
