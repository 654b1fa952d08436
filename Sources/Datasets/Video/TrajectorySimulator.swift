import Physics
import Rendering
import SeededRandom

/// One trajectory of a dataset, simulated and ready to render and write.
public struct SimulatedTrajectory: Sendable {
    /// The trajectory's own seed: it alone regenerates everything below.
    public var seed: UInt64
    /// Phase states `concat(q, p)`, frame-major: `frames × stateCount` numbers.
    public var states: [Double]
    /// Exact time derivatives of ``states``.
    public var derivatives: [Double]
    /// True energy at each frame.
    public var energies: [Double]
    /// Per-trajectory physical parameters, in the order of ``TrajectorySource/parameterNames``.
    public var parameters: [Double]
    /// World positions of the bodies as rendered (observation noise included), frame-major: `frames × bodies`.
    public var observedPositions: [SIMD2<Double>]
    /// Initial conditions drawn and rejected before this one was accepted.
    public var rejectedDraws: Int
}

/// Something that simulates the trajectories of one dataset spec from their seeds.
///
/// The concrete ``TrajectorySimulator`` is generic over the system so its inner loops are specialised; callers hold
/// it as `any TrajectorySource`, paying one dynamic call per trajectory only.
public protocol TrajectorySource: Sendable {
    /// Names of the state coordinates, e.g. `["q", "p"]` or `["q1x", "q1y", ..., "p2y"]`.
    var stateNames: [String] { get }
    /// Names of the per-trajectory parameters stored under `/other`.
    var parameterNames: [String] { get }
    /// Rendered disc radius of each body, in world units.
    var bodyRadii: [Double] { get }
    /// Rendered colour of each body.
    var bodyColors: [RGBColor] { get }
    /// Simulates the trajectory of `seed` with `frames` frames.
    func simulate(seed: UInt64, frames: Int) throws(DatasetError) -> SimulatedTrajectory
    /// The true energy of a state.
    func energy(of state: [Double]) -> Double
    /// The exact time derivative of a state.
    func timeDerivative(of state: [Double]) -> [Double]
}

/// Draws initial conditions, integrates them accurately, rejects unusable samples and adds observation noise.
///
/// Acceptance (in this order, each rejection draws a new initial condition from the same generator, so a
/// trajectory's content depends on its seed alone):
/// 1. the integrator succeeds (finite state, no step-size underflow, step budget not exceeded);
/// 2. every body's disc stays entirely inside the camera's view at every frame;
/// 3. n-body only: no two bodies come closer than `minSeparation`, checked after every accepted step of the adaptive
///    integrator (so an encounter between two frames is caught), and at every frame for fixed-step ones.
struct TrajectorySimulator<System: HamiltonianSystem, Sampler: InitialStateSampler>: TrajectorySource
where Sampler.System == System {
    let system: System
    let sampler: Sampler
    let integration: GroundTruthIntegration
    let dt: Double
    let observationNoise: Double
    let canvas: Canvas
    let bodyRadii: [Double]
    let bodyColors: [RGBColor]
    /// Smallest allowed distance between two bodies (n-body only).
    let minSeparation: Double?
    let stateNames: [String]
    /// Give up on a seed after this many rejected draws.
    let maximumDraws = 1000

    var parameterNames: [String] { system.parameters.map(\.name) }

    func energy(of state: [Double]) -> Double { system.energy(state) }

    func timeDerivative(of state: [Double]) -> [Double] { system.timeDerivative(state) }

    func simulate(seed: UInt64, frames: Int) throws(DatasetError) -> SimulatedTrajectory {
        var generator = SeededGenerator(seed: seed)
        var lastReason = ""
        for draw in 0..<maximumDraws {
            let x0 = sampler.initialState(for: system, using: &generator)
            let trajectory: Trajectory
            do {
                trajectory = try integration.integrate(
                    system, from: x0, frames: frames, dt: dt, acceptStep: separationGuard)
            } catch .stoppedByObserver(let time) {
                lastReason = "bodies closer than \(minSeparation ?? 0) at t = \(time)"
                continue
            } catch {
                lastReason = "integration failed: \(error)"
                continue
            }
            if let reason = rejection(of: trajectory) {
                lastReason = reason
                continue
            }
            return SimulatedTrajectory(
                seed: seed, states: trajectory.states, derivatives: trajectory.derivatives,
                energies: trajectory.energies, parameters: system.parameters.map(\.value),
                observedPositions: observedPositions(of: trajectory, noise: &generator), rejectedDraws: draw)
        }
        throw .samplingFailed(system: system.name, seed: seed, attempts: maximumDraws, lastReason: lastReason)
    }

    /// Why a trajectory cannot be used, or `nil` when it can.
    private func rejection(of trajectory: Trajectory) -> String? {
        let n = system.stateCount
        for frame in 0..<trajectory.frameCount {
            let x = Array(trajectory.states[(frame * n)..<((frame + 1) * n)])
            for (body, position) in system.bodyPositions(x).enumerated()
            where !canvas.contains(Disc(center: position, radius: bodyRadii[body], color: .background)) {
                return "body \(body + 1) leaves the view at frame \(frame)"
            }
            if let minSeparation, x.withUnsafeBufferPointer({ minimumPairDistance($0) }) < minSeparation {
                return "bodies closer than \(minSeparation) at frame \(frame)"
            }
        }
        return nil
    }

    /// Stops an integration as soon as two bodies come closer than `minSeparation`.
    private var separationGuard: ((UnsafeBufferPointer<Double>, Double) -> Bool)? {
        guard let minSeparation else { return nil }
        return { x, _ in minimumPairDistance(x) >= minSeparation }
    }

    /// The smallest distance between two bodies; positions are the first `positionCount` numbers, (x, y) per body.
    private func minimumPairDistance(_ x: UnsafeBufferPointer<Double>) -> Double {
        let bodies = system.positionCount / 2
        var smallest = Double.infinity
        for i in 0..<bodies {
            for j in (i + 1)..<bodies {
                let dx = x[2 * i] - x[2 * j], dy = x[2 * i + 1] - x[2 * j + 1]
                smallest = min(smallest, dx * dx + dy * dy)
            }
        }
        return smallest.squareRoot()
    }

    /// Body positions with Gaussian noise of standard deviation `observationNoise` added to every position
    /// coordinate q at every frame (the momenta do not affect rendering).
    private func observedPositions(of trajectory: Trajectory, noise generator: inout SeededGenerator) -> [SIMD2<Double>]
    {
        let n = system.stateCount
        let d = system.positionCount
        var positions: [SIMD2<Double>] = []
        positions.reserveCapacity(trajectory.frameCount * bodyRadii.count)
        var x = [Double](repeating: 0, count: n)
        for frame in 0..<trajectory.frameCount {
            for i in 0..<n { x[i] = trajectory.states[frame * n + i] }
            if observationNoise > 0 {
                for i in 0..<d { x[i] += observationNoise * generator.gaussian() }
            }
            positions.append(contentsOf: system.bodyPositions(x))
        }
        return positions
    }
}

