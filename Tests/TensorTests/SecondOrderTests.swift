import Testing

@testable import Tensor

/// Losses that contain a gradient, as in Hamiltonian models: the derivative of such a loss with respect to the
/// weights is checked by central differences of the loss, where each evaluation of the loss uses the engine's own
/// first-order gradient. Float64 throughout.
@Suite("Gradients of losses that contain gradients (double backward)")
struct SecondOrderTests {
    /// `L(weights)` where `loss(weights, createGraph)` may take inner gradients with the given flag.
    static func check(
        _ label: String, weights: [Tensor], absolute: Double = 1e-6, relative: Double = 1e-5,
        loss: @escaping ([Tensor], Bool) -> Tensor
    ) {
        let marked = weights.map { $0.requiringGradient() }
        let analytic = gradients(of: loss(marked, true), wrt: marked)
        let numeric = GradientChecking.numericalGradients(of: { loss($0, false) }, at: weights)
        GradientChecking.expectClose(analytic, numeric, absolute: absolute, relative: relative, label)
    }

    /// A softplus MLP Hamiltonian `H(x) = Σ_batch mlp(x)` on phase-space points `x` of shape `[batch, 4]`.
    static func mlpHamiltonian(_ x: Tensor, _ w: [Tensor]) -> Tensor {
        let h1 = x.linear(weight: w[0], bias: w[1]).softplus()
        let h2 = h1.linear(weight: w[2], bias: w[3]).tanh()
        return h2.linear(weight: w[4]).sum()
    }

    static func mlpWeights(_ data: inout TestData) -> [Tensor] {
        [data.uniform([4, 6]), data.uniform([6]), data.uniform([6, 5]), data.uniform([5]), data.uniform([5, 1])]
    }

    @Test("MLP: L(w) = Σ (∂H/∂x)²")
    func mlpGradientNormLoss() {
        var data = TestData(seed: 21)
        let x = data.uniform([3, 4])
        Self.check("MLP Σ(∂H/∂x)²", weights: Self.mlpWeights(&data)) { w, createGraph in
            let point = x.requiringGradient()
            let dHdx = gradient(of: Self.mlpHamiltonian(point, w), wrt: point, createGraph: createGraph)
            return dHdx.squared().sum()
        }
    }

    @Test("MLP: Hamiltonian vector field (∂H/∂p, −∂H/∂q) matched to targets, as in HNN")
    func mlpVectorFieldLoss() {
        var data = TestData(seed: 22)
        let x = data.uniform([3, 4]), target = data.uniform([3, 4])
        Self.check("MLP HNN loss", weights: Self.mlpWeights(&data)) { w, createGraph in
            let point = x.requiringGradient()
            let dHdx = gradient(of: Self.mlpHamiltonian(point, w), wrt: point, createGraph: createGraph)
            let parts = dHdx.split(sizes: [2, 2], alongAxis: 1)
            let field = Tensor.concatenate([parts[1], -parts[0]], alongAxis: 1)
            return Tensor.meanSquaredError(field, target)
        }
    }

    @Test("MLP: two leapfrog steps of the learned Hamiltonian, loss on the final state")
    func leapfrogThroughLearnedHamiltonian() {
        var data = TestData(seed: 23)
        let start = data.uniform([2, 4]), target = data.uniform([2, 4])
        let dt = 0.125
        Self.check("leapfrog rollout", weights: Self.mlpWeights(&data)) { w, createGraph in
            func split(_ s: Tensor) -> (Tensor, Tensor) {
                let parts = s.split(sizes: [2, 2], alongAxis: 1)
                return (parts[0], parts[1])
            }
            func dH(_ q: Tensor, _ p: Tensor) -> (dq: Tensor, dp: Tensor) {
                let field = valueWithPartialDerivatives(at: [q, p], createGraph: createGraph) { s in
                    Self.mlpHamiltonian(Tensor.concatenate(s, alongAxis: 1), w)
                }
                return (field.derivatives[0], field.derivatives[1])
            }
            var (q, p) = split(start)
            for _ in 0..<2 {
                p = p - dH(q, p).dq * (dt / 2)
                q = q + dH(q, p).dp * dt
                p = p - dH(q, p).dq * (dt / 2)
            }
            return Tensor.meanSquaredError(Tensor.concatenate([q, p], alongAxis: 1), target)
        }
    }

    /// The HGN Hamiltonian network in miniature: softplus convolutions on 4x4 maps (kernels 3 and 2, SAME and
    /// VALID, stride 2), H summed over space.
    static func convHamiltonian(_ x: Tensor, _ w: [Tensor]) -> Tensor {
        var h = (x.conv2D(w[0], padding: .same) + w[1]).softplus()
        h = (h.conv2D(w[2], stride: 2, padding: .valid) + w[3]).softplus()
        h = h.conv2D(w[4], padding: .same).softplus()
        h = h.conv2D(w[5], stride: 2, padding: .valid)
        return h.sum()
    }

    @Test("Conv net: L(w) = Σ (∂H/∂x)² with SAME/VALID, stride 1/2 softplus convolutions")
    func convGradientNormLoss() {
        var data = TestData(seed: 24)
        let x = data.uniform([2, 4, 4, 2])
        let weights = [
            data.uniform([3, 3, 2, 3]), data.uniform([3]), data.uniform([2, 2, 3, 3]), data.uniform([3]),
            data.uniform([2, 2, 3, 2]), data.uniform([2, 2, 2, 1]),
        ]
        Self.check("conv Σ(∂H/∂x)²", weights: weights) { w, createGraph in
            let point = x.requiringGradient()
            let dHdx = gradient(of: Self.convHamiltonian(point, w), wrt: point, createGraph: createGraph)
            return dHdx.squared().sum()
        }
    }

    @Test("Conv net: the input of H also depends on the weights (an encoder feeding the Hamiltonian)")
    func convEncoderThenHamiltonian() {
        var data = TestData(seed: 25)
        let image = data.uniform([1, 4, 4, 1])
        let weights = [
            data.uniform([3, 3, 1, 2]), data.uniform([3, 3, 2, 3]), data.uniform([3]),
            data.uniform([2, 2, 3, 3]), data.uniform([3]), data.uniform([2, 2, 3, 2]),
            data.uniform([2, 2, 2, 1]),
        ]
        Self.check("encoder + conv Hamiltonian", weights: weights) { w, createGraph in
            let encoded = image.conv2D(w[0], padding: .same).relu()
            let state = createGraph ? encoded : encoded.detached().requiringGradient()
            let dHds = gradient(of: Self.convHamiltonian(state, Array(w[1...])), wrt: state, createGraph: createGraph)
            // Moving the state along the field (one Euler step) then scoring it, as an integrator would.
            return (state + dHds * 0.1).squared().sum()
        }
    }
}
