/// Whether ops record graph nodes on the current task (or thread, outside Swift concurrency).
///
/// Recording is on by default. The engine turns it off while it runs a first-order backward pass
/// (`createGraph: false`), and ``withoutGradientRecording(_:)`` turns it off for inference and evaluation.
enum GradientRecording {
    @TaskLocal static var isEnabled: Bool = true
}

/// Runs `body` without recording autodiff nodes: results carry no graph even when their inputs require gradients.
///
/// Use it for inference, evaluation and metrics: it saves the memory of the saved activations and the cost of the
/// nodes. Scoped to the current task (or thread).
public func withoutGradientRecording<R>(_ body: () throws -> R) rethrows -> R {
    try GradientRecording.$isEnabled.withValue(false, operation: body)
}

/// Whether ops currently record autodiff nodes (see ``withoutGradientRecording(_:)``).
public var isRecordingGradients: Bool { GradientRecording.isEnabled }
