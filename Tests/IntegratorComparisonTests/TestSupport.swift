import Physics
@testable import IntegratorComparison

/// Small studies shared by several tests, computed once (debug builds are slow).
enum SharedStudies {
    /// The standard mass-spring sweep (T/16 … T/4096, error at 1.25 T) over a 2-period horizon.
    static let massSpring: (SystemReport, [ComparisonRecord]) = {
        var plan = SystemPlan.standard(for: .massSpring)
        plan.horizonPeriods = 2
        plan.dormandPrinceTolerances = [1e-8]
        return IntegratorComparisonStudy.study(.massSpring(), plan, tinyTiming)
    }()

    /// A whole report over two systems with two step sizes each, for the file-format tests.
    static let smallReport: IntegratorComparisonReport = {
        let plans = [BenchmarkSystem.massSpring, .twoBody].map { system in
            SystemPlan(system: system, stepsPerPeriod: [64, 128], horizonPeriods: 2, plottedStepsPerPeriod: 64,
                       dormandPrinceTolerances: [1e-6, 1e-9])
        }
        let configuration = ComparisonConfiguration(plans: plans, repeats: 1, minimumRepeatSeconds: 0)
        do {
            return try IntegratorComparisonStudy.run(configuration, command: "test")
        } catch {
            preconditionFailure("the small study failed: \(error)")
        }
    }()

    /// One timed repeat, no minimum duration: timing is not under test and must stay cheap.
    static let tinyTiming = ComparisonConfiguration(plans: [], repeats: 1, minimumRepeatSeconds: 0)
}
