import SeededRandom
import Testing

@testable import Tensor

@Suite("Optimisers, initialisers, parameter collections, and an HNN trained end to end")
struct TrainingTests {
    @Test("Adam's first step moves each weight by about the learning rate against its gradient's sign")
    func adamFirstStep() {
        let parameters = ParameterCollection()
        let w = Parameter(name: "w", value: Tensor(shape: [2], scalars: [1.0, -1.0]))
        parameters.add(w)
        let adam = Adam(parameters: parameters, learningRate: 0.1)
        adam.update(with: [Tensor(shape: [2], scalars: [0.5, -2.0])])
        // m̂ = g, v̂ = g², so the step is lr · g / (|g| + ε).
        let values = w.value.scalars(as: Double.self)
        #expect(abs(values[0] - 0.9) < 1e-7 && abs(values[1] - (-0.9)) < 1e-7)
        #expect(adam.step == 1 && w.value.requiresGradient)
    }

    @Test("Adam and SGD with momentum minimise a quadratic")
    func optimisersConverge() {
        let target = Tensor(shape: [3], scalars: [0.5, -1.5, 2.0])
        for makeOptimizer in [
            { Adam(parameters: $0, learningRate: 0.05) as any Optimizer },
            { StochasticGradientDescent(parameters: $0, learningRate: 0.05, momentum: 0.9) as any Optimizer },
        ] as [(ParameterCollection) -> any Optimizer] {
            let parameters = ParameterCollection()
            let w = Parameter(name: "w", value: Tensor(zeros: [3], dtype: .float64))
            parameters.add(w)
            let optimizer = makeOptimizer(parameters)
            for _ in 0..<400 {
                let loss = (w.value - target).squared().sum()
                optimizer.update(with: gradients(of: loss, wrt: parameters.values))
            }
            let error = (w.value - target).squared().sum().scalarValue.squareRoot()
            #expect(error < 1e-3, "\(type(of: optimizer)) ended \(error) away from the minimum")
        }
    }

    @Test("SGD step, momentum and weight decay follow the formula")
    func sgdFormula() {
        let parameters = ParameterCollection()
        let w = Parameter(name: "w", value: Tensor(shape: [1], scalars: [2.0]))
        parameters.add(w)
        let sgd = StochasticGradientDescent(parameters: parameters, learningRate: 0.1, momentum: 0.5, weightDecay: 0.25)
        let g = Tensor(shape: [1], scalars: [1.0])
        sgd.update(with: [g])  // b = 1 + 0.5 = 1.5; w = 2 - 0.15 = 1.85
        #expect(abs(w.value.scalarValue - 1.85) < 1e-12)
        sgd.update(with: [g])  // b = 0.75 + 1 + 0.4625 = 2.2125; w = 1.85 - 0.22125
        #expect(abs(w.value.scalarValue - 1.62875) < 1e-12)
    }

    @Test("Updating a parameter does not change a graph that still holds its old value")
    func updatesAreCopyOnWrite() {
        let parameters = ParameterCollection()
        let w = Parameter(name: "w", value: Tensor(shape: [1], scalars: [3.0]))
        parameters.add(w)
        let x = Tensor(shape: [1], scalars: [2.0]).requiringGradient()
        let y = (x * w.value).sum()  // saves w's value for dy/dx
        StochasticGradientDescent(parameters: parameters, learningRate: 1).update(with: [
            Tensor(shape: [1], scalars: [1.0])
        ])
        #expect(w.value.scalarValue == 2)
        #expect(gradient(of: y, wrt: x).scalarValue == 3)
    }

    @Test("Initialisers: fans, bounds, spread and reproducibility")
    func initialisers() {
        #expect(Initializer.fans(of: [3, 3, 16, 64]) == (144, 576))
        #expect(Initializer.fans(of: [100, 50]) == (100, 50))
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        let he = Initializer.heUniform.makeTensor(shape: [3, 3, 16, 64], using: &a)
        #expect(
            he.scalars(as: Float.self)
                == Initializer.heUniform.makeTensor(shape: [3, 3, 16, 64], using: &b).scalars(as: Float.self))
        let limit = (6.0 / 144).squareRoot()
        #expect(he.scalars(as: Double.self).allSatisfy { abs($0) <= limit })
        let normal = Initializer.glorotNormal.makeTensor(shape: [200, 100], dtype: .float64, using: &a)
        let std = normal.squared().mean().scalarValue.squareRoot()
        #expect(abs(std - (2.0 / 300).squareRoot()) < 0.003)
        #expect(Initializer.zeros.makeTensor(shape: [4], using: &a).scalars(as: Float.self) == [0, 0, 0, 0])
        #expect(Initializer.constant(0.5).makeTensor(shape: [2], using: &a).scalars(as: Float.self) == [0.5, 0.5])
    }

    @Test("Parameter collections: scoped names, order, counts, lookup")
    func parameterCollections() {
        let parameters = ParameterCollection()
        var generator = SeededGenerator(seed: 1)
        let conv1 = parameters.scope("encoder").scope("conv1")
        conv1.makeParameter("weight", shape: [3, 3, 3, 8], initializer: .heUniform, using: &generator)
        conv1.makeParameter("bias", shape: [8], initializer: .zeros, using: &generator)
        parameters.scope("decoder").makeParameter(
            "weight", shape: [4, 2], initializer: .glorotUniform, using: &generator)
        #expect(parameters.names == ["encoder.conv1.weight", "encoder.conv1.bias", "decoder.weight"])
        #expect(parameters.count == 3 && parameters.scalarCount == 216 + 8 + 8)
        #expect(parameters.scalarCount(withPrefix: "encoder.") == 224)
        #expect(parameters["encoder.conv1.bias"]?.shape == [8] && parameters["missing"] == nil)
        #expect(parameters.values.allSatisfy { $0.requiresGradient })
    }

    @Test("Global-norm clipping scales all gradients together")
    func clipping() {
        let g = [Tensor(shape: [2], scalars: [3.0, 0]), Tensor(shape: [1], scalars: [4.0])]
        let (clipped, norm) = clippedByGlobalNorm(g, maxNorm: 1)
        #expect(norm == 5)
        let values = clipped.flatMap { $0.scalars(as: Double.self) }
        #expect(zip(values, [0.6, 0, 0.8]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(clippedByGlobalNorm(g, maxNorm: 10).gradients[1].scalarValue == 4)
    }
}
