// A convolution's bias and activation fused into one in-place pass over its output. The graph and the gradients
// are those of `(conv + bias).activation()`, and so are the values, bit for bit: the same arithmetic runs per
// element, only without the intermediate tensor.

/// An activation that can follow a bias in one fused pass (``Tensor/conv2D(_:bias:activation:stride:padding:)``).
///
/// Each one's derivative is a function of its output, so the fused op keeps only its output for the backward pass.
/// (Softplus, whose derivative needs the input, stays a separate op: ``Tensor/softplus()``.)
public enum Activation: Hashable, Sendable {
    /// No activation: the bias alone.
    case identity
    /// ``Tensor/relu()``.
    case relu
    /// ``Tensor/leakyRelu(slope:)``.
    case leakyRelu(slope: Double)
    /// ``Tensor/elu(alpha:)``.
    case elu(alpha: Double)
    /// ``Tensor/sigmoid()``.
    case sigmoid
    /// ``Tensor/tanh()``.
    case tanh

    /// The elementwise function, `nil` for the identity.
    var function: UnaryFunction? {
        switch self {
        case .identity: nil
        case .relu: .relu
        case .leakyRelu(let slope): .leakyRelu(slope: slope)
        case .elu(let alpha): .elu(alpha: alpha)
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        }
    }

    /// `upstream * f'` where `output = f(x)`: fused when the engine does not record, composed of recorded ops (so
    /// differentiable again) when it does.
    func gradient(upstream g: Tensor, output y: Tensor) -> Tensor {
        switch self {
        case .identity:
            return g
        case .relu:
            return Activation.leakyRelu(slope: 0).gradient(upstream: g, output: y)
        case .leakyRelu(let slope):
            guard isRecordingGradients else {
                return Tensor.fusedDerivative(.reluFamily(slope: slope), upstream: g, saved: y)
            }
            // The mask is a constant, so the second derivative is (correctly) zero.
            return g * y.positiveMask(negativeValue: slope)
        case .elu(let alpha):
            guard isRecordingGradients else { return Tensor.fusedDerivative(.elu(alpha: alpha), upstream: g, saved: y) }
            // f'(x) = 1 for x > 0, and alpha e^x = y + alpha below: written with y so that f'' = alpha e^x follows.
            let positive = y.positiveMask(negativeValue: 0)
            return g * (positive + (1 - positive) * (y + alpha))
        case .sigmoid:
            guard isRecordingGradients else { return Tensor.fusedDerivative(.sigmoid, upstream: g, saved: y) }
            return g * (y * (1 - y))
        case .tanh:
            guard isRecordingGradients else { return Tensor.fusedDerivative(.tanh, upstream: g, saved: y) }
            return g * (1 - y * y)
        }
    }
}

extension Tensor {
    /// `activation(self ⊛ filter + bias)`: a 2-D convolution (see ``conv2D(_:stride:padding:)``) whose bias
    /// `[outChannels]` and activation are applied in one pass over its output, in place.
    ///
    /// Equal, bit for bit and in its gradients, to `(x.conv2D(filter, stride:, padding:) + bias)` followed by the
    /// activation, and saves the intermediate tensor and one or two passes over memory.
    /// - Complexity: the convolution's, plus one pass over the output.
    public func conv2D(
        _ filter: Tensor, bias: Tensor, activation: Activation = .identity, stride: Int = 1,
        padding: Conv2DPadding = .valid
    ) -> Tensor {
        precondition(
            bias.rank == 1 && bias.shape[0] == filter.shape.last,
            "conv2D bias must have one value per output channel (\(filter.shape.last ?? 0)), got \(bias.shape)")
        precondition(bias.dtype == dtype, "cannot add a \(bias.dtype) bias to a \(dtype) convolution")
        return Tensor.addingBiasInPlace(conv2D(filter, stride: stride, padding: padding), bias, activation)
    }

    /// `activation(z + bias)` over the last axis, written into `z`'s storage when `z` holds the only reference.
    static func addingBiasInPlace(_ z: consuming Tensor, _ bias: Tensor, _ activation: Activation) -> Tensor {
        var z = z
        let channels = bias.scalarCount
        switch z.dtype {
        case .float32:
            bias.withUnsafeBufferPointer(as: Float.self) { b in
                z.withUnsafeMutableBufferPointer(as: Float.self) { y in
                    ElementwiseKernels.addBiasAndActivate(y, bias: b, channels: channels, activation.function)
                }
            }
        case .float64:
            bias.withUnsafeBufferPointer(as: Double.self) { b in
                z.withUnsafeMutableBufferPointer(as: Double.self) { y in
                    ElementwiseKernels.addBiasAndActivate(y, bias: b, channels: channels, activation.function)
                }
            }
        }
        let biasShape = bias.shape
        return record(
            "biasActivation", shape: z.shape, storage: z.storage, inputs: [z, bias],
            savingOutput: activation != .identity
        ) { context in
            let g =
                activation == .identity
                ? context.upstream
                : activation.gradient(upstream: context.upstream, output: context.output)
            return [context.needsGradient[0] ? g : nil, context.needsGradient[1] ? g.summed(toShape: biasShape) : nil]
        }
    }
}
