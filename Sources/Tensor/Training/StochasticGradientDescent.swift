/// Stochastic gradient descent with optional momentum (PyTorch's formulation) and L2 weight decay:
/// `g += weightDecay·w; b = momentum·b + g; w −= lr·b` (b = g when momentum is 0).
/// Updates in place; O(total parameter size) per step.
public final class StochasticGradientDescent: Optimizer {
    /// The parameters this optimiser updates.
    public let parameters: ParameterCollection
    /// Step size.
    public var learningRate: Double
    /// Momentum coefficient (0 for plain SGD).
    public var momentum: Double
    /// L2 penalty coefficient added to the gradient.
    public var weightDecay: Double
    private var velocities: [TensorStorage] = []

    /// An optimiser for `parameters` (velocities are created at the first update).
    public init(parameters: ParameterCollection, learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    /// Applies one step; `gradients` are in the order of `parameters.values`.
    public func update(with gradients: [Tensor]) {
        validate(gradients)
        if velocities.count != parameters.count {
            precondition(velocities.isEmpty, "parameters were added after the optimiser's first step")
            velocities = parameters.parameters.map { TensorStorage(zerosCount: $0.scalarCount, dtype: $0.value.dtype) }
        }
        let (rate, mu, decay) = (learningRate, momentum, weightDecay)
        for (index, parameter) in parameters.parameters.enumerated() {
            let gradient = gradients[index].storage, velocity = velocities[index]
            switch parameter.value.dtype {
            case .float32:
                parameter.update(as: Float.self) { w in
                    gradient.withPointer(Float.self) { g in
                        velocity.withPointer(Float.self) { b in Self.apply(rate, mu, decay, w, g, b) }
                    }
                }
            case .float64:
                parameter.update(as: Double.self) { w in
                    gradient.withPointer(Double.self) { g in
                        velocity.withPointer(Double.self) { b in Self.apply(rate, mu, decay, w, g, b) }
                    }
                }
            }
        }
    }

    private static func apply<T: KernelScalar>(
        _ rate: Double, _ momentum: Double, _ decay: Double,
        _ w: UnsafeMutableBufferPointer<T>, _ g: UnsafeMutablePointer<T>,
        _ b: UnsafeMutablePointer<T>
    ) {
        let lr = T(rate), mu = T(momentum), wd = T(decay)
        for i in w.indices {
            b[i] = mu * b[i] + g[i] + wd * w[i]
            w[i] -= lr * b[i]
        }
    }
}
