import Foundation

/// Where and how a study was run.
public struct RunEnvironment: Sendable, Equatable, Codable {
    /// The processor's model name (from `/proc/cpuinfo` on Linux).
    public var processor: String
    /// Logical processors available to the process.
    public var logicalProcessors: Int
    /// `release` or `debug`: timings of debug builds are not representative.
    public var buildConfiguration: String
    /// The operating system, as Foundation reports it.
    public var operatingSystem: String
    /// The command line that produced the report.
    public var command: String
    /// When the run started (ISO 8601, UTC).
    public var startedAt: String
    /// The wall time of the whole study, in seconds.
    public var wallSeconds: Double

    /// The environment of the current process.
    public static func current(command: String, startedAt: Date = Date(), wallSeconds: Double = 0) -> RunEnvironment {
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        return RunEnvironment(
            processor: processorModelName(), logicalProcessors: ProcessInfo.processInfo.activeProcessorCount,
            buildConfiguration: build, operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            command: command, startedAt: ISO8601DateFormatter().string(from: startedAt), wallSeconds: wallSeconds)
    }

    /// The first `model name` line of `/proc/cpuinfo`, or `"unknown"`.
    static func processorModelName() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }
}

/// The thresholds behind every verdict of the report, recorded beside the numbers.
public struct ComparisonCriteria: Sendable, Equatable, Codable {
    /// ``SecularDriftClassifier/growthThreshold``.
    public var energyGrowthThreshold = SecularDriftClassifier.growthThreshold
    /// ``SecularDriftClassifier/roundingFloor``.
    public var energyRoundingFloor = SecularDriftClassifier.roundingFloor
    /// ``SecularDriftClassifier/lossThreshold``.
    public var energyLossThreshold = SecularDriftClassifier.lossThreshold
    /// ``OrderFit/ceiling``.
    public var orderFitCeiling = OrderFit.ceiling
    /// ``OrderFit/roundingFloor``.
    public var orderFitRoundingFloor = OrderFit.roundingFloor
    /// ``OrderFit/minimumPoints``.
    public var orderFitMinimumPoints = OrderFit.minimumPoints
    /// ``OrderFit/fittedPoints``.
    public var orderFitMaximumPoints = OrderFit.fittedPoints

    /// The criteria of this build.
    public init() {}
}

/// The set-up and the fitted orders of one system.
public struct SystemReport: Sendable, Equatable, Codable {
    /// ``BenchmarkSystem/rawValue``.
    public var system: String
    /// A one-line description with the initial condition.
    public var title: String
    /// What one period is (`period`, `orbit`, `loop`).
    public var periodName: String
    /// The standard initial state `concat(q, p)`.
    public var initialState: [Double]
    /// `H` at the initial state.
    public var initialEnergy: Double
    /// The period in time units.
    public var period: Double
    /// The horizon in periods.
    public var horizonPeriods: Int
    /// The horizon in time units.
    public var horizon: Double
    /// When the global error is measured, in periods.
    public var errorTimePeriods: Double
    /// When the global error is measured, in time units.
    public var errorTime: Double
    /// The sweep, as steps per period.
    public var stepsPerPeriod: [Int]
    /// The sweep, as step sizes `T / n`.
    public var stepSizes: [Double]
    /// The step size of the energy-error-vs-time plot.
    public var plottedStepSize: Double
    /// How the reference solution is computed.
    public var referenceMethod: String
    /// The reference's estimated own error at the error time (0 for closed forms).
    public var referenceUncertainty: Double
    /// The reference's estimated own error at the end of the horizon (0 for closed forms).
    public var referenceUncertaintyAtHorizon: Double
    /// The acceptance window `[floor, ceiling]` of the order fit for this system.
    public var orderFitWindow: [Double]
    /// The middle time of each energy-envelope window.
    public var envelopeWindowMidpoints: [Double]
    /// The measured order of each fixed-step integrator.
    public var orders: [ConvergenceOrder]
}

/// The whole output of `hgnbench integrators`: what is encoded as `integrators.json`.
public struct IntegratorComparisonReport: Sendable, Equatable, Codable {
    /// The version of this layout; bumped whenever a key changes meaning or disappears.
    public static let currentSchemaVersion = 1

    /// ``currentSchemaVersion`` at the time of writing.
    public var schemaVersion: Int
    /// `"hgnbench integrators"`.
    public var tool: String
    /// Machine, build and command.
    public var environment: RunEnvironment
    /// The configuration that was run.
    public var configuration: ComparisonConfiguration
    /// The thresholds behind the verdicts.
    public var criteria: ComparisonCriteria
    /// One entry per system, in run order.
    public var systems: [SystemReport]
    /// One record per system × integrator × step size (and per `dopri54` tolerance).
    public var records: [ComparisonRecord]

    /// The records of one system and integrator, in sweep order.
    public func records(system: String, integrator: String) -> [ComparisonRecord] {
        records.filter { $0.system == system && $0.integrator == integrator }
    }
}
