import Physics
import Rendering
import Systems

/// Builds the physical system, its sampler and its simulator from a spec, through the system's descriptor.
public enum SystemCatalog {
    /// The simulator of a validated spec's trajectories.
    ///
    /// Call ``DatasetSpec/validate()`` first: the constants are assumed in range.
    public static func trajectorySource(for spec: DatasetSpec) throws(DatasetError) -> any TrajectorySource {
        try simulator(spec.system.descriptor, spec: spec)
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

    /// The simulator of `descriptor`'s system, opened from the registry's existential. Its loops run as generic code
    /// (not specialised for the concrete system, which only the descriptor names): measured 13% more simulation CPU
    /// than the per-system switch this replaced (pendulum, 5,000 trajectories: 0.33 against 0.29 CPU-s), about 2% of
    /// generation, whose time is compression's. The price of describing each system in one place.
    private static func simulator<D: SystemDescriptor>(
        _ descriptor: D, spec: DatasetSpec
    ) throws(DatasetError) -> any TrajectorySource {
        let system: D.System, sampler: D.Sampler
        do {
            system = try descriptor.system(spec.constants.resolved(for: descriptor))
            sampler = try descriptor.sampler(spec.sampling)
        } catch {
            throw .invalidSpec(field: "constants", reason: error.description)
        }
        return TrajectorySimulator(
            system: system, sampler: sampler, integration: try GroundTruthIntegration(spec.integrator), dt: spec.dt,
            observationNoise: spec.observationNoise, canvas: try canvas(for: spec),
            bodyRadii: system.bodyMasses.map { Disc.radius(forMass: $0) },
            bodyColors: RGBColor.palette(count: system.bodyMasses.count), minSeparation: spec.sampling.minSeparation,
            stateNames: descriptor.stateNames)
    }
}
