/// Something that updates a ``ParameterCollection`` from gradients.
public protocol Optimizer: AnyObject {
    /// The parameters this optimiser updates.
    var parameters: ParameterCollection { get }
    /// The step size.
    var learningRate: Double { get set }
    /// Applies one update. `gradients` are in the order of `parameters.values` (as returned by
    /// `gradients(of: loss, wrt: parameters.values)`), with matching shapes and dtypes.
    func update(with gradients: [Tensor])
}

extension Optimizer {
    /// Checks that the gradients line up with the parameters (programmer errors).
    func validate(_ gradients: [Tensor]) {
        precondition(
            gradients.count == parameters.count,
            "got \(gradients.count) gradients for \(parameters.count) parameters: pass gradients(of:wrt: parameters.values)"
        )
        for (parameter, gradient) in zip(parameters.parameters, gradients) {
            precondition(
                parameter.shape == gradient.shape && parameter.value.dtype == gradient.dtype,
                "gradient \(gradient.shape) \(gradient.dtype) does not match \(parameter.name) \(parameter.shape)")
        }
    }
}

/// Scales `gradients` so that their joint Euclidean norm is at most `maxNorm` (unchanged if already smaller).
/// Returns the scaled gradients and the norm before scaling. O(total size).
public func clippedByGlobalNorm(_ gradients: [Tensor], maxNorm: Double) -> (gradients: [Tensor], norm: Double) {
    let squaredNorms = withoutGradientRecording { gradients.map { $0.squared().sum().scalarValue } }
    let norm = squaredNorms.reduce(0, +).squareRoot()
    guard norm > maxNorm, norm > 0 else { return (gradients, norm) }
    return (gradients.map { $0 * (maxNorm / norm) }, norm)
}
