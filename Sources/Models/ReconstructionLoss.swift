import Tensor

/// How predicted frames are scored against the true ones during training.
public enum ReconstructionLoss: String, Codable, Hashable, Sendable {
    /// The sum over frames of each frame's pixel MSE (mean over batch, pixels and channels): the paper's "sum over
    /// frames" with the per-pixel scale of Table 1.
    case frameMeanSquaredError = "frame-mse"
    /// The squared error summed over pixels, channels and frames, averaged over the batch: a Gaussian negative
    /// log-likelihood with variance 1/2 up to a constant. A fixed KL weight is then relative to this sum.
    case summedSquaredError = "sum-squared-error"

    /// The loss of `prediction` against `target`, both `[batch, frames, H, W, 3]`. O(n).
    public func callAsFunction(prediction: Tensor, target: Tensor) -> Tensor {
        precondition(
            prediction.shape == target.shape && prediction.rank == 5,
            "reconstruction needs [batch, frames, H, W, 3] tensors of one shape, got \(prediction.shape) and \(target.shape)"
        )
        let squared = (prediction - target).squared().sum()
        let batch = Double(prediction.shape[0]), pixels = Double(prediction.shape[2] * prediction.shape[3] * 3)
        switch self {
        case .frameMeanSquaredError: return squared * (1 / (batch * pixels))
        case .summedSquaredError: return squared * (1 / batch)
        }
    }
}
