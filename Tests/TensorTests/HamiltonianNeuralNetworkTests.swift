import SeededRandom
import Testing

@testable import Tensor

/// A Hamiltonian neural network (Greydanus et al. 2019) on the mass-spring system of the HGN paper,
/// H = p²/(2m) + k q²/2 with m = 0.5, k = 2: an MLP H_θ(q, p) is trained so that its symplectic gradient
/// (∂H_θ/∂p, −∂H_θ/∂q) matches the true time derivatives (2p, −2q). Each training step differentiates a loss that
/// contains ∂H_θ/∂x, i.e. it runs a double backward. Float32, the training path.
@Suite("End to end: an HNN learns the mass-spring vector field")
struct HamiltonianNeuralNetworkTests {
    struct Model {
        let parameters: ParameterCollection
        let layers: [(weight: Parameter, bias: Parameter)]
        let output: Parameter

        init(seed: UInt64, hidden: Int = 32) {
            var generator = SeededGenerator(seed: seed)
            let parameters = ParameterCollection()
            let sizes = [2, hidden, hidden]
            layers = (0..<2).map { i in
                let scope = parameters.scope("hamiltonian").scope("dense\(i + 1)")
                return (
                    scope.makeParameter(
                        "weight", shape: [sizes[i], sizes[i + 1]], initializer: .glorotUniform,
                        using: &generator),
                    scope.makeParameter("bias", shape: [sizes[i + 1]], initializer: .zeros, using: &generator)
                )
            }
            output = parameters.scope("hamiltonian").makeParameter(
                "output", shape: [hidden, 1],
                initializer: .glorotUniform, using: &generator)
            self.parameters = parameters
        }

        /// H_θ summed over the batch, for states `[batch, 2]` = (q, p).
        func energy(_ state: Tensor) -> Tensor {
            var h = state
            for layer in layers { h = h.linear(weight: layer.weight.value, bias: layer.bias.value).tanh() }
            return h.matmul(output.value).sum()
        }

        /// (∂H/∂p, −∂H/∂q) at each state.
        func vectorField(_ state: Tensor, createGraph: Bool) -> Tensor {
            let dH = valueWithPartialDerivatives(at: [state], createGraph: createGraph) { energy($0[0]) }.derivatives[0]
            let parts = dH.split(sizes: [1, 1], alongAxis: 1)
            return Tensor.concatenate([parts[1], -parts[0]], alongAxis: 1)
        }
    }

    /// Uniform states in [-1, 1]² and their true time derivatives (dq/dt = p/m, dp/dt = −k q).
    static func massSpringData(count: Int, seed: UInt64) -> (states: Tensor, derivatives: Tensor) {
        var generator = SeededGenerator(seed: seed)
        let states = Tensor.randomUniform(shape: [count, 2], lowerBound: -1, upperBound: 1, using: &generator)
        let parts = states.split(sizes: [1, 1], alongAxis: 1)
        return (states, Tensor.concatenate([parts[1] / 0.5, parts[0] * -2], alongAxis: 1))
    }

    static func train(_ model: Model, steps: Int, data: (states: Tensor, derivatives: Tensor)) -> [Double] {
        let adam = Adam(parameters: model.parameters, learningRate: 0.01)
        var losses: [Double] = []
        for _ in 0..<steps {
            let loss = Tensor.meanSquaredError(model.vectorField(data.states, createGraph: true), data.derivatives)
            losses.append(loss.scalarValue)
            adam.update(with: gradients(of: loss, wrt: model.parameters.values))
        }
        return losses
    }

    @Test("Training reduces the loss 1000-fold, generalises, and recovers H up to a constant")
    func learnsTheVectorField() {
        let model = Model(seed: 1)
        let losses = Self.train(model, steps: 300, data: Self.massSpringData(count: 128, seed: 2))
        let initial = losses[0], final = losses.suffix(10).reduce(0, +) / 10
        #expect(final < initial / 1000, "loss went from \(initial) to \(final)")
        let test = Self.massSpringData(count: 256, seed: 3)
        let testLoss = withoutGradientRecording {
            Tensor.meanSquaredError(model.vectorField(test.states, createGraph: false), test.derivatives).scalarValue
        }
        #expect(testLoss < initial / 1000, "test loss \(testLoss) against an initial \(initial)")
        // The learned energy is the true one up to a constant: H(x) − H(0) ≈ p² + q² on test states.
        let learned = withoutGradientRecording {
            (0..<16).map { i in
                model.energy(test.states.slice(alongAxis: 0, range: i..<i + 1)).scalarValue
                    - model.energy(Tensor(zeros: [1, 2])).scalarValue
            }
        }
        let truth = (0..<16).map { i in test.states.slice(alongAxis: 0, range: i..<i + 1).squared().sum().scalarValue }
        let error = zip(learned, truth).map { abs($0 - $1) }.max() ?? 0
        #expect(error < 0.05, "largest energy error \(error)")
    }
}
