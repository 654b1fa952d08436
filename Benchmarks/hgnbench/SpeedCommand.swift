import ArgumentParser
import Foundation
import Models
import SpeedStudy
import Support
import TableStudy
import Tensor

/// `hgnbench speed`: seconds per HGN training step (forward + backward + Adam) at the reference sizes, and the
/// achieved GFLOP/s against sgemm's peak measured in the same run; the last line of standard output is one JSON
/// object, so that implementations can be compared side by side.
struct SpeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Time forward + backward + Adam of the HGN default configuration; print the result as a JSON line.",
        discussion: """
            Builds the Models module's default HGNConfiguration (32x32 RGB, 5 input frames, the reference's layer \
            sizes), feeds it a seeded random batch [batch, seq-len, 32, 32, 3] and times --warmup untimed and --steps \
            timed training steps: the loss (encoder, transformer, seq-len - 5 integrator steps through the \
            Hamiltonian's partials, decoder, reconstruction + KL), its gradient with respect to every parameter \
            (double backward through the integrator) and one Adam update. Before the steps it measures sgemm on \
            convolution-shaped products (M = 1024..16384, K = 288..576, N = 64) through the engine's matrix product, \
            on the same threads.

            GFLOP/s counts the flops of every matrix product and convolution primitive as the direct algorithm \
            would do them (Tensor's FlopCounter), divided by the median step time. Progress goes to standard error; \
            the last line of standard output is the JSON result:
              {"s_per_step_median": ..., "s_per_step_min": ..., "gflops": ..., "sgemm_peak_gflops": ..., \
            "params_total": ..., ...}
            --decoded-frames N decodes only the anchor and N - 1 later frames drawn at random (the latent state is \
            integrated up to the last one drawn). --recipe small times the step of that training recipe instead: its \
            batch, decoded frames, loss and model, at each length of its curriculum (--seq-len is then ignored), \
            and reports the mean step time weighted by the recipe's steps at each length.
            Release builds only:  swift build -c release --product hgnbench
              .build/release/hgnbench speed --batch 16 --seq-len 34 --threads 2
              .build/release/hgnbench speed --recipe small --threads 2
            Side by side with PyTorch: Benchmarks/speed/compare.sh
            """)

    @Option(help: "Sequences per batch.")
    var batch = 16

    @Option(
        name: .customLong("seq-len"), help: "Frames per sequence: 5 input frames, then seq-len - 5 integrator steps.")
    var sequenceLength = 34

    @Option(help: "Compute threads (default: every core, or HAMILTONIAN_THREADS).")
    var threads: Int?

    @Option(help: "The latent integrator: euler, leapfrog, rk4 or yoshida4.")
    var integrator: LatentIntegrator = .leapfrog

    @Option(help: "Timed steps; the median and the minimum are reported.")
    var steps = 5

    @Option(help: "Untimed steps first (they fill the buffer caches).")
    var warmup = 1

    @Option(help: "Seed of the weights, the frames and the posterior noise.")
    var seed: UInt64 = 1

    @Flag(help: "A tiny model and one small sgemm shape instead of the reference sizes (for tests of the command).")
    var tiny = false

    @Flag(
        help:
            "After the timed steps, time --steps more by part of the model (encoder, transformer, integrator, decoder, loss, the two halves of the backward pass, Adam); table on standard error, medians in the JSON."
    )
    var breakdown = false

    @Option(
        name: .customLong("decoded-frames"),
        help: "Frames decoded per sequence: the anchor and N - 1 later frames drawn at random (default: every frame).")
    var decodedFrames: Int?

    @Option(
        help:
            "Time the step of a training profile's HGN recipe (small: batch 16, 6 decoded frames, its curriculum's lengths weighted by their steps)."
    )
    var recipe: TableProfile?

    func validate() throws {
        if let decodedFrames, decodedFrames < 2 {
            throw ValidationError(
                "--decoded-frames must be at least 2 (the anchor and one later frame), got \(decodedFrames)")
        }
        if breakdown, decodedFrames != nil || recipe != nil {
            throw ValidationError("--breakdown times the full step only; drop --decoded-frames and --recipe")
        }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch)") }
        let needed = HGNConfiguration().inputFrames + 1
        guard sequenceLength >= needed else {
            throw ValidationError(
                "--seq-len must be at least \(needed) (5 input frames and one step), got \(sequenceLength)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more, got \(warmup)") }
    }

    /// What to measure, from the arguments.
    var settings: SpeedSettings {
        var model = tiny ? SpeedSettings.tinyConfiguration : HGNConfiguration()
        model.integrator = integrator
        model.seed = seed
        var settings = SpeedSettings(
            model: model, batch: batch, sequenceLength: sequenceLength,
            threads: threads ?? ComputeThreads.count, steps: steps, warmup: warmup, seed: seed,
            peakShapes: tiny ? SGEMMPeak.quickShapes : SGEMMPeak.convolutionShapes,
            breakdown: breakdown)
        if let recipe {
            settings.apply(recipe: recipe)
            if tiny { settings.model = model }
        }
        if let decodedFrames { settings.decodedFrames = decodedFrames }
        return settings
    }

    func run() throws {
        #if DEBUG
            StandardError.print(
                "warning: this is a debug build; its timings are not representative. Use "
                    + "`swift build -c release --product hgnbench`.")
        #endif
        let result = try SpeedBenchmark.run(settings) { StandardError.print($0) }
        print(result.jsonLine)
    }
}

extension SpeedSettings {
    /// The step of a training profile's HGN recipe: its model, batch, decoded frames and loss, at each curriculum
    /// length weighted by the recipe's steps at it (the single full length when it has no curriculum).
    mutating func apply(recipe profile: TableProfile) {
        let settings = profile.settings
        let training = settings.hgnTraining
        let stages = training.curriculum
        var lengths = stages.indices.map { index in
            let end = index + 1 < stages.count ? stages[index + 1].fromStep : training.steps
            return (frames: stages[index].frames, weight: Double(end - stages[index].fromStep))
        }
        if lengths.isEmpty { lengths = [(settings.frames, Double(training.steps))] }
        apply(
            recipe: profile.rawValue, model: settings.hgn, batch: training.batchSize,
            decodedFrames: training.decodedFramesPerSequence, reconstruction: training.reconstruction,
            klWeight: training.klWeighting.beta(atStep: training.steps) ?? 1, lengths: lengths)
    }
}
