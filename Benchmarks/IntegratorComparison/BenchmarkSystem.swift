import Physics
import Systems

/// A system of the integrator comparison, by name: one of the benchmark scenarios the registered systems' descriptors
/// vend (``Systems/SystemDescriptor/benchmarkScenarios()``), so adding a system to ``Systems/SystemRegistry`` adds it
/// here. With the current registry, in order:
///
/// | name | initial state | period `T` | reference |
/// |---|---|---|---|
/// | `pendulum` | libration, `q0 = 1.5` rad (86°), `p0 = 0` (HGN constants m 0.5, l 1, g 3) | 3.98 | elliptic functions |
/// | `pendulum-rotation` | rotation, `q0 = 0`, `p0 = 2` (energy 4 > separatrix 3) | 2.36 per loop | elliptic functions |
/// | `mass-spring` | `q0 = 0.6`, `p0 = 0.8` (m 0.5, k 2: the unit circle in phase space) | π | closed form |
/// | `two-body` | Kepler ellipse `e = 0.5`, `a = 1`, from periapsis (unit masses, G 1) | 4.44 | Kepler's equation |
/// | `three-body` | Chenciner–Montgomery figure-eight (unit masses, G 1) | 6.326 | `dopri54` at rtol 1e-13 |
/// | `double-pendulum` | slow nonlinear normal mode from rest at `q = (0.4, 0.542)` (DeepMind's constants) | 4.80 | `dopri54` at rtol 1e-13 |
///
/// Every orbit is regular: the datasets' random three-body rings and most double-pendulum draws are chaotic, and a
/// fixed-step error there grows exponentially, so its value after many periods says nothing about the integrator.
public struct BenchmarkSystem: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The scenario's name, e.g. `pendulum-rotation`.
    public let rawValue: String

    /// Looks a system up by name, listing the valid names when it is unknown.
    public init(name: String) throws(ComparisonError) {
        guard BenchmarkCatalog.entry(named: name) != nil else {
            throw .unknownSystem(name: name, known: BenchmarkSystem.allCases.map(\.rawValue))
        }
        rawValue = name
    }

    /// Every system of the comparison, in registry order.
    public static var allCases: [BenchmarkSystem] {
        BenchmarkCatalog.entries.map { BenchmarkSystem(checkedName: $0.name) }
    }

    /// A name known to be in the catalog.
    init(checkedName: String) { rawValue = checkedName }

    public var description: String { rawValue }

    /// Decodes a known name; an unknown one is an error that lists the known names.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(name: container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The comparison's scenarios in registry order, each with the study bound to its system's concrete type.
enum BenchmarkCatalog {
    /// One scenario and how to study it.
    struct Entry: Sendable {
        /// ``BenchmarkScenario/name``.
        var name: String
        /// The scenario's standard step sweep and horizon.
        var sweep: BenchmarkSweep
        /// Runs the study of this scenario under a plan.
        var study:
            @Sendable (SystemPlan, ComparisonConfiguration, (String) -> Void) throws(ComparisonError)
                -> (SystemReport, [ComparisonRecord])
    }

    /// Every registered descriptor's scenarios, built once.
    static let entries: [Entry] = SystemRegistry.all.flatMap { entries(of: $0) }

    /// The entry of a scenario name.
    static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The entries of one descriptor (opened from the existential, so that each study is generic over its system).
    static func entries<D: SystemDescriptor>(of descriptor: D) -> [Entry] {
        let scenarios: [BenchmarkScenario<D.System>]
        do {
            scenarios = try descriptor.benchmarkScenarios()
        } catch {
            let reason = error.description
            return [
                Entry(name: descriptor.name, sweep: .oscillator) { _, _, _ throws(ComparisonError) in
                    throw .referenceFailed(system: descriptor.name, reason: reason)
                }
            ]
        }
        return scenarios.map { scenario in
            Entry(name: scenario.name, sweep: scenario.sweep) { plan, configuration, progress throws(ComparisonError) in
                try IntegratorComparisonStudy.study(scenario, plan, configuration, progress)
            }
        }
    }
}

/// A mistake in the study's configuration or input; each message says what to do.
public enum ComparisonError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system name that is not one of ``BenchmarkSystem/allCases``.
    case unknownSystem(name: String, known: [String])
    /// A configuration value out of its allowed range.
    case invalidConfiguration(String)
    /// The reference solution could not be computed.
    case referenceFailed(system: String, reason: String)

    public var description: String {
        switch self {
        case .unknownSystem(let name, let known):
            "unknown system '\(name)'; choose from: \(known.joined(separator: ", "))"
        case .invalidConfiguration(let message):
            "invalid configuration: \(message)"
        case .referenceFailed(let system, let reason):
            "the reference solution of \(system) failed: \(reason); report this as a bug"
        }
    }
}
