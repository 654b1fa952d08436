import Checkpoints
import Datasets
import Models
import Support

/// Why a model could not be trained, resumed or evaluated. Each message says what to do.
public enum TrainingError: Error, Sendable, CustomStringConvertible {
    /// The model refused its configuration or its input.
    case model(ModelsError)
    /// A training configuration value is out of range or inconsistent with another; `field` names it.
    case invalidConfiguration(field: String, reason: String)
    /// The training data could not be opened or read.
    case data(VideoBatchError)
    /// A checkpoint could not be written or read.
    case checkpoint(CheckpointError)
    /// A checkpoint exists but was written by a run with another configuration.
    case checkpointMismatch(path: String, reason: String)
    /// A run record, curve or report file could not be written or read.
    case io(path: String, reason: String)
    /// Training diverged (the loss became NaN or infinite).
    case diverged(step: Int, loss: Double)
    /// Another trainer (in this or another process) is using the run folder.
    case busy(directory: String, holder: String?)
    /// A signal (SIGINT, SIGTERM) stopped the run between two steps, after a checkpoint at `step` was written.
    case interrupted(signal: Int32, step: Int)

    public var description: String {
        switch self {
        case .model(let error):
            return "\(error)"
        case .invalidConfiguration(let field, let reason):
            return "invalid training configuration: '\(field)' \(reason)"
        case .data(let error):
            return "\(error)"
        case .checkpoint(let error):
            return "\(error)"
        case .checkpointMismatch(let path, let reason):
            return
                "\(path) was written by another run (\(reason)): use another output folder, or delete it to start over"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .busy(let directory, let holder):
            return
                "\(directory) is in use by another training run (\(holder ?? "holder unknown")): wait for it to end, or train into another folder"
        case .interrupted(let signal, let step):
            return
                "stopped by \(Interrupted.name(of: signal)) after step \(step), whose checkpoint is written: run the same command again to resume from it"
        case .diverged(let step, let loss):
            return
                "training diverged at step \(step) (loss \(loss)): lower the learning rate or enable gradient clipping"
        }
    }

    /// The error of a failed whole-file write.
    init(_ error: AtomicWriteError) {
        self = .io(path: error.path, reason: error.reason)
    }
}

/// Runs a model call, reporting the model's refusal as ``TrainingError/model(_:)``.
func modelCall<T>(_ body: () throws(ModelsError) -> T) throws(TrainingError) -> T {
    do {
        return try body()
    } catch {
        throw .model(error)
    }
}
