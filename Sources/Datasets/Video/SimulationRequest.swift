import Physics
import Systems

/// One trajectory from an explicit initial state (`physgen simulate`), for checking a known orbit by hand.
public struct SimulationRequest: Sendable {
    public var system: SystemKind
    /// Constants; unset ones take the standard dataset's.
    public var constants: SystemConstants
    /// Initial state: all q, then all p.
    public var state: [Double]
    /// Time between output rows.
    public var dt: Double
    /// Rows after the initial one.
    public var steps: Int
    public var integrator: IntegratorSpec

    public init(
        system: SystemKind, constants: SystemConstants, state: [Double], dt: Double, steps: Int,
        integrator: IntegratorSpec
    ) {
        self.system = system
        self.constants = constants
        self.state = state
        self.dt = dt
        self.steps = steps
        self.integrator = integrator
    }

    /// The result: column names of the state and one row `t, x..., energy` per output time.
    public struct Result: Sendable {
        public var stateNames: [String]
        public var rows: [[Double]]
    }

    /// Rows are integrated in blocks of this many, reporting progress between blocks.
    static let block = 1000

    /// Integrates, calling `progress` with the rows done after each block.
    public func run(progress: (Int) -> Void = { _ in }) throws(DatasetError) -> Result {
        guard dt.isFinite, dt > 0 else {
            throw .invalidSpec(field: "dt", reason: "must be a finite number > 0 (got \(dt))")
        }
        guard steps > 0 else { throw .invalidSpec(field: "steps", reason: "must be > 0 (got \(steps))") }
        try constants.validate(for: system)
        try integrator.validate()
        return try run(system.descriptor, progress: progress)
    }

    /// Builds `descriptor`'s system from the constants and integrates it.
    private func run<D: SystemDescriptor>(_ descriptor: D, progress: (Int) -> Void) throws(DatasetError) -> Result {
        let system: D.System
        do {
            system = try descriptor.system(constants.resolved(for: descriptor))
        } catch {
            throw .invalidSpec(field: "constants", reason: error.description)
        }
        return try run(system, names: descriptor.stateNames, progress: progress)
    }

    private func run<S: HamiltonianSystem>(
        _ system: S, names: [String], progress: (Int) -> Void
    ) throws(DatasetError) -> Result {
        guard state.count == system.stateCount else {
            throw .invalidSpec(
                field: "state",
                reason:
                    "\(self.system.rawValue) needs \(system.stateCount) numbers (\(names.joined(separator: ","))), got \(state.count)"
            )
        }
        let integration = try GroundTruthIntegration(integrator)
        var rows: [[Double]] = [[0] + state + [system.energy(state)]]
        rows.reserveCapacity(steps + 1)
        var x = state
        var done = 0
        while done < steps {
            let count = min(Self.block, steps - done)
            let trajectory: Trajectory
            do {
                trajectory = try integration.integrate(system, from: x, frames: count + 1, dt: dt)
            } catch {
                throw .integrationFailed(reason: "after t = \(Double(done) * dt): \(error)")
            }
            let n = system.stateCount
            for k in 1...count {
                let row = Array(trajectory.states[(k * n)..<((k + 1) * n)])
                rows.append([Double(done + k) * dt] + row + [trajectory.energies[k]])
            }
            x = Array(trajectory.states[(count * n)..<((count + 1) * n)])
            done += count
            progress(done)
        }
        return Result(stateNames: names, rows: rows)
    }
}
