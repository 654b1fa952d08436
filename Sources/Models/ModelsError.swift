import Datasets
import Tensor

/// Why a model could not be built, trained, resumed or evaluated. Each message says what to do.
public enum ModelsError: Error, Sendable, CustomStringConvertible {
    /// A configuration value is out of range or inconsistent with another; `field` names it.
    case invalidConfiguration(field: String, reason: String)
    /// The training data could not be opened or read.
    case data(VideoBatchError)
    /// A checkpoint could not be written or read.
    case checkpoint(CheckpointError)
    /// A checkpoint exists but was written by a run with another configuration.
    case checkpointMismatch(path: String, reason: String)
    /// A run record, curve or report file could not be written or read.
    case io(path: String, reason: String)
    /// A tensor given to a model has the wrong shape.
    case shapeMismatch(what: String, expected: String, found: [Int])
    /// Training diverged (the loss became NaN or infinite).
    case diverged(step: Int, loss: Double)

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let reason):
            return "invalid model configuration: '\(field)' \(reason)"
        case .data(let error):
            return "\(error)"
        case .checkpoint(let error):
            return "\(error)"
        case .checkpointMismatch(let path, let reason):
            return "\(path) was written by another run (\(reason)): use another output folder, or delete it to start over"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .shapeMismatch(let what, let expected, let found):
            return "\(what) has shape \(found), expected \(expected): check the dataset's frames and the model's configuration"
        case .diverged(let step, let loss):
            return "training diverged at step \(step) (loss \(loss)): lower the learning rate or enable gradient clipping"
        }
    }
}
