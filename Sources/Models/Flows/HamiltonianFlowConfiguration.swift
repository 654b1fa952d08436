import Tensor

/// The architecture of a Neural (or Equivariant) Hamiltonian Flow: how many learned Hamiltonians, how long each is
/// integrated, network sizes, the momentum encoder, the element type and the seed of the initial weights.
///
/// Defaults (chosen here, since the sources give none that work; see `Benchmarks/README.md`, "Flows"): T = 4 flows
/// of 3 leapfrog steps of size 0.25 each (total time 3), MLPs of width 32 with softplus for K_k and U_k, an encoder of
/// width 32.
public struct HamiltonianFlowConfiguration: Sendable, Equatable {
    /// T, the number of learned Hamiltonians H_1 … H_T applied in turn.
    public var flows = 4
    /// Leapfrog steps per Hamiltonian.
    public var leapfrogSteps = 3
    /// Leapfrog step size h (the inverse flow uses −h).
    public var stepSize = 0.25
    /// Hidden width of the K_k and U_k networks (two hidden layers).
    public var hiddenWidth = 32
    /// Hidden width of the momentum encoder (two hidden layers).
    public var encoderWidth = 32
    /// The momentum encoder f(p | q).
    public var encoder = MomentumEncoderKind.gaussian
    /// Whether each H_k is ½‖p‖² + ½‖q‖² plus the networks (see ``NeuralSeparableHamiltonian``); false gives pure
    /// networks (a fresh flow is then the identity).
    public var harmonicBase = true
    /// Activation of K_k and U_k.
    public var activation = SmoothMultilayerPerceptron.Activation.softplus
    /// Element type of parameters and computations (float64 for exactness tests).
    public var dtype = DType.float32
    /// Seed of the initial weights.
    public var seed: UInt64 = 0

    public init() {}

    /// Checks every value; the error names the first offending one.
    public func validate() throws(FlowError) {
        guard flows >= 1 else { throw .invalidValue(name: "flows", value: "\(flows)", reason: "must be at least 1") }
        guard leapfrogSteps >= 1 else {
            throw .invalidValue(name: "leapfrog steps", value: "\(leapfrogSteps)", reason: "must be at least 1")
        }
        guard stepSize.isFinite, stepSize > 0 else {
            throw .invalidValue(name: "step size", value: "\(stepSize)", reason: "must be a finite number > 0")
        }
        guard hiddenWidth >= 1, encoderWidth >= 1 else {
            throw .invalidValue(
                name: "hidden width", value: "\(min(hiddenWidth, encoderWidth))", reason: "must be at least 1")
        }
    }
}
