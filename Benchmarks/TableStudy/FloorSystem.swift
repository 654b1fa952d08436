import Datasets
import Physics
import Rendering
import Systems

/// What the physics floor needs to know about a dataset's system: the body positions of a state, the true flow
/// (the dataset's own ground-truth integrator, frame interval and constants), the renderer and the trajectories as
/// generated (their noisy drawn positions). Built from the dataset's spec through its ``SystemDescriptor``.
public struct FloorSystem: Sendable {
    /// The dataset's spec.
    public let spec: DatasetSpec
    /// The number `D` of generalised positions (a state has `2 D` numbers).
    public let positionCount: Int
    /// Bodies drawn per frame.
    public let bodyCount: Int
    /// The world positions of the bodies of a state.
    public let positions: @Sendable ([Double]) -> [SIMD2<Double>]
    /// `dq/dt` of a state (the first `D` numbers of its exact time derivative).
    public let velocity: @Sendable ([Double]) -> [Double]
    /// `frames` states `dt` apart from a state, with the dataset's ground-truth integrator, frame-major (see
    /// ``Flow``).
    public let flow: @Sendable ([Double], Int) -> Flow
    /// The dataset's simulator: regenerates a trajectory (states and the noisy positions it was drawn with) from its
    /// seed.
    public let source: any TrajectorySource
    /// The dataset's renderer, discs and colours.
    public let renderer: FrameRenderer

    /// The system of the dataset whose spec is `spec`.
    ///
    /// - Throws: ``DatasetError`` when the spec's constants, integrator or rendering are invalid.
    public init(spec: DatasetSpec) throws(DatasetError) {
        try spec.validate()
        self.spec = spec
        source = try SystemCatalog.trajectorySource(for: spec)
        renderer = FrameRenderer(canvas: try SystemCatalog.canvas(for: spec))
        let integration = try GroundTruthIntegration(spec.integrator)
        let parts = try Self.parts(spec.system.descriptor, spec: spec, integration: integration)
        (positionCount, bodyCount, positions, velocity, flow) = parts
    }

    /// States along the true flow. When the integrator fails (a state the fit tried, or the fitted one, runs into
    /// a near-singular encounter of two gravitating bodies, where the adaptive step size underflows), the states
    /// from the last frame reached on are held: the bodies stop where the physics could no longer be followed.
    public struct Flow: Sendable {
        /// `frames x 2D` numbers.
        public var states: [Double]
        /// The first frame that is a held copy, or `nil` when the whole flow was integrated.
        public var heldFrom: Int?
    }

    private typealias Parts = (
        Int, Int, @Sendable ([Double]) -> [SIMD2<Double>], @Sendable ([Double]) -> [Double],
        @Sendable ([Double], Int) -> Flow
    )

    /// The closures of `descriptor`'s system (opened from the existential, so that they call the concrete type).
    private static func parts<D: SystemDescriptor>(
        _ descriptor: D, spec: DatasetSpec,
        integration: GroundTruthIntegration
    ) throws(DatasetError) -> Parts {
        let system: D.System
        do {
            system = try descriptor.system(spec.constants.resolved(for: descriptor))
        } catch {
            throw .invalidSpec(field: "constants", reason: error.description)
        }
        let dt = spec.dt, d = system.positionCount
        return (
            d, system.bodyMasses.count, { system.bodyPositions($0) },
            { Array(system.timeDerivative($0).prefix(d)) },
            { (x0: [Double], frames: Int) -> Flow in
                if let whole = try? integration.integrate(system, from: x0, frames: frames, dt: dt) {
                    return Flow(states: whole.states, heldFrom: nil)
                }
                // Frame by frame, to keep every frame reached before the failure.
                var states = x0
                var last = x0
                for frame in 1..<max(frames, 1) {
                    guard let step = try? integration.integrate(system, from: last, frames: 2, dt: dt),
                        step.states.allSatisfy(\.isFinite)
                    else {
                        for _ in frame..<frames { states += last }
                        return Flow(states: states, heldFrom: frame)
                    }
                    last = Array(step.states[(2 * d)..<(4 * d)])
                    states += last
                }
                return Flow(states: states, heldFrom: nil)
            }
        )
    }

    /// The frames `[T, H, W, 3]` (uint8) of the bodies at `positions` (frame-major, ``bodyCount`` per frame),
    /// drawn exactly as the dataset draws them.
    public func render(positions: [SIMD2<Double>]) -> [UInt8] {
        let frameBytes = renderer.canvas.frameByteCount, frames = positions.count / max(bodyCount, 1)
        var discs = zip(source.bodyRadii, source.bodyColors).map { Disc(center: .zero, radius: $0, color: $1) }
        var bytes = [UInt8](repeating: 0, count: frames * frameBytes)
        bytes.withUnsafeMutableBufferPointer { all in
            for frame in 0..<frames {
                for body in 0..<bodyCount { discs[body].center = positions[frame * bodyCount + body] }
                renderer.render(
                    discs,
                    into: UnsafeMutableBufferPointer(rebasing: all[(frame * frameBytes)..<((frame + 1) * frameBytes)]))
            }
        }
        return bytes
    }

    /// The body positions of `frames` states stored frame-major (`2 D` numbers each).
    public func positions(ofStates states: [Double]) -> [SIMD2<Double>] {
        let n = 2 * positionCount
        return (0..<(states.count / n)).flatMap { positions(Array(states[($0 * n)..<(($0 + 1) * n)])) }
    }
}
