import Checkpoints
import Foundation
import Models
import Support

/// What the ``Trainer`` reports after every step.
public struct TrainingProgress: Sendable {
    /// Steps completed.
    public var step: Int
    /// Steps in the whole run.
    public var totalSteps: Int
    /// This step's numbers.
    public var point: LearningCurvePoint
    /// Steps per second in this sitting.
    public var stepsPerSecond: Double

    /// Seconds left at the current rate.
    public var estimatedSecondsLeft: Double {
        stepsPerSecond > 0 ? Double(totalSteps - step) / stepsPerSecond : .infinity
    }

    /// One line: `step 120/1200  loss 0.01234  rec 0.01200  mse 3.1e-03  kl 12.3  2.10 steps/s  ETA 8m34s`.
    public var line: String {
        var text = String(
            format: "step %d/%d  loss %.5g  rec %.5g  mse %.3e  kl %.4g", step, totalSteps, point.loss,
            point.reconstruction, point.pixelMeanSquaredError, point.klDivergence)
        if let multiplier = point.gecoMultiplier { text += String(format: "  λ %.4g", multiplier) }
        for (name, value) in point.auxiliary.sorted(by: { $0.key < $1.key }) {
            text += String(format: "  %@ %.4g", name, value)
        }
        text += String(
            format: "  T=%d  %.2f steps/s  ETA %@", point.frames, stepsPerSecond,
            Self.duration(estimatedSecondsLeft))
        return text
    }

    /// `1h02m`, `8m34s` or `12s`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let total = Int(seconds.rounded())
        if total >= 3600 { return String(format: "%dh%02dm", total / 3600, total % 3600 / 60) }
        if total >= 60 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return "\(total)s"
    }

    /// A reporter that writes ``line`` to standard error at most once per `interval` seconds (and at the last step).
    public static func standardErrorPrinter(interval: Double = 2, prefix: String = "") -> (TrainingProgress) -> Void {
        let clock = ContinuousClock()
        var last: ContinuousClock.Instant?
        return { progress in
            let now = clock.now
            if let last, now - last < .milliseconds(Int(interval * 1000)), progress.step < progress.totalSteps {
                return
            }
            last = now
            StandardError.print(prefix + progress.line)
        }
    }
}
