import Tensor

/// A fully connected layer `x · weight + bias` for `x` of shape `[batch, in]`.
///
/// Parameters are named `<scope>.weight` (`[in, out]`) and `<scope>.bias` (`[out]`).
public struct DenseLayer: Sendable {
    /// Weight `[in, out]`.
    public let weight: Parameter
    /// Bias `[out]`.
    public let bias: Parameter

    /// A layer with freshly drawn weights (bias zero).
    public init<G: RandomNumberGenerator>(
        _ scope: ParameterScope, inFeatures: Int, outFeatures: Int, initializer: Initializer = .glorotUniform,
        using generator: inout G
    ) {
        weight = scope.makeParameter(
            "weight", shape: [inFeatures, outFeatures], initializer: initializer,
            using: &generator)
        bias = scope.makeParameter("bias", shape: [outFeatures], initializer: .zeros, using: &generator)
    }

    /// Applies the layer. O(batch · in · out).
    @inlinable
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.linear(weight: weight.value, bias: bias.value)
    }
}
