import Foundation
import Models
import SeededRandom
import Tensor

/// Runs the measurement of `hgnbench speed`: the sgemm peak, then warm-up and timed HGN training steps.
public enum SpeedBenchmark {
    /// The timings of one training step.
    public struct StepTiming {
        /// Loss: encoder, transformer, integration, decoder, reconstruction and KL.
        var forward: Double
        /// Gradients of the loss with respect to every parameter, and the release of the graph.
        var backward: Double
        /// The Adam update.
        var optimizer: Double
        /// Process CPU seconds (user + system) of the step divided by the thread count.
        var cpuPerThread: Double
        /// Flops of the step's matrix products and convolutions (``FlopCounter``).
        var flops: Int
        /// Page faults during the step.
        var pageFaults: Int

        /// Wall seconds of the whole step.
        var total: Double { forward + backward + optimizer }
    }

    /// Measures `settings`, reporting progress lines through `progress`.
    ///
    /// - Throws: ``ModelsError`` when the configuration or the batch is inconsistent.
    public static func run(_ settings: SpeedSettings, progress: (String) -> Void) throws -> SpeedResult {
        ComputeThreads.setCount(settings.threads)
        let loadBefore = SpeedMachine.loadAverage()
        progress(
            "hgnbench speed: batch \(settings.batch), seq-len \(settings.sequenceLength), "
                + "\(settings.model.integrator.rawValue), \(settings.threads) threads, load \(format(loadBefore))")
        let quick = settings.peakShapes.count == 1
        let peak = SGEMMPeak.measure(
            settings.peakShapes, rounds: quick ? 1 : 3, secondsPerRound: quick ? 0.02 : 0.15,
            seed: settings.seed, progress: progress)

        let model = try HamiltonianGenerativeNetwork(configuration: settings.model)
        let optimizer = Adam(parameters: model.parameters, learningRate: 3e-4)
        var generator = SeededGenerator(seed: settings.seed)
        let resolution = settings.model.resolution
        progress(
            "HGN: \(model.parameters.scalarCount) parameters ("
                + model.parameterCountsByPart.map { "\($0.part) \($0.count)" }.joined(separator: ", ") + "), "
                + "decoded frames \(settings.decodedFrames.map(String.init) ?? "all"), BLAS kernels \(ComputeThreads.blasKernels)"
        )

        var timingsByLength: [[StepTiming]] = []
        var frames = Tensor(0)
        for (length, _) in settings.timedLengths {
            frames = Tensor.randomUniform(
                shape: [settings.batch, length, resolution, resolution, 3], using: &generator)
            var timings: [StepTiming] = []
            let prefix = settings.timedLengths.count > 1 ? "seq-len \(length) " : ""
            for index in 0..<(settings.warmup + settings.steps) {
                let timing = try step(model, optimizer, frames, &generator, settings: settings)
                let isWarmup = index < settings.warmup
                if !isWarmup { timings.append(timing) }
                progress(
                    prefix
                        + String(
                            format:
                                "%@ %d/%d: %.3f s (forward %.3f, backward %.3f, adam %.4f), cpu %.3f s/thread, %.1f GFLOP/s, %d page faults, load %@",
                            isWarmup ? "warm-up" : "step", isWarmup ? index + 1 : index - settings.warmup + 1,
                            isWarmup ? settings.warmup : settings.steps, timing.total, timing.forward, timing.backward,
                            timing.optimizer, timing.cpuPerThread, Double(timing.flops) / timing.total / 1e9,
                            timing.pageFaults,
                            format(SpeedMachine.loadAverage())))
            }
            timingsByLength.append(timings)
        }
        var phases: [SpeedBreakdown.Timing] = []
        if settings.breakdown {
            for index in 0..<settings.steps {
                phases.append(SpeedBreakdown.step(model, optimizer, frames, &generator))
                progress(
                    String(
                        format: "breakdown step %d/%d: %.3f s", index + 1, settings.steps,
                        phases[index].seconds.reduce(0, +)))
            }
            progress("\n" + SpeedBreakdown.table(phases))
        }
        let loadAfter = SpeedMachine.loadAverage()
        var result = SpeedResult(
            settings: settings, timings: timingsByLength, peak: peak.peak, peakShape: peak.shape,
            parameters: model.parameters.scalarCount, loadBefore: loadBefore, loadAfter: loadAfter)
        if !phases.isEmpty { result.phaseSMedian = SpeedBreakdown.medians(phases) }
        return result
    }

    /// One training step as the ``Trainer`` runs it (fixed KL weight, the settings' reconstruction and decoded
    /// frames), timed by phase.
    private static func step(
        _ model: HamiltonianGenerativeNetwork, _ optimizer: Adam, _ frames: Tensor,
        _ generator: inout SeededGenerator, settings: SpeedSettings
    ) throws -> StepTiming {
        let threads = settings.threads
        let clock = ContinuousClock()
        let flopsBefore = FlopCounter.total, cpuBefore = SpeedMachine.processCPUSeconds()
        let faultsBefore = SpeedMachine.pageFaults()
        let start = clock.now
        // The graph lives inside this closure, so releasing it is timed with the backward pass.
        var lossEnd = start
        let parameterGradients = try { () throws -> [Tensor] in
            let terms = try model.lossTerms(
                on: frames, reconstruction: settings.reconstruction,
                decodedFrames: settings.decodedFrames, using: &generator)
            var loss = terms.reconstruction
            if let kl = terms.klDivergence { loss = loss + kl * settings.klWeight }
            _ = loss.scalarValue
            lossEnd = clock.now
            return gradients(of: loss, wrt: model.parameters.values)
        }()
        let backwardEnd = clock.now
        optimizer.update(with: parameterGradients)
        let end = clock.now
        return StepTiming(
            forward: (lossEnd - start).seconds, backward: (backwardEnd - lossEnd).seconds,
            optimizer: (end - backwardEnd).seconds,
            cpuPerThread: (SpeedMachine.processCPUSeconds() - cpuBefore) / Double(threads),
            flops: FlopCounter.total - flopsBefore, pageFaults: SpeedMachine.pageFaults() - faultsBefore)
    }

    private static func format(_ load: Double?) -> String { load.map { String(format: "%.2f", $0) } ?? "?" }
}
