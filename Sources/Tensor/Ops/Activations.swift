// Activation functions. Forward passes are single fused kernels. Backward rules have two forms that compute the same
// values: when the engine records (second-order derivatives) they are compositions of recorded ops; otherwise they
// are one fused pass (`upstream * f'`), which is what first-order training runs.

extension Tensor {
    /// `max(x, 0)`. The derivative at 0 is taken as 0. O(n).
    public func relu() -> Tensor {
        unary(.relu, "relu", savingOutput: true) { context in
            [reluFamilyGradient(context, slope: 0)]
        }
    }

    /// `x > 0 ? x : slope * x` (leaky ReLU). O(n).
    ///
    /// - Precondition: `slope >= 0` (so that the output's sign is the input's).
    public func leakyRelu(slope: Double = 0.01) -> Tensor {
        precondition(slope >= 0, "leakyRelu needs a non-negative slope, got \(slope)")
        return unary(.leakyRelu(slope: slope), "leakyRelu", savingOutput: true) { context in
            [reluFamilyGradient(context, slope: slope)]
        }
    }

    /// `x > 0 ? x : alpha * (e^x - 1)` (ELU). O(n).
    ///
    /// - Precondition: `alpha > 0`.
    public func elu(alpha: Double = 1) -> Tensor {
        precondition(alpha > 0, "elu needs a positive alpha, got \(alpha)")
        return unary(.elu(alpha: alpha), "elu", savingOutput: true) { context in
            let g = context.upstream, y = context.output
            guard isRecordingGradients else {
                return [Tensor.fusedDerivative(.elu(alpha: alpha), upstream: g, saved: y)]
            }
            // f'(x) = 1 for x > 0, and alpha e^x = y + alpha below: written with y so that f'' = alpha e^x follows.
            let positive = y.positiveMask(negativeValue: 0)
            return [g * (positive + (1 - positive) * (y + alpha))]
        }
    }

    /// Logistic sigmoid `1 / (1 + e^-x)`, computed without overflow. O(n).
    public func sigmoid() -> Tensor {
        unary(.sigmoid, "sigmoid", savingOutput: true) { context in
            let g = context.upstream, y = context.output
            guard isRecordingGradients else { return [Tensor.fusedDerivative(.sigmoid, upstream: g, saved: y)] }
            return [g * (y * (1 - y))]
        }
    }

    /// Hyperbolic tangent. O(n).
    public func tanh() -> Tensor {
        unary(.tanh, "tanh", savingOutput: true) { context in
            let g = context.upstream, y = context.output
            guard isRecordingGradients else { return [Tensor.fusedDerivative(.tanh, upstream: g, saved: y)] }
            return [g * (1 - y * y)]
        }
    }

    /// `log(1 + e^x)`, smooth everywhere (the Hamiltonian network's activation, since its second derivatives are
    /// used). Computed as `max(x, 0) + log1p(e^-|x|)`. O(n).
    public func softplus() -> Tensor {
        unary(.softplus, "softplus", savingInput: true) { context in
            let g = context.upstream, x = context.saved[0]
            guard isRecordingGradients else { return [Tensor.fusedDerivative(.softplus, upstream: g, saved: x)] }
            return [g * x.sigmoid()]
        }
    }
}

/// `g * (y > 0 ? 1 : slope)`: the mask is a constant, so the second derivative is (correctly) zero.
private func reluFamilyGradient(_ context: BackwardContext, slope: Double) -> Tensor {
    let g = context.upstream, y = context.output
    guard isRecordingGradients else { return Tensor.fusedDerivative(.reluFamily(slope: slope), upstream: g, saved: y) }
    return g * y.positiveMask(negativeValue: slope)
}
