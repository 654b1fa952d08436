import Foundation
import Support
import Tensor

/// The result of `hgnbench speed`, printed as one JSON object (snake_case keys, sorted).
public struct SpeedResult: Encodable {
    /// The layout version of the JSON line.
    public var schemaVersion = 1
    /// Median wall seconds per training step.
    public var sPerStepMedian: Double
    /// Fastest step.
    public var sPerStepMin: Double
    /// Flops of one step (matrix products and convolutions, counted as direct algorithms) / median step time.
    public var gflops: Double
    /// Best sgemm rate on convolution-shaped products through the engine's matrix product, same run, same threads.
    public var sgemmPeakGflops: Double
    /// The product that reached it (`MxKxN`).
    public var sgemmPeakShape: String
    /// `gflops / sgemm_peak_gflops`.
    public var fractionOfPeak: Double
    /// Trainable scalars of the model.
    public var paramsTotal: Int
    /// Flops of one step.
    public var flopsPerStep: Int
    /// Median wall seconds of the loss (forward pass).
    public var forwardSMedian: Double
    /// Median wall seconds of the gradients (backward pass, graph release included).
    public var backwardSMedian: Double
    /// Median wall seconds of the Adam update.
    public var optimizerSMedian: Double
    /// Median process CPU seconds per step divided by the thread count (a second view under load).
    public var cpuSPerStepPerThreadMedian: Double
    /// Compute threads.
    public var threads: Int
    /// Sequences per batch.
    public var batch: Int
    /// Frames per sequence.
    public var seqLen: Int
    /// The latent integrator.
    public var integrator: String
    /// Timed steps.
    public var steps: Int
    /// Untimed steps before them.
    public var warmup: Int
    /// 1-minute load average before and after the run (`nil` where unknown).
    public var loadBefore: Double?
    public var loadAfter: Double?
    /// "release" or "debug".
    public var build: String
    /// With `--breakdown`: median seconds of each part of the step (see ``SpeedBreakdown``).
    public var phaseSMedian: [String: Double]?
    /// Frames decoded per sequence (`nil`: every frame).
    public var decodedFrames: Int?
    /// The training recipe whose step this is (`--recipe`), if any.
    public var recipe: String?
    /// The reconstruction loss, the KL weight and the constant added to the posterior's log-variance.
    public var reconstruction: String
    public var klWeight: Double
    public var posteriorLogVarianceShift: Double?
    /// The weight of each timed sequence length in the step time (a recipe's steps at each curriculum length).
    public var seqLenWeights: [String: Double]
    /// Median wall seconds per step at each timed length; the step times above are their weighted means.
    public var sPerStepBySeqLen: [String: Double]
    /// The kernel set OpenBLAS runs (`ComputeThreads.blasKernels`).
    public var blasKernels: String

    /// The result of `timings[i]`, the timed steps at `settings.timedLengths[i]`: each time is the weighted mean
    /// over the lengths of that length's median (or minimum).
    public init(
        settings: SpeedSettings, timings: [[SpeedBenchmark.StepTiming]], peak: Double,
        peakShape: SGEMMPeak.Shape?, parameters: Int, loadBefore: Double?, loadAfter: Double?
    ) {
        let lengths = settings.timedLengths
        precondition(
            timings.count == lengths.count && timings.allSatisfy { !$0.isEmpty },
            "at least one timed step per length")
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1
                ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let totalWeight = lengths.reduce(0) { $0 + $1.weight }
        func weighted(_ statistic: ([SpeedBenchmark.StepTiming]) -> Double) -> Double {
            zip(timings, lengths).reduce(0) { $0 + statistic($1.0) * $1.1.weight } / totalWeight
        }
        sPerStepMedian = weighted { median($0.map(\.total)) }
        sPerStepMin = weighted { $0.map(\.total).min() ?? 0 }
        flopsPerStep = Int(weighted { Double($0.map(\.flops).reduce(0, +)) / Double($0.count) }.rounded())
        gflops = Double(flopsPerStep) / sPerStepMedian / 1e9
        sgemmPeakGflops = peak
        sgemmPeakShape = peakShape?.description ?? ""
        fractionOfPeak = peak > 0 ? gflops / peak : 0
        paramsTotal = parameters
        forwardSMedian = weighted { median($0.map(\.forward)) }
        backwardSMedian = weighted { median($0.map(\.backward)) }
        optimizerSMedian = weighted { median($0.map(\.optimizer)) }
        cpuSPerStepPerThreadMedian = weighted { median($0.map(\.cpuPerThread)) }
        decodedFrames = settings.decodedFrames
        recipe = settings.recipe
        reconstruction = settings.reconstruction.rawValue
        klWeight = settings.klWeight
        posteriorLogVarianceShift = settings.model.posteriorLogVarianceShift
        seqLenWeights = Dictionary(uniqueKeysWithValues: lengths.map { (String($0.frames), $0.weight) })
        sPerStepBySeqLen = Dictionary(
            uniqueKeysWithValues: zip(lengths, timings).map {
                (String($0.frames), median($1.map(\.total)))
            })
        blasKernels = ComputeThreads.blasKernels
        threads = settings.threads
        batch = settings.batch
        seqLen = settings.sequenceLength
        integrator = settings.model.integrator.rawValue
        steps = settings.steps
        warmup = settings.warmup
        self.loadBefore = loadBefore
        self.loadAfter = loadAfter
        #if DEBUG
            build = "debug"
        #else
            build = "release"
        #endif
    }

    /// Keys the JSON line always has: scripts that compare runs read them (`SpeedCommandTests` checks them).
    public static let requiredKeys = [
        "s_per_step_median", "s_per_step_min", "gflops", "sgemm_peak_gflops", "params_total",
    ]

    /// One line of JSON, numbers rounded to what the measurement resolves.
    public var jsonLine: String {
        var rounded = self
        func round(_ value: Double, _ digits: Double) -> Double { (value * digits).rounded() / digits }
        for keyPath in [
            \SpeedResult.sPerStepMedian, \.sPerStepMin, \.forwardSMedian, \.backwardSMedian,
            \.optimizerSMedian, \.cpuSPerStepPerThreadMedian,
        ] {
            rounded[keyPath: keyPath] = round(self[keyPath: keyPath], 1e5)
        }
        rounded.gflops = round(gflops, 10)
        rounded.sgemmPeakGflops = round(sgemmPeakGflops, 10)
        rounded.fractionOfPeak = round(fractionOfPeak, 1000)
        rounded.phaseSMedian = phaseSMedian?.mapValues { round($0, 1e5) }
        rounded.sPerStepBySeqLen = sPerStepBySeqLen.mapValues { round($0, 1e5) }
        guard let data = try? JSONFormat.encoder(pretty: false).encode(rounded) else {
            preconditionFailure("SpeedResult is always encodable")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
