import Checkpoints
import Dispatch
import Foundation
import Models
import SeededRandom
import Tensor

/// How to train a Hamiltonian flow: optimiser schedule, batch, objective weights and seed.
public struct HamiltonianFlowTrainingOptions: Sendable {
    /// Optimisation steps.
    public var steps = 2_000
    /// Points per batch (drawn uniformly with replacement from the training set).
    public var batchSize = 256
    /// Adam's learning rate at the first step; it follows a cosine down to ``finalLearningRate``.
    public var learningRate = 3e-3
    /// The learning rate at the last step.
    public var finalLearningRate = 1e-4
    /// Gradients are scaled down to this global norm when larger.
    public var gradientClipNorm = 10.0
    /// The loss: λ, λ_f and the generator.
    public var objective: HamiltonianFlowObjective
    /// Seed of the batches and the encoder noise.
    public var seed: UInt64 = 1

    public init(objective: HamiltonianFlowObjective) {
        self.objective = objective
    }

    /// Checks every value; the error names the first offending one.
    public func validate() throws(FlowError) {
        guard steps >= 1 else { throw .invalidValue(name: "steps", value: "\(steps)", reason: "must be at least 1") }
        guard batchSize >= 1 else {
            throw .invalidValue(name: "batch size", value: "\(batchSize)", reason: "must be at least 1")
        }
        for (name, value) in [
            ("learning rate", learningRate), ("final learning rate", finalLearningRate),
            ("gradient clip norm", gradientClipNorm),
        ] {
            guard value.isFinite, value > 0 else {
                throw .invalidValue(name: name, value: "\(value)", reason: "must be a finite number > 0")
            }
        }
    }

    /// The learning rate at `step` (0-based) of the cosine schedule.
    public func learningRate(at step: Int) -> Double {
        let progress = steps > 1 ? Double(step) / Double(steps - 1) : 1
        return finalLearningRate + 0.5 * (learningRate - finalLearningRate) * (1 + cos(Double.pi * progress))
    }
}

/// What one training step reports.
public struct HamiltonianFlowTrainingProgress: Sendable {
    /// Steps done (1-based) and planned.
    public var step: Int
    public var steps: Int
    /// The step's loss, one-sample ELBO and penalties (on its batch, before the update).
    public var loss: Double
    public var elbo: Double
    public var bracketPenalty: Double
    public var encoderBracketPenalty: Double
    /// Seconds since training started.
    public var seconds: Double
}

/// What a training run did: the loss of every step and the time it took.
public struct HamiltonianFlowTrainingReport: Sendable {
    /// Loss at each step (on that step's batch, before the update).
    public var losses: [Double]
    /// One-sample ELBO at each step.
    public var elbos: [Double]
    /// E[{H_k, g}²] at each step (0 when λ = 0).
    public var bracketPenalties: [Double]
    /// Wall-clock seconds.
    public var seconds: Double

    /// Mean loss over the first and the last `window` steps.
    public func lossChange(window: Int) -> (first: Double, last: Double) {
        let w = max(1, min(window, losses.count))
        return (losses.prefix(w).reduce(0, +) / Double(w), losses.suffix(w).reduce(0, +) / Double(w))
    }
}

/// Trains a ``NeuralHamiltonianFlow`` with Adam on a set of positions.
///
/// Every random draw (batch indices, encoder noise) comes from a generator seeded with ``HamiltonianFlowTrainingOptions/seed``,
/// and the engine's reductions run in a fixed order, so a run is reproducible bit for bit.
public enum HamiltonianFlowTrainer {
    /// Trains `flow` on `points` ([n · 2], rows (q1, q2)); calls `progress` after every step.
    ///
    /// Cost per step: one encoder pass and T · (2L + 1) network gradients, recorded and differentiated again.
    public static func train(
        _ flow: NeuralHamiltonianFlow, on points: [Double], options: HamiltonianFlowTrainingOptions,
        progress: (HamiltonianFlowTrainingProgress) -> Void = { _ in }
    ) throws(FlowError) -> HamiltonianFlowTrainingReport {
        try options.validate()
        guard points.count >= 2, points.count % 2 == 0 else {
            throw .invalidData(reason: "need at least one point given as (q1, q2) pairs, got \(points.count) numbers")
        }
        guard points.allSatisfy(\.isFinite) else {
            throw .invalidData(reason: "the points contain NaN or infinite values")
        }
        let n = points.count / 2
        let start = DispatchTime.now()
        let adam = Adam(parameters: flow.parameters, learningRate: options.learningRate)
        var generator = SeededGenerator(seed: options.seed)
        var report = HamiltonianFlowTrainingReport(losses: [], elbos: [], bracketPenalties: [], seconds: 0)
        var batch = [Double](repeating: 0, count: 2 * options.batchSize)
        for step in 0..<options.steps {
            for row in 0..<options.batchSize {
                let index = Int(generator.next() % UInt64(n))
                batch[2 * row] = points[2 * index]
                batch[2 * row + 1] = points[2 * index + 1]
            }
            let q = flow.makeTensor(batch, shape: [options.batchSize, 2])
            let noise = Tensor.randomNormal(
                shape: [options.batchSize, 2], dtype: flow.configuration.dtype, using: &generator)
            let terms = options.objective.evaluate(flow, q: q, noise: noise, createGraph: true)
            let loss = terms.loss.scalarValue
            guard loss.isFinite else { throw .diverged(step: step, loss: loss) }
            let parameterGradients = gradients(of: terms.loss, wrt: flow.parameters.values)
            adam.learningRate = options.learningRate(at: step)
            adam.update(with: clippedByGlobalNorm(parameterGradients, maxNorm: options.gradientClipNorm).gradients)
            report.losses.append(loss)
            report.elbos.append(terms.elbo)
            report.bracketPenalties.append(terms.bracketPenalty)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            progress(
                HamiltonianFlowTrainingProgress(
                    step: step + 1, steps: options.steps, loss: loss, elbo: terms.elbo,
                    bracketPenalty: terms.bracketPenalty, encoderBracketPenalty: terms.encoderBracketPenalty,
                    seconds: elapsed))
        }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return report
    }
}
