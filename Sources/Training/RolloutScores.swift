/// How well predicted frames match the true ones over rollouts of fixed sequences.
public struct RolloutScores: Codable, Hashable, Sendable {
    /// Sequences scored.
    public var sequences: Int
    /// Pixel MSE averaged over every pixel, channel, step (anchor included) and sequence: Table 1's number.
    public var meanSquaredError: Double
    /// Standard deviation over sequences of each sequence's rollout-averaged pixel MSE (Table 1's ±).
    public var standardDeviation: Double
    /// Pixel MSE at each step from the anchor (index 0), averaged over sequences.
    public var perStep: [Double]
    /// Valid prediction time in predicted steps, averaged over sequences: how many steps after the anchor are
    /// predicted before the first whose normalised MSE exceeds ``ValidPredictionTime/threshold``; between 0 and the
    /// rollout's steps (`perStep.count − 1`), which a prediction that never fails scores (see ``ValidPredictionTime``).
    public var validPredictionTime: Double
    /// Drift of the learned Hamiltonian along the rollouts, for models that have one.
    public var energyDrift: EnergyDrift?
    /// Each sequence's rollout-averaged pixel MSE, in the evaluator's sequence order (their mean is
    /// ``meanSquaredError``): what paired comparisons of two models on the same sequences need. `nil` in results
    /// written before it was kept.
    public var perSequence: [Double]? = nil
}

/// Valid prediction time (Botev et al. 2021, DeepMind's Hamiltonian Dynamics Suite).
public enum ValidPredictionTime {
    /// Normalised MSE above which a prediction no longer counts as valid.
    public static let threshold = 0.025

    /// The valid prediction time of one rollout, in predicted steps.
    ///
    /// `squaredErrors[t]` and `squaredTruth[t]` are the mean squared error and the mean squared true pixel at step
    /// `t`, step 0 being the anchor's reconstruction and steps `1 … T` the predicted frames (`T = count − 1`). The
    /// result is the number of predicted steps before the first step whose normalised MSE
    /// `squaredErrors[t] / squaredTruth[t]` exceeds ``threshold``: `k − 1` when step `k ≥ 1` is the first to fail, 0
    /// when the anchor's reconstruction already fails, and `T` when no step fails (DeepMind's VPT over the predicted
    /// frames, with a failed anchor counting as no valid prediction). It is at most `T`, the number of steps predicted.
    public static func steps(squaredErrors: [Double], squaredTruth: [Double]) -> Int {
        precondition(squaredErrors.count == squaredTruth.count, "one squared truth per step")
        for (step, (error, truth)) in zip(squaredErrors, squaredTruth).enumerated()
        where error > threshold * truth {
            return max(step - 1, 0)
        }
        return max(squaredErrors.count - 1, 0)
    }
}

/// How much a learned Hamiltonian `H_γ` changes along its own rollouts (it should not: the flow conserves it
/// exactly, so drift measures the integrator's error on the learned field).
///
/// **The headline measures are constant-free.** A learned `H_γ` is defined only up to an additive constant (the
/// dynamics use its gradient), so a drift relative to `|H₀|` can be made as small or as large as one likes by adding a
/// constant: ``meanRelative``, ``finalRelative`` and ``maximumRelative`` are kept for comparison with earlier
/// records only. ``meanRelativeToSpread`` and ``finalRelativeToSpread`` divide `|H_t − H₀|` by `s`, the standard
/// deviation (n − 1) over the evaluated sequences of their starting energies `H₀`: the energy scale on which the
/// model tells states apart. They do not change when a constant is added to `H`, nor when `H` is multiplied by a
/// factor; a value of 0.1 means the energy moved along a rollout by a tenth of the typical difference between the
/// energies of two sequences. They need at least two sequences with different `H₀` (`s` is floored at 1e-12).
///
/// Every mean runs over the predicted steps `t = 1 … T` (step 0, the anchor, has no drift by definition).
public struct EnergyDrift: Codable, Hashable, Sendable {
    /// Mean over sequences and predicted steps of `|H_t − H₀| / s` (`s`: the spread of `H₀` over sequences). The
    /// headline drift.
    public var meanRelativeToSpread: Double
    /// Mean over sequences of `|H_T − H₀| / s` at the last step.
    public var finalRelativeToSpread: Double
    /// The spread `s` itself: the standard deviation of `H₀` over the sequences.
    public var startSpread: Double
    /// Mean over sequences and predicted steps of `|H_t − H₀| / |H₀|`. Depends on `H`'s arbitrary constant.
    public var meanRelative: Double
    /// Mean over sequences of `|H_T − H₀| / |H₀|` at the last step. Depends on `H`'s arbitrary constant.
    public var finalRelative: Double
    /// Largest `|H_t − H₀| / |H₀|` over sequences and steps. Depends on `H`'s arbitrary constant.
    public var maximumRelative: Double

    /// The drift of energies `[sequence][step]` (step 0 is the anchor).
    public init(energies: [[Double]]) {
        var relative = 0.0, final = 0.0, maximum = 0.0, absolute = 0.0, finalAbsolute = 0.0, count = 0
        let rows = energies.filter { !$0.isEmpty }
        for row in rows {
            let first = row[0], scale = max(abs(first), 1e-12)
            for value in row.dropFirst() {
                let change = abs(value - first)
                relative += change / scale
                absolute += change
                maximum = max(maximum, change / scale)
                count += 1
            }
            let last = abs((row.last ?? first) - first)
            final += last / scale
            finalAbsolute += last
        }
        let starts = rows.map { $0[0] }
        let mean = starts.reduce(0, +) / Double(max(starts.count, 1))
        let spread = (starts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(starts.count - 1, 1)))
            .squareRoot()
        let steps = Double(max(count, 1)), sequences = Double(max(rows.count, 1)), floored = max(spread, 1e-12)
        meanRelativeToSpread = absolute / steps / floored
        finalRelativeToSpread = finalAbsolute / sequences / floored
        startSpread = spread
        meanRelative = relative / steps
        finalRelative = final / sequences
        maximumRelative = maximum
    }
}
