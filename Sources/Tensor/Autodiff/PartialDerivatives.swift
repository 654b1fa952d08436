/// Evaluates `function` at `inputs` and returns its value with its partial derivatives with respect to each
/// argument: the vector field of a Hamiltonian, for example, `(∂H/∂q, ∂H/∂p)` at a state `(q, p)`.
///
/// Use this (not ``gradients(of:wrt:seed:createGraph:retainGraph:)`` on the state itself) inside integrators. After a few steps
/// `p` depends on `q` (and the reverse) through earlier updates, so the derivative of `H(q, p)` with respect to the
/// *value* `q` would include the path `q → p → H`: a total derivative, not Hamilton's `∂H/∂q`. Here each input is
/// wrapped in a fresh identity node, so only the paths inside `function` count, while the result still depends on
/// everything upstream of the inputs (with `createGraph: true`, gradients flow back through them).
///
/// Recording is turned on for the evaluation even inside ``withoutGradientRecording(_:)`` (the derivatives need
/// it); with `createGraph: false` neither the value nor the derivatives carry a graph afterwards.
///
/// - Parameters:
///   - inputs: the arguments; constants and graph values alike.
///   - createGraph: whether the derivatives must be differentiable again (training through an integrator).
///   - function: a scalar function of the inputs (a Hamiltonian summed over the batch, for example).
/// - Returns: the function's value, and one partial derivative per input (shaped like it).
public func valueWithPartialDerivatives(
    at inputs: [Tensor], createGraph: Bool, of function: ([Tensor]) -> Tensor
) -> (value: Tensor, derivatives: [Tensor]) {
    GradientRecording.$isEnabled.withValue(true) {
        let variables = inputs.map { $0.asIndependentVariable() }
        let value = function(variables)
        let derivatives = gradients(of: value, wrt: variables, createGraph: createGraph)
        return (createGraph ? value : value.detached(), derivatives)
    }
}

extension Tensor {
    /// The same values as a fresh graph variable: a new leaf for a constant, an identity op on top of a graph value
    /// (so derivatives with respect to it see only its later uses, while gradients still flow to its ancestors).
    func asIndependentVariable() -> Tensor {
        guard node != nil else { return requiringGradient() }
        return Tensor.record("identity", shape: shape, storage: storage, inputs: [self]) { context in
            [context.upstream]
        }
    }
}
