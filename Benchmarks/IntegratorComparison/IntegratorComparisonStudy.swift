import Foundation
import Physics
import Systems

/// The study behind `hgnbench integrators`: every fixed-step integrator on every selected system over a sweep of
/// step sizes, plus `dopri54` reference rows, measured for energy error and its drift, global error against a
/// reference solution, measured order of convergence, cost and (for gravity) angular-momentum drift.
///
/// Single-threaded on purpose: timings must not compete with each other, and the numbers then do not depend on
/// the machine's thread count. Nothing is random.
public enum IntegratorComparisonStudy {
    /// Runs the study.
    ///
    /// - Parameters:
    ///   - command: the command line, recorded in the report's environment.
    ///   - progress: called with a short line before each measurement.
    /// - Throws: ``ComparisonError`` for an invalid configuration or a failed reference solution.
    /// - Complexity: per system, `Σ (steps per period) × horizon periods` steps per integrator, observed once and
    ///   timed `repeats + 1` times.
    public static func run(
        _ configuration: ComparisonConfiguration, command: String = "hgnbench integrators",
        progress: (String) -> Void = { _ in }
    ) throws(ComparisonError) -> IntegratorComparisonReport {
        try configuration.validate()
        let started = Date()
        var systems = [SystemReport](), records = [ComparisonRecord]()
        for plan in configuration.plans {
            guard let entry = BenchmarkCatalog.entry(named: plan.system.rawValue) else {
                throw .unknownSystem(name: plan.system.rawValue, known: BenchmarkSystem.allCases.map(\.rawValue))
            }
            let (system, systemRecords) = try entry.study(plan, configuration, progress)
            systems.append(system)
            records += systemRecords
        }
        let environment = RunEnvironment.current(
            command: command, startedAt: started,
            wallSeconds: Date().timeIntervalSince(started))
        return IntegratorComparisonReport(
            schemaVersion: IntegratorComparisonReport.currentSchemaVersion, tool: "hgnbench integrators",
            environment: environment, configuration: configuration, criteria: ComparisonCriteria(), systems: systems,
            records: records)
    }

