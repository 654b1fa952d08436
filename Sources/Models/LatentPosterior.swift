import Tensor

/// What an encoder says about a latent: a diagonal Gaussian (mean and log-variance), or a point (deterministic
/// models, where ``logVariance`` is `nil`).
public struct LatentPosterior: Sendable {
    /// The mean (or the point itself).
    public var mean: Tensor
    /// The log-variance, for variational encoders.
    public var logVariance: Tensor?

    /// A posterior from its parts.
    public init(mean: Tensor, logVariance: Tensor?) {
        self.mean = mean
        self.logVariance = logVariance
    }

    /// A reparameterised sample `mean + e^(logVariance/2) · ε` (the mean itself for a point posterior).
    public func sample(using generator: inout some RandomNumberGenerator) -> Tensor {
        guard let logVariance else { return mean }
        return Tensor.gaussianSample(mean: mean, logVariance: logVariance, using: &generator)
    }

    /// KL(posterior ‖ N(0, I)) summed over latent elements and averaged over the batch; zero for a point.
    public func klDivergence() -> Tensor {
        guard let logVariance else { return Tensor(0, dtype: mean.dtype) }
        return Tensor.standardNormalKLDivergence(mean: mean, logVariance: logVariance)
    }
}
