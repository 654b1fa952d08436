/// The integrators of this module by their command-line names, for lookup from specs and flags.
public enum IntegrationMethod: String, CaseIterable, Sendable, Codable {
    case euler = "euler"
    case symplecticEuler = "symplectic-euler"
    case leapfrog = "leapfrog"
    case rk4 = "rk4"
    case yoshida4 = "yoshida4"
    /// The adaptive ground-truth integrator ``DormandPrince54`` (not a fixed-step ``Integrator``).
    case dormandPrince54 = "dopri54"

    /// Looks a method up by its command-line name (exact, lower case).
    ///
    /// - Throws: ``UnknownIntegrationMethodError``, which lists the known names.
    public init(name: String) throws(UnknownIntegrationMethodError) {
        guard let method = IntegrationMethod(rawValue: name) else {
            throw UnknownIntegrationMethodError(name: name)
        }
        self = method
    }

    /// The fixed-step integrator of this method, or `nil` for the adaptive `dopri54`.
    public var fixedStepIntegrator: (any Integrator)? {
        switch self {
        case .euler: Euler()
        case .symplecticEuler: SymplecticEuler()
        case .leapfrog: Leapfrog()
        case .rk4: RK4()
        case .yoshida4: Yoshida4()
        case .dormandPrince54: nil
        }
    }

    /// Advances `state` by `steps` fixed steps of this method, calling the concrete integrator type so that the
    /// compiler can specialise the whole loop for `S`. Calling through ``fixedStepIntegrator`` (an existential)
    /// measured up to 35% slower on three-body steps in a release build; use this form when timing integrators.
    ///
    /// - Returns: the number of gradient evaluations used.
    /// - Throws: as ``Integrator/advance(_:state:stepSize:steps:scratch:)``.
    /// - Precondition: `self` is a fixed-step method (not ``dormandPrince54``).
    @inlinable
    @discardableResult
    public func advance<S: HamiltonianSystem>(
        _ system: S, state: inout [Double], stepSize dt: Double, steps: Int, workspace: inout IntegratorWorkspace
    ) throws(IntegrationError) -> Int {
        switch self {
        case .euler: try Euler().advance(system, state: &state, stepSize: dt, steps: steps, workspace: &workspace)
        case .symplecticEuler:
            try SymplecticEuler().advance(system, state: &state, stepSize: dt, steps: steps, workspace: &workspace)
        case .leapfrog: try Leapfrog().advance(system, state: &state, stepSize: dt, steps: steps, workspace: &workspace)
        case .rk4: try RK4().advance(system, state: &state, stepSize: dt, steps: steps, workspace: &workspace)
        case .yoshida4: try Yoshida4().advance(system, state: &state, stepSize: dt, steps: steps, workspace: &workspace)
        case .dormandPrince54: preconditionFailure("dopri54 is adaptive: use DormandPrince54.solve instead")
        }
    }

    /// The fixed-step methods, in order of increasing accuracy per step.
    public static var fixedStepMethods: [IntegrationMethod] { [.euler, .symplecticEuler, .leapfrog, .rk4, .yoshida4] }
}

/// A name given for an integrator matches none of the known ones.
public struct UnknownIntegrationMethodError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The name that was not recognised.
    public var name: String

    public var description: String {
        "unknown integrator '\(name)'; choose one of: "
            + IntegrationMethod.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