    /// Studies one scenario. `S` is known here only at run time (the scenario comes from the registry), so the
    /// steps and solves go through the scenario's ``Systems/BenchmarkScenario/advance`` and
    /// ``Systems/BenchmarkScenario/solve``, whose loops were compiled for its concrete system.
    ///
    /// - Throws: ``ComparisonError/referenceFailed(system:reason:)`` if a numerical reference fails.
    public static func study<S: HamiltonianSystem>(
        _ scenario: BenchmarkScenario<S>, _ plan: SystemPlan, _ configuration: ComparisonConfiguration,
        _ progress: (String) -> Void = { _ in }
    ) throws(ComparisonError) -> (SystemReport, [ComparisonRecord]) {
        let period = scenario.period
        let horizon = Double(plan.horizonPeriods) * period
        let errorTime = plan.errorTimePeriods * period
        if case .numerical = scenario.reference {
            progress("\(scenario.name): reference solution (dopri54 at rtol 1e-13 and 1e-12)")
        }
        let reference = try ReferenceSolution(scenario, times: [errorTime, horizon])
        let referenceUncertainty = reference.uncertainty(at: errorTime)
        let windows = plan.envelopeWindowCount
        let midpoints = (0..<windows).map { (Double($0) + 0.5) * horizon / Double(windows) }
        let referenceAtErrorTime = reference.state(at: errorTime)
        let referenceAtHorizon = reference.state(at: horizon)
        let system = scenario.system
        func distance(_ state: [Double]?, _ reference: [Double]) -> Double? {
            state.map { scenario.stateDistance($0, reference) }.flatMap { $0.isFinite ? $0 : nil }
        }
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        func envelopeForReport(_ observation: RunObservation) -> [Double?] {
            observation.envelope.map { $0.map { ComparisonRecord.rounded($0, significantDigits: 4) } }
        }

        var records = [ComparisonRecord]()
        var orders = [ConvergenceOrder]()
        for method in IntegrationMethod.fixedStepMethods {
            guard let integrator = method.fixedStepIntegrator else { continue }
            var errors = [Double?]()
            for stepsPerPeriod in plan.stepsPerPeriod {
                let dt = period / Double(stepsPerPeriod)
                let steps = plan.horizonPeriods * stepsPerPeriod
                progress("\(scenario.name): \(method.rawValue) at dt = T/\(stepsPerPeriod) (\(steps) steps)")
                let observation = FixedStepRun.observe(
                    method, scenario, stepSize: dt, steps: steps,
                    errorStep: plan.errorSteps(stepsPerPeriod: stepsPerPeriod) ?? 1, windows: windows)
                let timing = FixedStepRun.timeUninterrupted(
                    method, scenario, stepSize: dt, steps: steps,
                    repeats: configuration.repeats, minimumRepeatSeconds: configuration.minimumRepeatSeconds)
                let assessment = SecularDriftClassifier.assess(
                    windowMidpoints: midpoints, envelope: observation.envelope, horizon: horizon)
                let globalError = distance(observation.stateAtErrorTime, referenceAtErrorTime)
                errors.append(globalError)
                records.append(
                    ComparisonRecord(
                        system: scenario.name, integrator: method.rawValue, isSymplectic: integrator.isSymplectic,
                        expectedOrder: integrator.order, stepSize: dt, stepsPerPeriod: stepsPerPeriod,
                        relativeTolerance: nil, steps: steps, rejectedSteps: nil, meanStepSize: dt, horizon: horizon,
                        maxRelativeEnergyError: finite(observation.maxRelativeEnergyError),
                        energyBehaviour: assessment.behaviour, energyGrowthRatio: finite(assessment.growthRatio),
                        energyDriftSlope: finite(assessment.slope), energyErrorEnvelope: envelopeForReport(observation),
                        errorTime: errorTime, globalError: globalError,
                        finalGlobalError: distance(observation.finalState, referenceAtHorizon),
                        divergenceTime: observation.divergenceTime, energyLossTime: observation.lossTime,
                        gradientEvaluations: timing.gradientEvaluations,
                        gradientEvaluationsPerTimeUnit: Double(timing.gradientEvaluations) / horizon,
                        nanosecondsPerStep: finite(timing.secondsPerRun * 1e9 / Double(steps)),
                        nanosecondsPerTimeUnit: finite(timing.secondsPerRun * 1e9 / horizon),
                        maxAngularMomentumDrift: finite(observation.maxAngularMomentumDrift),
                        failure: observation.failure ?? timing.failure))
            }
            orders.append(
                OrderFit.fit(
                    system: scenario.name, integrator: method.rawValue, expectedOrder: integrator.order,
                    stepSizes: plan.stepsPerPeriod.map { period / Double($0) }, errors: errors,
                    referenceUncertainty: referenceUncertainty))
        }

        let outputs = plan.horizonPeriods * plan.dormandPrinceSamplesPerPeriod
        for tolerance in plan.dormandPrinceTolerances {
            progress("\(scenario.name): dopri54 at rtol \(tolerance)")
            let outcome = DormandPrinceRun.run(
                scenario, relativeTolerance: tolerance, spacing: period / Double(plan.dormandPrinceSamplesPerPeriod),
                outputs: outputs, errorOutput: plan.errorSteps(stepsPerPeriod: plan.dormandPrinceSamplesPerPeriod) ?? 1,
                windows: windows, repeats: configuration.repeats)
            let observation = outcome.observation
            let statistics = outcome.statistics
            let assessment =
                outcome.failure == nil
                ? SecularDriftClassifier.assess(
                    windowMidpoints: midpoints, envelope: observation.envelope,
                    horizon: horizon)
                : EnergyDriftAssessment(behaviour: .diverged, slope: nil, growthRatio: nil)
            let accepted = max(statistics.acceptedSteps, 1)
            records.append(
                ComparisonRecord(
                    system: scenario.name, integrator: IntegrationMethod.dormandPrince54.rawValue,
                    isSymplectic: false, expectedOrder: 5, stepSize: nil, stepsPerPeriod: nil,
                    relativeTolerance: tolerance, steps: statistics.acceptedSteps,
                    rejectedSteps: statistics.rejectedSteps,
                    meanStepSize: horizon / Double(accepted), horizon: horizon,
                    maxRelativeEnergyError: finite(observation.maxRelativeEnergyError),
                    energyBehaviour: assessment.behaviour, energyGrowthRatio: finite(assessment.growthRatio),
                    energyDriftSlope: finite(assessment.slope), energyErrorEnvelope: envelopeForReport(observation),
                    errorTime: errorTime, globalError: distance(observation.stateAtErrorTime, referenceAtErrorTime),
                    finalGlobalError: distance(observation.finalState, referenceAtHorizon), divergenceTime: nil,
                    energyLossTime: observation.lossTime,
                    gradientEvaluations: statistics.gradientEvaluations,
                    gradientEvaluationsPerTimeUnit: Double(statistics.gradientEvaluations) / horizon,
                    nanosecondsPerStep: finite(outcome.secondsPerRun * 1e9 / Double(accepted)),
                    nanosecondsPerTimeUnit: finite(outcome.secondsPerRun * 1e9 / horizon),
                    maxAngularMomentumDrift: finite(observation.maxAngularMomentumDrift), failure: outcome.failure))
        }

        let report = SystemReport(
            system: scenario.name, title: scenario.title, periodName: scenario.periodName,
            initialState: scenario.initialState, initialEnergy: system.energy(scenario.initialState), period: period,
            horizonPeriods: plan.horizonPeriods, horizon: horizon, errorTimePeriods: plan.errorTimePeriods,
            errorTime: errorTime, stepsPerPeriod: plan.stepsPerPeriod,
            stepSizes: plan.stepsPerPeriod.map { period / Double($0) },
            plottedStepSize: period / Double(plan.plottedStepsPerPeriod),
            referenceMethod: reference.method, referenceUncertainty: referenceUncertainty,
            referenceUncertaintyAtHorizon: reference.uncertainty(at: horizon),
            orderFitWindow: [OrderFit.floor(referenceUncertainty: referenceUncertainty), OrderFit.ceiling],
            envelopeWindowMidpoints: midpoints, orders: orders)
        return (report, records)
    }
}
