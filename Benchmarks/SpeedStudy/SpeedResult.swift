import Foundation
import Support

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

    public init(settings: SpeedSettings, timings: [SpeedBenchmark.StepTiming], peak: Double, peakShape: SGEMMPeak.Shape?,
         parameters: Int, loadBefore: Double?, loadAfter: Double?) {
        precondition(!timings.isEmpty, "at least one timed step")
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let totals = timings.map(\.total)
        sPerStepMedian = median(totals)
        sPerStepMin = totals.min() ?? 0
        flopsPerStep = timings[timings.count - 1].flops
        gflops = Double(flopsPerStep) / sPerStepMedian / 1e9
        sgemmPeakGflops = peak
        sgemmPeakShape = peakShape?.description ?? ""
        fractionOfPeak = peak > 0 ? gflops / peak : 0
        paramsTotal = parameters
        forwardSMedian = median(timings.map(\.forward))
        backwardSMedian = median(timings.map(\.backward))
        optimizerSMedian = median(timings.map(\.optimizer))
        cpuSPerStepPerThreadMedian = median(timings.map(\.cpuPerThread))
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
    public static let requiredKeys = ["s_per_step_median", "s_per_step_min", "gflops", "sgemm_peak_gflops", "params_total"]

    /// One line of JSON, numbers rounded to what the measurement resolves.
    public var jsonLine: String {
        var rounded = self
        func round(_ value: Double, _ digits: Double) -> Double { (value * digits).rounded() / digits }
        for keyPath in [\SpeedResult.sPerStepMedian, \.sPerStepMin, \.forwardSMedian, \.backwardSMedian,
                        \.optimizerSMedian, \.cpuSPerStepPerThreadMedian] {
            rounded[keyPath: keyPath] = round(self[keyPath: keyPath], 1e5)
        }
        rounded.gflops = round(gflops, 10)
        rounded.sgemmPeakGflops = round(sgemmPeakGflops, 10)
        rounded.fractionOfPeak = round(fractionOfPeak, 1000)
        rounded.phaseSMedian = phaseSMedian?.mapValues { round($0, 1e5) }
        guard let data = try? JSONFormat.encoder(pretty: false).encode(rounded) else { preconditionFailure("SpeedResult is always encodable") }
        return String(decoding: data, as: UTF8.self)
    }
}