/// The integrator that produces a dataset's ground truth (public so that benchmarks can roll a state out exactly as
/// the dataset would, e.g. the physics floor of the HGN table).
public enum GroundTruthIntegration: Sendable {
    /// Adaptive Dormand-Prince 5(4), stepping exactly onto each frame time.
    case adaptive(DormandPrince54)
    /// A fixed-step integrator with `substeps` steps per frame interval.
    case fixed(any Integrator, substeps: Int)

    /// The integrator of a spec.
    ///
    /// - Throws: ``DatasetError/unknownIntegrator(_:known:)`` for a name no integrator has.
    public init(_ spec: IntegratorSpec) throws(DatasetError) {
        let method: IntegrationMethod
        do {
            method = try IntegrationMethod(name: spec.name)
        } catch {
            throw .unknownIntegrator(spec.name, known: IntegrationMethod.allCases.map(\.rawValue))
        }
        if let integrator = method.fixedStepIntegrator {
            self = .fixed(integrator, substeps: spec.substeps)
        } else {
            self = .adaptive(
                DormandPrince54(relativeTolerance: spec.relativeTolerance, absoluteTolerance: spec.absoluteTolerance))
        }
    }

    /// Integrates `frames` frames `dt` apart; `acceptStep` watches every accepted step of the adaptive integrator
    /// (fixed-step integrators ignore it: check their frames instead).
    public func integrate<S: HamiltonianSystem>(
        _ system: S, from x0: [Double], frames: Int, dt: Double,
        acceptStep: ((UnsafeBufferPointer<Double>, Double) -> Bool)? = nil
    ) throws(IntegrationError) -> Trajectory {
        switch self {
        case .adaptive(let solver):
            return try solver.solve(system, from: x0, frames: frames, frameInterval: dt, acceptStep: acceptStep)
        case .fixed(let integrator, let substeps):
            let trajectory = try integrator.trajectory(
                system, from: x0, frames: frames, frameInterval: dt, substeps: substeps)
            guard trajectory.states.allSatisfy(\.isFinite) else {
                throw .nonFiniteState(time: trajectory.times.last ?? 0)
            }
            return trajectory
        }
    }
}
