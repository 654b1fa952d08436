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
    /// Valid prediction time: the first step whose normalised MSE (pixel MSE / mean squared true pixel) exceeds
    /// ``ValidPredictionTime/threshold``, averaged over sequences (the rollout's length when it never does).
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

    /// The first step where `squaredErrors[t] / squaredTruth[t] > threshold`, or the number of steps if none.
    public static func steps(squaredErrors: [Double], squaredTruth: [Double]) -> Int {
        for (step, (error, truth)) in zip(squaredErrors, squaredTruth).enumerated()
        where error > threshold * truth {
            return step
        }
        return squaredErrors.count
    }
}

/// How much a learned Hamiltonian `H_γ` changes along its own rollouts (it should not: the flow conserves it
/// exactly, so drift measures the integrator's error).
///
/// `H_γ` is only defined up to an additive constant, so the drift relative to `|H₀|` depends on that constant;
/// ``relativeToSpread`` divides by the spread of `H₀` over the evaluated sequences instead, which does not.
public struct EnergyDrift: Codable, Hashable, Sendable {
    /// Mean over sequences and steps of `|H_t − H₀| / |H₀|`.
    public var meanRelative: Double
    /// Mean over sequences of `|H_T − H₀| / |H₀|` at the last step.
    public var finalRelative: Double
    /// Largest `|H_t − H₀| / |H₀|` over sequences and steps.
    public var maximumRelative: Double
    /// Mean over sequences and steps of `|H_t − H₀|` divided by the standard deviation of `H₀` over sequences.
    public var relativeToSpread: Double

    /// The drift of energies `[sequence][step]`.
    public init(energies: [[Double]]) {
        var sum = 0.0, final = 0.0, maximum = 0.0, absolute = 0.0, count = 0
        for row in energies {
            guard let first = row.first else { continue }
            let scale = max(abs(first), 1e-12)
            for value in row {
                let change = abs(value - first)
                sum += change / scale
                absolute += change
                maximum = max(maximum, change / scale)
                count += 1
            }
            final += abs((row.last ?? first) - first) / scale
        }
        let starts = energies.compactMap(\.first)
        let mean = starts.reduce(0, +) / Double(max(starts.count, 1))
        let spread = (starts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(starts.count - 1, 1))).squareRoot()
        meanRelative = sum / Double(max(count, 1))
        finalRelative = final / Double(max(energies.count, 1))
        maximumRelative = maximum
        relativeToSpread = absolute / Double(max(count, 1)) / max(spread, 1e-12)
    }
}
