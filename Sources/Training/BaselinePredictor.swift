import Checkpoints
import Datasets
import Models
import Tensor

/// The trivial predictors every MSE table needs beside the models: a model that has learned only the background
/// scores near ``meanFrame(_:)``, and one that has not learned the motion near ``lastFrame``.
public enum BaselinePredictor: Sendable {
    /// The mean training frame `[H, W, 3]` predicted at every step.
    case meanFrame([Float])
    /// The anchor frame (the last input frame) held still.
    case lastFrame

    /// The table row name: `mean-frame` or `last-frame`.
    public var name: String {
        switch self {
        case .meanFrame: "mean-frame"
        case .lastFrame: "last-frame"
        }
    }

    /// The prediction `[batch, steps + 1, H, W, 3]` for the anchor frames `[batch, H, W, 3]`.
    public func predict(anchor: Tensor, steps: Int) -> Tensor {
        let (batch, height, width) = (anchor.shape[0], anchor.shape[1], anchor.shape[2])
        let shape = [batch, steps + 1, height, width, 3]
        switch self {
        case .meanFrame(let frame):
            precondition(
                frame.count == height * width * 3, "the mean frame is \(frame.count) values, not \(height)x\(width)x3")
            return Tensor(shape: [1, 1, height, width, 3], scalars: frame).broadcast(toShape: shape)
        case .lastFrame:
            return anchor.reshaped(to: [batch, 1, height, width, 3]).broadcast(toShape: shape)
        }
    }

    /// The mean frame of the first `maximumTrajectories` trajectories of a split, over all their frames
    /// (accumulated in Float64). O(trajectories · frames · pixels).
    ///
    /// - Throws: ``TrainingError/data(_:)`` when the split cannot be read.
    public static func meanFrame(
        folder: String, split: String = "train", maximumTrajectories: Int = 4096
    )
        throws(TrainingError) -> [Float]
    {
        do {
            let probe = try VideoBatches(folder: folder, split: split, batchSize: 1, shuffled: false)
            let count = min(probe.trajectoryCount, maximumTrajectories), chunk = 64
            let stream = try VideoBatches(folder: folder, split: split, batchSize: chunk, shuffled: false)
            let frameSize = stream.resolution * stream.resolution * 3
            var sums = [Double](repeating: 0, count: frameSize)
            var start = 0
            while start < count {
                let indices = Array(start..<min(start + chunk, count))
                let batch = try stream.read(trajectories: indices, starts: indices.map { _ in 0 })
                for frame in 0..<(indices.count * batch.length) {
                    let offset = frame * frameSize
                    for i in 0..<frameSize { sums[i] += Double(batch.frames[offset + i]) }
                }
                start += chunk
            }
            let total = Double(count * stream.framesPerTrajectory)
            return sums.map { Float($0 / total) }
        } catch {
            throw .data(error)
        }
    }
}
