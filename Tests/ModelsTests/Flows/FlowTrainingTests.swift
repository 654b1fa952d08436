import Foundation
import SeededRandom
import Tensor
import Testing
import Training

@testable import Models

/// Training: the loss falls for NHF and EHF, runs are reproducible, the penalty does its job, bad flags are refused.
@Suite("Hamiltonian flow training")
struct FlowTrainingTests {
    static func options(lambda: Double, steps: Int = 80) throws -> HamiltonianFlowTrainingOptions {
        var options = HamiltonianFlowTrainingOptions(
            objective: try HamiltonianFlowObjective(
                bracketWeight: lambda, generator: lambda > 0 ? .rotation : nil))
        options.steps = steps
        options.batchSize = 64
        options.learningRate = 1e-2
        options.finalLearningRate = 1e-3
        options.seed = 9
        return options
    }

    @Test(
        "the loss falls on a tiny run: NHF (λ = 0) and EHF (λ = 1, equivariant encoder) on ring points",
        arguments: [(0.0, MomentumEncoderKind.gaussian), (1.0, .rotationEquivariant)])
    func lossFalls(lambda: Double, encoder: MomentumEncoderKind) throws {
        let flow = try NeuralHamiltonianFlow(
            configuration: smallConfiguration(dtype: .float32, width: 16, encoder: encoder))
        let report = try HamiltonianFlowTrainer.train(flow, on: ringPoints(256), options: Self.options(lambda: lambda))
        let (first, last) = report.lossChange(window: 10)
        #expect(last < first - 0.3, "λ = \(lambda): loss \(first) → \(last)")
        let firstELBO: Double = report.elbos.prefix(10).reduce(0, +) / 10
        let lastELBO: Double = report.elbos.suffix(10).reduce(0, +) / 10
        #expect(lastELBO > firstELBO)
    }

    @Test("training is reproducible bit for bit")
    func reproducible() throws {
        func run() throws -> [Double] {
            let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(dtype: .float32))
            return try HamiltonianFlowTrainer.train(
                flow, on: ringPoints(64), options: Self.options(lambda: 1, steps: 5)
            ).losses
        }
        #expect(try run() == run())
    }

    @Test(
        "the penalty makes the Hamiltonians rotation invariant: E[{H_k, g}²] is far smaller with λ = 10 than with λ = 0"
    )
    func penaltyReducesBrackets() throws {
        var penalties: [Double] = []
        for lambda in [0.0, 10.0] {
            let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(dtype: .float32, width: 16))
            _ = try HamiltonianFlowTrainer.train(
                flow, on: ringPoints(256), options: Self.options(lambda: lambda, steps: 60))
            // Measure the bracket with the trained flow on fresh points, whatever λ was.
            let objective = try HamiltonianFlowObjective(bracketWeight: 1, generator: .rotation)
            var generator = SeededGenerator(seed: 2)
            let q = tensor32(ringPoints(256, seed: 77), [256, 2])
            let noise = Tensor.randomNormal(shape: [256, 2], using: &generator)
            penalties.append(objective.evaluate(flow, q: q, noise: noise, createGraph: false).bracketPenalty)
        }
        #expect(penalties[1] < 0.2 * penalties[0], "E[{H,g}²]: λ = 0 → \(penalties[0]), λ = 10 → \(penalties[1])")
    }

    @Test("bad values are refused with clear errors")
    func badFlags() throws {
        #expect(throws: FlowError.self) { try HamiltonianFlowObjective(bracketWeight: -1, generator: .rotation) }
        #expect {
            try HamiltonianFlowObjective(bracketWeight: -0.5, generator: .rotation)
        } throws: { "\($0)".contains("invalid lambda -0.5: must be a finite number >= 0") }
        #expect {
            try HamiltonianFlowObjective(bracketWeight: 1)
        } throws: { "\($0)".contains("needs a symmetry generator") }
        #expect {
            try SymmetryGenerator.named("boost")
        } throws: { "\($0)" == "unknown symmetry generator 'boost'; known generators: rotation, translation" }
        #expect {
            try MomentumEncoderKind.named("flowy")
        } throws: { "\($0)".contains("unknown momentum encoder 'flowy'") }
        var configuration = HamiltonianFlowConfiguration()
        configuration.stepSize = .nan
        #expect(throws: FlowError.self) { try NeuralHamiltonianFlow(configuration: configuration) }
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration())
        #expect(throws: FlowError.self) {
            try HamiltonianFlowTrainer.train(flow, on: [1, .nan], options: Self.options(lambda: 0))
        }
    }
}
