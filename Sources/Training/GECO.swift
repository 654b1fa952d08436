import Checkpoints
import Foundation
import Models
import Tensor

/// Settings of GECO (Rezende & Viola 2018, "Taming VAEs") as the public HGN replication uses it: the KL term is
/// minimised under the constraint that the reconstruction's pixel MSE stays below `tolerance²`, with a Lagrange
/// multiplier that grows while the constraint is violated.
public struct GECOSettings: Codable, Hashable, Sendable {
    /// Target reconstruction error per pixel (root-mean-square): the constraint is `MSE − tolerance² ≤ 0`.
    public var tolerance = 3.3e-2
    /// Decay of the constraint's moving average.
    public var alpha = 0.99
    /// The multiplier's first value.
    public var initialMultiplier = 1.0
    /// Rate of the multiplier's update `λ ← λ · exp(rate · C̄)`.
    public var multiplierRate = 0.1

    /// The replication's settings.
    public init() {}
}

/// The running state of GECO: the Lagrange multiplier and the moving average of the constraint.
///
/// Per step, with the constraint `C = MSE − tolerance²`: `C̄ ← α C̄ + (1 − α) C` (`C̄ = C` at the first step); the
/// loss is `KL / (values per sample) + λ · (C + stop_gradient(C̄ − C))`, whose gradient is `λ ∇C` while its value
/// uses the average; then `λ ← clamp(λ · exp(rate · C̄), 1e-10, 1e10)`. The KL is normalised by the predicted
/// values per sample (frames · pixels · channels), as in the replication.
public struct GECOState: Codable, Hashable, Sendable {
    /// The Lagrange multiplier λ (the weight of the constraint relative to the KL term).
    public var multiplier: Double
    /// The moving average C̄ of the constraint, `nil` before the first step.
    public var constraintAverage: Double?

    /// The state before the first step.
    public init(settings: GECOSettings) {
        multiplier = settings.initialMultiplier
        constraintAverage = nil
    }

    /// The step's loss from the pixel MSE and the KL divergence, and the updated state (applied by the caller after
    /// the gradient step).
    public func loss(
        pixelMeanSquaredError mse: Tensor, klDivergence: Tensor, valuesPerSample: Int,
        settings: GECOSettings
    ) -> (loss: Tensor, next: GECOState) {
        let constraint = mse - settings.tolerance * settings.tolerance
        let current = constraint.scalarValue
        let average = constraintAverage.map { settings.alpha * $0 + (1 - settings.alpha) * current } ?? current
        let shifted = constraint + Tensor(average - current, dtype: constraint.dtype)
        let loss = klDivergence * (1 / Double(valuesPerSample)) + shifted * multiplier
        var next = self
        next.constraintAverage = average
        next.multiplier = Swift.min(
            Swift.max(multiplier * Foundation.exp(settings.multiplierRate * average), 1e-10), 1e10)
        return (loss, next)
    }
}
