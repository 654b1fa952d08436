import Models
import SeededRandom
import Tensor
import Testing

/// The rollout the evaluator scores is the trajectory training fits: same latent sample, same integration, same
/// decoded frames, so the pixel MSE of a rollout equals the pixel MSE the training loss reports on that sequence.
@Suite("Rollout consistency")
struct RolloutConsistencyTests {
    static let integrators: [(LatentIntegrator, Bool)] = [
        (.leapfrog, false), (.leapfrog, true), (.euler, true), (.rk4, true),
    ]

    @Test("a rollout's pixel MSE equals the training loss's pixel MSE on the same sequence", arguments: integrators)
    func rolloutMatchesTrainingPath(integrator: LatentIntegrator, variational: Bool) throws {
        var model = try HamiltonianGenerativeNetwork(
            configuration: HGNConfiguration.tiny(integrator: integrator, variational: variational))
        let seed: UInt64 = 21
        model.rolloutSampleSeed = variational ? seed : nil
        var frames = SeededGenerator(seed: 4)
        let sequence = Tensor.randomUniform(shape: [2, 9, 16, 16, 3], using: &frames)
        let k = model.configuration.inputFrames
        var generator = SeededGenerator(seed: seed)
        let training = try model.lossTerms(on: sequence, reconstruction: .frameMeanSquaredError, using: &generator)
        let rollout = try withoutGradientRecording {
            try model.rollout(from: sequence.slice(alongAxis: 1, range: 0..<k), steps: 9 - k, direction: .forward)
        }
        let target = sequence.slice(alongAxis: 1, range: (k - 1)..<9)
        let evaluated = Tensor.meanSquaredError(rollout.frames, target).scalarValue
        let trained = training.pixelMeanSquaredError.scalarValue
        #expect(abs(evaluated - trained) <= 1e-6 * abs(trained), "rollout \(evaluated), training \(trained)")
    }

    @Test("integrating without recording gives the states training integrates with the graph", arguments: integrators)
    func latentStatesMatch(integrator: LatentIntegrator, variational: Bool) throws {
        let model = try HamiltonianGenerativeNetwork(
            configuration: HGNConfiguration.tiny(integrator: integrator, variational: variational))
        var generator = SeededGenerator(seed: 8)
        // A spread-out initial state, so that the flow visibly moves it in 12 steps.
        let shape = [2, 4, 4, model.configuration.stateChannels]
        let initial = PhaseState(
            q: Tensor.randomUniform(shape: shape, using: &generator) * 4 - 2,
            p: Tensor.randomUniform(shape: shape, using: &generator) * 4 - 2)
        let recorded = model.integrate(from: initial, steps: 12, timeStep: 0.5, createGraph: true)
        let evaluated = withoutGradientRecording {
            model.integrate(from: initial, steps: 12, timeStep: 0.5, createGraph: false)
        }
        let moved =
            Tensor.meanSquaredError(recorded[12].q, initial.q).scalarValue
            + Tensor.meanSquaredError(recorded[12].p, initial.p).scalarValue
        #expect(moved > 1e-6, "the flow did not move the state (\(moved))")
        for step in [1, 6, 12] {
            let difference =
                Tensor.meanSquaredError(recorded[step].q, evaluated[step].q).scalarValue
                + Tensor.meanSquaredError(recorded[step].p, evaluated[step].p).scalarValue
            #expect(difference <= 1e-12 * max(moved, 1), "step \(step): states differ by \(difference)")
        }
    }
}
