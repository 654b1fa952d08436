import Datasets
import Foundation
import Models
import Systems
import Testing
import Training

@testable import TableStudy

@Suite("Physics floor")
struct PhysicsFloorTests {
    static let systems: [SystemKind] = [.pendulum, .massSpring, .twoBody, .threeBody]

    @Test("the oracle recovers the true state from noise-free input frames", arguments: systems)
    func oracleRecoversState(system: SystemKind) throws {
        let folder = Fixtures.dataset(system, noise: false)
        let physics = try FloorSystem(spec: try Manifest.load(folder: folder).spec)
        let n = 2 * physics.positionCount
        for index in 0..<6 {
            let seed = DatasetGenerator.trajectorySeed(datasetSeed: physics.spec.seed, split: "test", index: index)
            let drawn = try physics.source.simulate(seed: seed, frames: 10)
            let observed = (0..<5).map {
                Array(drawn.observedPositions[($0 * physics.bodyCount)..<(($0 + 1) * physics.bodyCount)])
            }
            let fit = try OracleFit.fit(observed: observed, system: physics)
            let truth = Array(drawn.states[0..<n])
            let error = zip(fit.state, truth).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
            #expect(error < 1e-6, "sequence \(index): fitted \(fit.state), true \(truth)")
            #expect(fit.rootMeanSquareResidual < 1e-8, "sequence \(index): residual \(fit.rootMeanSquareResidual)")
        }
    }

    @Test("on noise-free frames truth scores 0 and the oracle about 0, forward and backward", arguments: systems)
    func noiseFreeFloor(system: SystemKind) throws {
        let folder = Fixtures.dataset(system, noise: false)
        let evaluator = try RolloutEvaluator.load(folder: folder, split: "test", count: .max, anchorFrame: 4)
        let floor = try PhysicsFloor(dataset: folder, inputFrames: 5)
        for direction in [TimeDirection.forward, .backward] {
            let comparison = try floor.compare(evaluator, direction: direction, threads: 2)
            #expect(comparison.truth.meanSquaredError == 0, "\(direction)")
            #expect(comparison.truth.sequences == 6 && comparison.truth.perSequence?.count == 6)
            // The fitted state is exact to ~1e-9, so the rendered discs agree to a rounding of a byte at most.
            #expect(comparison.oracle.meanSquaredError < 1e-7, "\(direction): \(comparison.oracle.meanSquaredError)")
        }
    }

    @Test(
        "with the presets' noise the fit's residual is the noise level (times √(1 − unknowns / residuals))",
        arguments: systems)
    func noisyFit(system: SystemKind) throws {
        let folder = Fixtures.dataset(system, noise: true)
        let evaluator = try RolloutEvaluator.load(folder: folder, split: "test", count: .max, anchorFrame: 4)
        let comparison = try PhysicsFloor(dataset: folder, inputFrames: 5).compare(
            evaluator, direction: .forward, threads: 2)
        let sigma = comparison.oracleFit.observationNoise, residual = comparison.oracleFit.medianResidual
        // 10 residuals and 4 unknowns per body: √(6/10) σ ≈ 0.77 σ expected; 6 sequences.
        #expect(residual > 0.4 * sigma && residual < 1.1 * sigma, "median residual \(residual), sigma \(sigma)")
        #expect(comparison.truth.meanSquaredError > 0, "noisy frames: a sharp true prediction is not exact")
        #expect(comparison.truth.meanSquaredError < comparison.oracle.meanSquaredError * 1.5 + 1e-4)
    }

    @Test("the floor is the same whatever the number of threads")
    func threadCountIndependent() throws {
        let folder = Fixtures.dataset(.threeBody, noise: true)
        let evaluator = try RolloutEvaluator.load(folder: folder, split: "test", count: .max, anchorFrame: 4)
        let floor = try PhysicsFloor(dataset: folder, inputFrames: 5)
        let one = try floor.compare(evaluator, direction: .forward, threads: 1)
        let two = try floor.compare(evaluator, direction: .forward, threads: 2)
        #expect(one.oracle == two.oracle && one.truth == two.truth)
    }
}
