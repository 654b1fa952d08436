import Physics
import Rendering

/// Builds the physical system, its sampler and its simulator from a spec.
public enum SystemCatalog {
    /// The simulator of a validated spec's trajectories.
    ///
    /// Call ``DatasetSpec/validate()`` first: the constants are assumed in range.
    public static func trajectorySource(for spec: DatasetSpec) throws(DatasetError) -> any TrajectorySource {
        let constants = spec.constants.resolved(for: spec.system)
        let integration = try GroundTruthIntegration(spec.integrator)
        let canvas = try canvas(for: spec)
        switch spec.system {
        case .pendulum:
            let system = Pendulum(mass: constants.mass ?? 0.5, length: constants.length ?? 1, gravity: constants.gravity ?? 3)
            return simulator(
                system: system, sampler: PendulumSampler(radiusRange: spec.sampling.radius), spec: spec,
                integration: integration, canvas: canvas, stateNames: ["q", "p"], minSeparation: nil)
        case .massSpring:
            let system = MassSpring(mass: constants.mass ?? 0.5, springConstant: constants.springConstant ?? 2)
            return simulator(
                system: system, sampler: MassSpringSampler(radiusRange: spec.sampling.radius), spec: spec,
                integration: integration, canvas: canvas, stateNames: ["q", "p"], minSeparation: nil)
        case .twoBody, .threeBody:
            let system = NBody(
                masses: constants.masses ?? Array(repeating: 1, count: spec.system.bodyCount),
                gravitationalConstant: constants.gravitationalConstant ?? 1)
            let sampler = NBodySampler(radiusRange: spec.sampling.radius, orbitNoise: spec.sampling.orbitNoise ?? 0)
            return simulator(
                system: system, sampler: sampler, spec: spec, integration: integration, canvas: canvas,
                stateNames: nBodyStateNames(bodies: system.bodyCount), minSeparation: spec.sampling.minSeparation)
        }
    }

    /// The camera of a spec: its resolution and the visible world square of its system.
    public static func canvas(for spec: DatasetSpec) throws(DatasetError) -> Canvas {
        do {
            return try Canvas(
                width: spec.rendering.resolution, height: spec.rendering.resolution,
                halfWidth: spec.rendering.halfWidth(for: spec.system))
        } catch {
            throw .invalidSpec(field: "rendering", reason: "\(error)")
        }
    }

    /// State coordinate names of an n-body system: `q1x, q1y, ..., qnx, qny, p1x, ..., pny`.
    public static func nBodyStateNames(bodies: Int) -> [String] {
        let axes = (1...bodies).flatMap { ["\($0)x", "\($0)y"] }
        return axes.map { "q" + $0 } + axes.map { "p" + $0 }
    }

    private static func simulator<S: HamiltonianSystem, Sampler: InitialStateSampler>(
        system: S, sampler: Sampler, spec: DatasetSpec, integration: GroundTruthIntegration, canvas: Canvas,
        stateNames: [String], minSeparation: Double?
    ) -> TrajectorySimulator<S, Sampler> where Sampler.System == S {
        TrajectorySimulator(
            system: system, sampler: sampler, integration: integration, dt: spec.dt,
            observationNoise: spec.observationNoise, canvas: canvas,
            bodyRadii: system.bodyMasses.map { Disc.radius(forMass: $0) },
            bodyColors: RGBColor.palette(count: system.bodyMasses.count), minSeparation: minSeparation,
            stateNames: stateNames)
    }
}
