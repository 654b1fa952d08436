import Tensor

/// A fully connected network with smooth activations, `x ↦ W_L σ(… σ(W_1 x + b_1) …) + b_L`, for functions whose
/// derivatives are used (Hamiltonians are differentiated inside the integrator and again by training, so the
/// activation must be smooth: softplus or tanh, never ReLU).
///
/// Weights are `[in, out]` (Glorot-uniform), biases zero; the last layer starts small (uniform ±`finalScale`), so a
/// fresh network is a nearly constant function. Cost of one call: O(batch · Σ widthᵢ · widthᵢ₊₁).
public struct SmoothMultilayerPerceptron: Sendable {
    /// The activation between layers.
    public enum Activation: String, Sendable, CaseIterable {
        /// log(1 + eˣ): smooth, unbounded above (the default, as in the HGN paper's Hamiltonian network).
        case softplus
        /// tanh x: smooth and bounded.
        case tanh
    }

    /// Layer widths, input first.
    public let widths: [Int]
    public let activation: Activation
    private let weights: [Parameter]
    private let biases: [Parameter]

    /// Creates the layers' parameters under `scope` (named `layer0.weight`, `layer0.bias`, …).
    ///
    /// - Precondition: at least two widths, all positive.
    public init<G: RandomNumberGenerator>(
        widths: [Int], activation: Activation = .softplus, finalScale: Double = 0.01, dtype: DType = .float32,
        scope: ParameterScope, using generator: inout G
    ) {
        precondition(
            widths.count >= 2 && widths.allSatisfy { $0 > 0 },
            "an MLP needs at least two positive widths, got \(widths)")
        self.widths = widths
        self.activation = activation
        var weights: [Parameter] = [], biases: [Parameter] = []
        for layer in 0..<(widths.count - 1) {
            let isLast = layer == widths.count - 2
            let layerScope = scope.scope("layer\(layer)")
            weights.append(
                layerScope.makeParameter(
                    "weight", shape: [widths[layer], widths[layer + 1]],
                    initializer: isLast ? .uniform(limit: finalScale) : .glorotUniform, dtype: dtype, using: &generator)
            )
            biases.append(
                layerScope.makeParameter(
                    "bias", shape: [widths[layer + 1]], initializer: .zeros, dtype: dtype, using: &generator))
        }
        self.weights = weights
        self.biases = biases
    }

    /// The network applied to each row of `x` ([batch, widths.first] → [batch, widths.last]).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        for layer in weights.indices {
            h = h.linear(weight: weights[layer].value, bias: biases[layer].value)
            if layer < weights.count - 1 {
                h = activation == .softplus ? h.softplus() : h.tanh()
            }
        }
        return h
    }
}
