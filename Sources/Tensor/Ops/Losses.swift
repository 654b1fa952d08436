// Losses and the Gaussian posterior of variational models, composed from recorded ops (so they differentiate to
// any order).

extension Tensor {
    /// The mean over all elements of `(prediction − target)²`, a rank-0 tensor. O(n).
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        precondition(
            prediction.shape == target.shape,
            "meanSquaredError: prediction \(prediction.shape) and target \(target.shape) differ")
        return (prediction - target).squared().mean()
    }

    /// KL(N(mean, e^logVariance) ‖ N(0, I)) of a diagonal Gaussian posterior: for each sample (axis 0) the sum over
    /// all other axes of `½ (mean² + e^logVariance − 1 − logVariance)`, then the mean over samples. Rank 0. O(n).
    public static func standardNormalKLDivergence(mean: Tensor, logVariance: Tensor) -> Tensor {
        precondition(
            mean.shape == logVariance.shape && mean.rank >= 1,
            "KL divergence needs mean and logVariance of one shape [batch, …], got \(mean.shape), \(logVariance.shape)")
        let perElement = (mean.squared() + logVariance.exp() - logVariance - 1) * 0.5
        return perElement.sum() * (1 / Double(mean.shape[0]))
    }

    /// A reparameterised sample `mean + e^(logVariance / 2) · ε` with `ε ~ N(0, I)` drawn from `generator`: the
    /// sample is differentiable with respect to `mean` and `logVariance`. O(n).
    public static func gaussianSample<G: RandomNumberGenerator>(
        mean: Tensor, logVariance: Tensor,
        using generator: inout G
    ) -> Tensor {
        precondition(mean.shape == logVariance.shape, "mean \(mean.shape) and logVariance \(logVariance.shape) differ")
        let noise = randomNormal(shape: mean.shape, dtype: mean.dtype, using: &generator)
        return gaussianSample(mean: mean, logVariance: logVariance, noise: noise)
    }

    /// The reparameterised sample `mean + e^(logVariance / 2) · noise` for given standard-normal `noise`.
    public static func gaussianSample(mean: Tensor, logVariance: Tensor, noise: Tensor) -> Tensor {
        precondition(mean.shape == noise.shape, "noise \(noise.shape) does not match mean \(mean.shape)")
        return mean + (logVariance * 0.5).exp() * noise
    }
}
