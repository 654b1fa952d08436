import Datasets
import Foundation
import Support

/// Prints generation progress on standard error: one updating line on a terminal, a line every few seconds otherwise.
final class ProgressPrinter: @unchecked Sendable {
    /// What the counts of the events count: trajectories of a video dataset or points of a density dataset.
    enum Unit {
        case trajectories, points

        var plural: String { self == .trajectories ? "trajectories" : "points" }
        var rate: String { self == .trajectories ? "traj/s" : "points/s" }
    }

    private let quiet: Bool
    private let unit: Unit
    private let interactive: Bool
    private let lock = NSLock()
    private var lastPrint = 0.0
    private var lineOpen = false

    init(quiet: Bool, unit: Unit = .trajectories) {
        self.quiet = quiet
        self.unit = unit
        self.interactive = isatty(STDERR_FILENO) != 0
    }

    func report(_ event: GenerationEvent) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .planned(let folder, let shards, let toWrite, let trajectories):
            line(
                "generating \(trajectories) \(unit.plural) in \(shards) shard(s) into \(folder) (\(shards - toWrite) already complete)"
            )
        case .shardSkipped(let file):
            line("\(file): complete, skipped")
        case .progress(let file, let done, let total, let overallDone, let overallTotal, let elapsed):
            let now = elapsed
            guard interactive || now - lastPrint >= 5 || done == total else { return }
            lastPrint = now
            let rate = elapsed > 0 ? Double(overallDone) / elapsed : 0
            let eta = rate > 0 ? Double(overallTotal - overallDone) / rate : 0
            let text =
                "\(file): \(done)/\(total) | all \(overallDone)/\(overallTotal) | \(Int(rate)) \(unit.rate) | ETA \(Formatting.seconds(eta))"
            if interactive {
                StandardError.write("\r\u{1B}[K" + text)
                lineOpen = true
            } else {
                line(text)
            }
        case .shardFinished(let file, let seconds, let bytes, let rejected):
            let rejections = unit == .trajectories ? ", \(rejected) initial condition(s) rejected" : ""
            line("\(file): written in \(Formatting.seconds(seconds)), \(Formatting.bytes(bytes))\(rejections)")
        case .manifestWritten(let path):
            line("wrote \(path)")
        case .manifestPending(let missing):
            line(
                "manifest not written yet: \(missing) shard(s) of the plan are still missing; the run that writes the last one writes it (`physgen validate` names them)"
            )
        }
    }

    func finish(_ summary: GenerationSummary) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        let rate = summary.seconds > 0 ? Double(summary.trajectoriesWritten) / summary.seconds : 0
        line(
            "done: \(summary.trajectoriesWritten) \(unit.plural) in \(Formatting.seconds(summary.seconds)) (\(Int(rate)) \(unit.rate)), \(summary.shardsWritten) shard(s) written, \(summary.shardsSkipped) skipped"
        )
        guard summary.trajectoriesWritten > 0, unit == .trajectories else { return }
        let t = summary.phaseTimes
        func per(_ amount: Double, _ seconds: Double) -> String { seconds > 0 ? "\(Int(amount / seconds))" : "-" }
        line(
            "time per phase (CPU seconds of the worker threads): simulate \(String(format: "%.2f", t.simulation)) s (\(per(Double(summary.trajectoriesWritten), t.simulation)) traj/s per core), "
                + "render \(String(format: "%.2f", t.rendering)) s (\(per(Double(summary.framesRendered), t.rendering)) frames/s per core), "
                + "statistics \(String(format: "%.2f", t.statistics)) s, "
                + "compress \(String(format: "%.2f", t.compression)) s (\(per(Double(summary.rawImageBytes) / 1e6, t.compression)) MB/s per core); "
                + "write \(String(format: "%.2f", t.writing)) s on the writer thread, CPU (\(per(Double(summary.bytesWritten) / 1e6, t.writing)) MB/s of compressed data)"
        )
    }

    private func line(_ text: String) {
        let prefix = lineOpen ? "\r\u{1B}[K" : ""
        lineOpen = false
        StandardError.print(prefix + text)
    }
}
