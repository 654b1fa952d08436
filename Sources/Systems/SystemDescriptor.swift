import Physics

/// Everything the suite knows about one physical system, in one place: its Hamiltonian (through the ``System`` type
/// of the `Physics` module), its standard constants and their spec keys, its state names, how many bodies it draws,
/// its initial-state sampler and standard sampling ranges, the visible world square, the observation noise and seed
/// of its standard preset, and the energy drift its ground truth must stay under.
///
/// Spec validation, the simulator catalog, `physgen simulate`, the presets, the dataset card and `hgnbench` all read
/// these facts from the descriptor; none of them switches over systems. Adding a system means writing its physics
/// (a ``HamiltonianSystem`` and an ``InitialStateSampler``), one descriptor, and one line in ``SystemRegistry/all``.
/// (This follows DeepMind's Hamiltonian Dynamics Suite, which keeps each system's Hamiltonian, parameter ranges,
/// sampler and canvas bounds in one class.)
public protocol SystemDescriptor: Sendable {
    /// The system's Hamiltonian, gradients and rendering geometry (separable or not: every integrator takes both).
    associatedtype System: HamiltonianSystem
    /// The sampler of its standard initial states.
    associatedtype Sampler: InitialStateSampler where Sampler.System == System

    /// The name used on command lines and in dataset files, e.g. `pendulum`.
    var name: String { get }
    /// A short title for presets and dataset cards, e.g. `pendulum` or `two-body gravity`.
    var title: String { get }
    /// The Hamiltonian as plain text, e.g. `H = p^2/(2 m l^2) + m g l (1 - cos q)`.
    var hamiltonian: String { get }
    /// The constants a spec may set (keys under `constants`), with their standard values, in display order.
    var constants: [ConstantDefinition] { get }
    /// The number of rendered bodies.
    var bodyCount: Int { get }
    /// The number `D` of generalised positions (the phase state has `2 D` numbers).
    var positionCount: Int { get }
    /// The names of the `2 D` state coordinates, positions first, e.g. `["q", "p"]`.
    var stateNames: [String] { get }
    /// The standard initial-state sampling; its `nil` options do not apply to this system.
    var standardSampling: SamplingSettings { get }
    /// The half-width `w` of the visible world square `[-w, w]^2` of the standard rendering.
    var worldHalfWidth: Double { get }
    /// Standard deviation of the observation noise of the system's `-noisy` preset (the public HGN replication's
    /// level). The standard preset is noise-free: see datasets.md, "Observation noise".
    var observationNoise: Double { get }
    /// The seed of the standard preset.
    var presetSeed: UInt64 { get }
    /// The largest relative energy drift along one adaptive ground-truth trajectory that `physgen validate` accepts.
    var groundTruthDriftBound: Double { get }

    /// The system with `constants` (every key of ``constants`` set; see ``SystemConstants/resolved(for:)``).
    func system(_ constants: SystemConstants) throws(InvalidParameterError) -> System
    /// The sampler with `sampling` (options this system does not use are ignored).
    func sampler(_ sampling: SamplingSettings) throws(InvalidParameterError) -> Sampler
    /// The standard regular orbits on which `hgnbench integrators` compares integrators (usually one), with
    /// their references.
    func benchmarkScenarios() throws(AnalyticSolutionError) -> [BenchmarkScenario<System>]
}

extension SystemDescriptor {
    /// The system with its standard constants.
    public func standardSystem() throws(InvalidParameterError) -> System {
        try system(SystemConstants.standard(for: self))
    }

    /// One line for `physgen presets` and dataset cards: title, Hamiltonian, constants, sampling and the noise of
    /// the preset (`noise`: 0 for the standard preset, ``observationNoise`` for the `-noisy` one).
    public func summary(noise: Double) -> String {
        let values = constants.map { "\($0.symbol) \($0.standard.text)" }.joined(separator: ", ")
        var parts = [
            "\(title), \(hamiltonian), \(values)",
            "r ~ U(\(standardSampling.radius.lowerBound.shortText), \(standardSampling.radius.upperBound.shortText))",
        ]
        if let orbitNoise = standardSampling.orbitNoise { parts.append("orbit noise \(orbitNoise.shortText)") }
        parts.append(noise == 0 ? "noise-free" : "observation noise \(noise.shortText)")
        return parts.joined(separator: "; ")
    }
}

/// One physical constant of a system as a spec names it.
public struct ConstantDefinition: Sendable, Equatable {
    /// The key under the spec's `constants`, e.g. `mass` or `masses`.
    public var key: String
    /// The symbol used in summaries, e.g. `m` or `m_i`.
    public var symbol: String
    /// What it is, for help texts, e.g. `bob mass`.
    public var meaning: String
    /// The standard value; a list holds one number per body.
    public var standard: ConstantValue

    public init(key: String, symbol: String, meaning: String, standard: ConstantValue) {
        self.key = key
        self.symbol = symbol
        self.meaning = meaning
        self.standard = standard
    }
}

/// How initial states are drawn: the radius range every system uses, and the options of some.
public struct SamplingSettings: Sendable, Equatable {
    /// Range of the initial-state radius (phase-space radius for oscillators, ring radius for n-body).
    public var radius: ClosedRange<Double>
    /// n-body: the relative spread of each body's speed around the circular speed (`nil`: not used).
    public var orbitNoise: Double?
    /// n-body: samples whose bodies come closer than this are rejected (`nil`: not used).
    public var minSeparation: Double?

    public init(radius: ClosedRange<Double>, orbitNoise: Double? = nil, minSeparation: Double? = nil) {
        self.radius = radius
        self.orbitNoise = orbitNoise
        self.minSeparation = minSeparation
    }
}

extension Double {
    /// The shortest text that reads back to this number, without a trailing `.0` for whole numbers.
    var shortText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }
}
