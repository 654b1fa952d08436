import SeededRandom
import Tensor

/// Which predicted frames of a training sequence are decoded and scored in one step, and the weight that keeps
/// the loss an unbiased estimate of the loss over every frame.
///
/// The latent integration of a whole sequence is cheap; decoding is most of a step. Scoring the anchor frame
/// (offset 0) and `m − 1` of the `n` later frames, drawn uniformly without replacement, and multiplying the later
/// frames' summed error by `n / (m − 1)` gives a loss whose expectation over the draw is the full loss (each later
/// frame is drawn with probability `(m − 1) / n`), at the decoder cost of `m` frames instead of `n + 1`.
public struct DecodedFrameSample: Hashable, Sendable {
    /// Offsets after the anchor of the later frames to decode, increasing, in `1...predictedFrames`.
    public let offsets: [Int]
    /// Later frames of the sequence (`n`).
    public let predictedFrames: Int

    /// All later frames when `decodedFrames` is `nil` or at least `predictedFrames + 1`; otherwise the anchor and
    /// `decodedFrames − 1` later frames drawn from `generator` (a partial Fisher–Yates shuffle).
    ///
    /// - Precondition: `decodedFrames` is `nil` or at least 2, and `predictedFrames >= 0`.
    /// - Complexity: O(`predictedFrames`).
    public init(predictedFrames: Int, decodedFrames: Int?, using generator: inout SeededGenerator) {
        precondition(predictedFrames >= 0, "a sequence has a non-negative number of predicted frames")
        precondition(decodedFrames.map { $0 >= 2 } ?? true, "decode at least the anchor and one later frame")
        self.predictedFrames = predictedFrames
        guard let decodedFrames, decodedFrames - 1 < predictedFrames else {
            offsets = predictedFrames > 0 ? Array(1...predictedFrames) : []
            return
        }
        var pool = Array(1...predictedFrames)
        for i in 0..<(decodedFrames - 1) {
            let remaining = UInt64(pool.count - i)
            let j = i + Int(remaining.multipliedFullWidth(by: generator.next()).high)
            pool.swapAt(i, j)
        }
        offsets = pool[0..<(decodedFrames - 1)].sorted()
    }

    /// Whether every later frame is decoded (the weight is then 1).
    public var isComplete: Bool { offsets.count == predictedFrames }

    /// The factor on the later frames' summed error: `n / (m − 1)` (1 when every frame is decoded).
    public var laterFrameWeight: Double {
        offsets.isEmpty ? 1 : Double(predictedFrames) / Double(offsets.count)
    }

    /// The last offset decoded: how far the latent state must be integrated.
    public var lastOffset: Int { offsets.last ?? 0 }
}
