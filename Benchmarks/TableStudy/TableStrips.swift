import Models
import Rendering
import Tensor
import Training

/// Strips of true and predicted frames: for each sequence a row of true frames above a row of the model's
/// prediction, step 0 (the anchor) on the left, so a person sees at a glance whether the disc moves where it should.
public enum TableStrips {
    /// Columns at most; longer rollouts show every other frame (or sparser).
    public static let maximumColumns = 16

    /// The strip of `model` on the first `sequences` sequences of `evaluator`, as PNG bytes.
    public static func png(
        model: any VideoDynamicsModel, evaluator: RolloutEvaluator, sequences: Int,
        direction: TimeDirection = .forward
    ) throws -> [UInt8] {
        let (truth, prediction) = try evaluator.truthAndPrediction(of: model, count: sequences, direction: direction)
        return try png(truth: truth, prediction: prediction)
    }

    /// The strip of true frames `[count, steps + 1, H, W, 3]` above predicted ones of the same shape, as PNG bytes.
    public static func png(truth: Tensor, prediction: Tensor) throws -> [UInt8] {
        let (count, steps, size) = (truth.shape[0], truth.shape[1], truth.shape[2])
        let stride = max(1, (steps + maximumColumns - 1) / maximumColumns)
        let columns = (steps + stride - 1) / stride
        var sheet = try ContactSheet(
            rows: 2 * count, columns: columns, tileWidth: size, tileHeight: size,
            scale: max(2, 64 / size),
            separatorWidth: 2)
        let truthPixels = bytes(truth), predictedPixels = bytes(prediction)
        let frameBytes = size * size * 3
        for sequence in 0..<count {
            for column in 0..<columns {
                let frame = (sequence * steps + column * stride) * frameBytes
                try sheet.place(Array(truthPixels[frame..<frame + frameBytes]), row: 2 * sequence, column: column)
                try sheet.place(
                    Array(predictedPixels[frame..<frame + frameBytes]), row: 2 * sequence + 1,
                    column: column)
            }
        }
        return try sheet.pngData()
    }

    /// Pixels in [0, 1] to bytes, rounded and clamped.
    public static func bytes(_ tensor: Tensor) -> [UInt8] {
        tensor.scalars(as: Float.self).map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
    }
}
