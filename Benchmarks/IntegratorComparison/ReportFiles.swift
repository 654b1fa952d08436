import Foundation

/// The JSON and CSV encodings of a report: the files `integrators.json` and `integrators.csv`.
///
/// JSON keys are the Swift property names in snake_case (`max_relative_energy_error`), keys sorted, no
/// indentation (the file is for scripts), numbers as JSON numbers, missing values as `null`; the layout is
/// documented in `Benchmarks/README.md` and pinned by tests. The CSV has one header line and one line per record, with the record's scalar fields under the same
/// snake_case names (the envelope array is in the JSON only); empty fields are missing values.
public enum ReportFiles {
    /// The encoder for `integrators.json`.
    public static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The decoder that reads `integrators.json` back into an ``IntegratorComparisonReport``.
    public static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// The report as JSON.
    ///
    /// - Throws: ``ComparisonError/invalidConfiguration(_:)`` if a number is not finite (which the study never
    ///   produces: non-finite measurements are recorded as missing).
    public static func json(_ report: IntegratorComparisonReport) throws(ComparisonError) -> Data {
        do {
            return try jsonEncoder().encode(report)
        } catch {
            throw .invalidConfiguration("the report could not be encoded as JSON: \(error)")
        }
    }

    /// The CSV columns, in order.
    public static let csvColumns = [
        "system", "integrator", "is_symplectic", "expected_order", "step_size", "steps_per_period",
        "relative_tolerance", "steps", "rejected_steps", "mean_step_size", "horizon", "max_relative_energy_error",
        "energy_behaviour", "energy_growth_ratio", "energy_drift_slope", "error_time", "global_error",
        "final_global_error", "divergence_time", "energy_loss_time", "gradient_evaluations",
        "gradient_evaluations_per_time_unit",
        "nanoseconds_per_step", "nanoseconds_per_time_unit", "max_angular_momentum_drift", "failure",
    ]

    /// The records as CSV (RFC 4180: fields with commas, quotes or newlines are quoted). Numbers are written with
    /// Swift's shortest round-trip representation. `O(records)`.
    public static func csv(_ report: IntegratorComparisonReport) -> String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        func integer(_ value: Int?) -> String { value.map(String.init) ?? "" }
        func quoted(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [csvColumns.joined(separator: ",")]
        for r in report.records {
            let fields: [String] = [
                r.system, r.integrator, r.isSymplectic ? "true" : "false", String(r.expectedOrder), number(r.stepSize),
                integer(r.stepsPerPeriod), number(r.relativeTolerance), String(r.steps), integer(r.rejectedSteps),
                number(r.meanStepSize), number(r.horizon), number(r.maxRelativeEnergyError), r.energyBehaviour.rawValue,
                number(r.energyGrowthRatio), number(r.energyDriftSlope), number(r.errorTime), number(r.globalError),
                number(r.finalGlobalError), number(r.divergenceTime), number(r.energyLossTime),
                String(r.gradientEvaluations),
                number(r.gradientEvaluationsPerTimeUnit), number(r.nanosecondsPerStep),
                number(r.nanosecondsPerTimeUnit), number(r.maxAngularMomentumDrift), r.failure ?? "",
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
