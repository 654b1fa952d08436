import Checkpoints
import Datasets
import Models
import Tensor

extension VideoBatch {
    /// The frames `frames` (a range of each sequence's frames, all by default) as a Float32 tensor
    /// `[count, frames.count, resolution, resolution, 3]`. O(size of the result).
    public func frameTensor(frames window: Range<Int>? = nil) -> Tensor {
        let window = window ?? 0..<length
        precondition(window.lowerBound >= 0 && window.upperBound <= length, "frames \(window) outside 0..<\(length)")
        let frameSize = resolution * resolution * 3
        return Tensor(shape: [count, window.count, resolution, resolution, 3]) {
            (buffer: UnsafeMutableBufferPointer<Float>) in
            frames.withUnsafeBufferPointer { source in
                for sequence in 0..<count {
                    let from = (sequence * length + window.lowerBound) * frameSize
                    let to = sequence * window.count * frameSize
                    for i in 0..<window.count * frameSize { buffer[to + i] = source[from + i] }
                }
            }
        }
    }
}
