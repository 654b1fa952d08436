/// Adam (Kingma & Ba 2015) with bias correction, optional L2 weight decay (added to the gradient, as PyTorch's
/// `Adam(weight_decay:)`) and optional decoupled weight decay (AdamW).
///
/// Per element, at step t: `g += weightDecay·w; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
/// w −= lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε) + lr·decoupledWeightDecay·w`.
/// Updates happen in place, in a fixed order; O(total parameter size) per step.
public final class Adam: Optimizer {
    /// The parameters this optimiser updates.
    public let parameters: ParameterCollection
    /// Step size (change it between steps for a schedule).
    public var learningRate: Double
    /// Decay rate of the first-moment (mean) estimate.
    public var beta1: Double
    /// Decay rate of the second-moment (uncentred variance) estimate.
    public var beta2: Double
    /// Added to the denominator for numerical stability.
    public var epsilon: Double
    /// L2 penalty coefficient added to the gradient (PyTorch `Adam(weight_decay:)`).
    public var weightDecay: Double
    /// Decoupled weight decay (AdamW): the weights shrink by `learningRate · decoupledWeightDecay` per step.
    public var decoupledWeightDecay: Double
    /// Number of updates applied so far.
    public private(set) var step = 0
    private var firstMoments: [TensorStorage] = []
    private var secondMoments: [TensorStorage] = []

    /// An optimiser for `parameters` with PyTorch's defaults (state is created at the first update).
    public init(
        parameters: ParameterCollection, learningRate: Double = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0,
        decoupledWeightDecay: Double = 0
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// Applies one Adam step; `gradients` are in the order of `parameters.values`.
    public func update(with gradients: [Tensor]) {
        validate(gradients)
        if firstMoments.count != parameters.count {
            precondition(firstMoments.isEmpty, "parameters were added after the optimiser's first step")
            firstMoments = parameters.parameters.map {
                TensorStorage(zerosCount: $0.scalarCount, dtype: $0.value.dtype)
            }
            secondMoments = parameters.parameters.map {
                TensorStorage(zerosCount: $0.scalarCount, dtype: $0.value.dtype)
            }
        }
        step += 1
        let settings = Settings(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            decoupledWeightDecay: decoupledWeightDecay,
            firstCorrection: 1 - pow(beta1, step), secondCorrection: 1 - pow(beta2, step))
        for (index, parameter) in parameters.parameters.enumerated() {
            let gradient = gradients[index].storage, m = firstMoments[index], v = secondMoments[index]
            switch parameter.value.dtype {
            case .float32:
                parameter.update(as: Float.self) { w in
                    gradient.withPointer(Float.self) { g in
                        m.withPointer(Float.self) { m in
                            v.withPointer(Float.self) { v in Self.apply(settings, w, g, m, v) }
                        }
                    }
                }
            case .float64:
                parameter.update(as: Double.self) { w in
                    gradient.withPointer(Double.self) { g in
                        m.withPointer(Double.self) { m in
                            v.withPointer(Double.self) { v in Self.apply(settings, w, g, m, v) }
                        }
                    }
                }
            }
        }
    }

    /// The first and second moments of every parameter, in order (zeros before the first step).
    public func moments() -> [(first: Tensor, second: Tensor)] {
        parameters.parameters.indices.map { index in
            let parameter = parameters.parameters[index]
            guard index < firstMoments.count else { return (parameter.value.zerosLike(), parameter.value.zerosLike()) }
            return (
                Tensor(shape: parameter.shape, storage: firstMoments[index].copy()),
                Tensor(shape: parameter.shape, storage: secondMoments[index].copy())
            )
        }
    }

    /// Replaces the state with a saved one (`moments` in parameter order, shapes already checked by the caller,
    /// as `Checkpoint.load` does).
    public func restore(step: Int, moments: [(first: Tensor, second: Tensor)]) {
        precondition(moments.count == parameters.count, "one pair of moments per parameter")
        self.step = step
        firstMoments = moments.map { $0.first.storage.copy() }
        secondMoments = moments.map { $0.second.storage.copy() }
    }

    private struct Settings {
        let learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay: Double
        let firstCorrection, secondCorrection: Double
    }

    private static func apply<T: KernelScalar>(
        _ s: Settings, _ w: UnsafeMutableBufferPointer<T>,
        _ g: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>,
        _ v: UnsafeMutablePointer<T>
    ) {
        let b1 = T(s.beta1), b2 = T(s.beta2), oneMinusB1 = T(1 - s.beta1), oneMinusB2 = T(1 - s.beta2)
        let stepSize = T(s.learningRate / s.firstCorrection)
        let inverseSecondCorrection = T(1 / s.secondCorrection), epsilon = T(s.epsilon)
        let decay = T(s.weightDecay), decoupled = T(s.learningRate * s.decoupledWeightDecay)
        for i in w.indices {
            let gradient = g[i] + decay * w[i]
            m[i] = b1 * m[i] + oneMinusB1 * gradient
            v[i] = b2 * v[i] + oneMinusB2 * gradient * gradient
            w[i] -= stepSize * m[i] / ((v[i] * inverseSecondCorrection).squareRoot() + epsilon) + decoupled * w[i]
        }
    }
}

/// `x^n` for a positive integer step count, without libm.
private func pow(_ x: Double, _ n: Int) -> Double {
    var result = 1.0, base = x, exponent = n
    while exponent > 0 {
        if exponent & 1 == 1 { result *= base }
        base *= base
        exponent >>= 1
    }
    return result
}
