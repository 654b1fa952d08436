import Physics
import Systems

/// The trusted state of a system at the times where errors are measured, with an estimate of its own error.
public struct ReferenceSolution: Sendable {
    /// How the reference is computed, for tables and JSON (e.g. `"analytic (Jacobi elliptic functions)"`).
    public var method: String
    /// The state at a time.
    let stateAt: @Sendable (Double) -> [Double]
    /// The estimated own error at a time.
    let uncertaintyAt: @Sendable (Double) -> Double

    /// The reference state at `time`.
    public func state(at time: Double) -> [Double] { stateAt(time) }

    /// An upper estimate of the reference's own error at `time` (0 for closed forms, whose error is rounding).
    public func uncertainty(at time: Double) -> Double { uncertaintyAt(time) }

    /// The reference of `scenario` at the times the study measures: its closed form, or, when it has none,
    /// ``init(numerical:times:tolerance:)``.
    ///
    /// - Throws: ``ComparisonError/referenceFailed(system:reason:)`` if a numerical reference fails.
    public init<S: HamiltonianSystem>(_ scenario: BenchmarkScenario<S>, times: [Double]) throws(ComparisonError) {
        switch scenario.reference {
        case .analytic(let method, let state):
            self.init(method: method, stateAt: state, uncertaintyAt: { _ in 0 })
        case .numerical:
            try self.init(numerical: scenario, times: times)
        }
    }

    /// A numerical reference: `dopri54` at relative tolerance `tolerance` (absolute one hundredth of it) solved
    /// once through `times`; its uncertainty at each of those times is the distance from a second solution at ten
    /// times the tolerance (a conservative bound, since the error shrinks about 6x per decade of tolerance).
    ///
    /// - Throws: ``ComparisonError/referenceFailed(system:reason:)`` if the solver fails.
    public init<S: HamiltonianSystem>(
        numerical scenario: BenchmarkScenario<S>, times: [Double], tolerance: Double = 1e-13
    ) throws(ComparisonError) {
        let sortedTimes = Array(Set(times + [0])).sorted()
        func solve(_ rtol: Double) throws(ComparisonError) -> Trajectory {
            let solver = DormandPrince54(relativeTolerance: rtol, absoluteTolerance: rtol / 100, maxSteps: 100_000_000)
            do {
                return try scenario.solve(solver, scenario.initialState, sortedTimes)
            } catch {
                throw .referenceFailed(system: scenario.name, reason: error.description)
            }
        }
        let fine = try solve(tolerance), coarse = try solve(10 * tolerance)
        var states = [Double: [Double]](), uncertainties = [Double: Double]()
        for (index, time) in sortedTimes.enumerated() {
            states[time] = fine.state(at: index)
            uncertainties[time] = scenario.stateDistance(fine.state(at: index), coarse.state(at: index))
        }
        let stateTable = states, uncertaintyTable = uncertainties
        self.init(
            method: "dopri54 at rtol \(tolerance), atol \(tolerance / 100)",
            stateAt: { time in
                guard let state = stateTable[time] else {
                    preconditionFailure("the numerical reference was not solved through t = \(time)")
                }
                return state
            },
            uncertaintyAt: { time in
                guard let uncertainty = uncertaintyTable[time] else {
                    preconditionFailure("the numerical reference was not solved through t = \(time)")
                }
                return uncertainty
            })
    }

    private init(
        method: String, stateAt: @escaping @Sendable (Double) -> [Double],
        uncertaintyAt: @escaping @Sendable (Double) -> Double
    ) {
        self.method = method
        self.stateAt = stateAt
        self.uncertaintyAt = uncertaintyAt
    }
}
