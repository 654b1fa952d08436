import Dispatch
import Foundation

/// A stop asked for by SIGINT or SIGTERM, which long loops poll so that they end at a safe point.
///
/// Slurm pre-empts a job with SIGTERM (and SIGKILL some 30 s later); a person stops one with Ctrl-C. After
/// ``install(grace:)``, the first of these signals only sets a flag: loops that call ``check()`` (between shards,
/// batches, trajectories and training steps) throw ``Interrupted``, the command removes its temporary file, says
/// how to resume and ends as killed by the signal (``terminate(by:message:)``). Should the process still run
/// `grace` seconds later (a step that polls nowhere), or on a second signal, it ends at once: every file under a
/// final name is written through a temporary file and a rename, so even then only temporary files are left.
///
/// Written by hand (a flag behind a lock, set by a `DispatchSource` signal source) because no library of the
/// package does this; the flag is polled, never waited on, so a poll costs one uncontended lock.
public enum StopRequest {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var requested: Int32?
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var graceSeconds = 5.0
    nonisolated(unsafe) private static var tool = "stopped"
    private static let queue = DispatchQueue(label: "HamiltonianSuite.StopRequest")

    /// The signals handled: SIGINT (Ctrl-C) and SIGTERM (`kill`, Slurm pre-emption).
    public static let handledSignals: [Int32] = [SIGINT, SIGTERM]

    /// Handles SIGINT and SIGTERM from now on (calling it again only updates the settings).
    ///
    /// - Parameters:
    ///   - tool: the command's name, which starts the lines printed when a signal ends the process.
    ///   - grace: seconds between the first signal and the forced end, if the process has not ended by then.
    public static func install(tool: String, grace: Double = 5) {
        lock.withLock {
            graceSeconds = grace
            self.tool = tool
            guard sources.isEmpty else { return }
            for number in handledSignals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { received(number) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// The signal that asked for a stop, or nil.
    public static var receivedSignal: Int32? { lock.withLock { requested } }

    /// Whether a stop was asked for.
    public static var isRequested: Bool { receivedSignal != nil }

    /// Throws ``Interrupted`` when a stop was asked for. Call it where stopping leaves nothing half-done.
    public static func check() throws(Interrupted) {
        if let signal = receivedSignal { throw Interrupted(signal: signal) }
    }

    /// Asks for a stop as `signal` would (the first signal's handling, without the forced end): for tests, and
    /// for code that stops for its own reasons.
    public static func request(_ signal: Int32) {
        lock.withLock { if requested == nil { requested = signal } }
    }

    /// Forgets a request (tests only).
    public static func reset() {
        lock.withLock { requested = nil }
    }

    /// Ends the process as killed by `signal` (its default action, so a shell reports 128 + the signal number:
    /// 130 for SIGINT, 143 for SIGTERM, and a calling script or scheduler sees the signal), after printing
    /// `message` on standard error.
    public static func terminate(by signal: Int32, message: String) -> Never {
        StandardError.print(message)
        Foundation.signal(signal, SIG_DFL)
        raise(signal)
        // raise returns only if the signal is blocked in this thread; exit with the shell's convention then.
        exit(128 + signal)
    }

    /// After a command ended with an error: when a stop was asked for, the error is the stop, so this ends the
    /// process as killed by the signal, after saying how to resume; otherwise it returns.
    public static func terminateIfRequested() {
        guard let signal = receivedSignal else { return }
        terminate(by: signal, message: "\(lock.withLock { tool }): " + resumeMessage(signal: signal))
    }

    private static func received(_ number: Int32) {
        let first = lock.withLock { () -> Bool in
            guard requested == nil else { return false }
            requested = number
            return true
        }
        let message = "\(lock.withLock { tool }): " + resumeMessage(signal: number)
        guard first else { terminate(by: number, message: message + " (a second signal: stopped at once)") }
        let grace = lock.withLock { graceSeconds }
        queue.asyncAfter(deadline: .now() + grace) {
            terminate(by: number, message: message + " (no safe point within \(grace) s: stopped at once)")
        }
    }
}

extension StopRequest {
    /// What the commands print when a signal stopped them: what is kept and how to resume (the same command).
    public static func resumeMessage(signal: Int32) -> String {
        "stopped by \(Interrupted.name(of: signal)); finished work is kept and no incomplete file is under a final "
            + "name; to resume, run the same command again: \(commandLine)"
    }

    /// This process's command line, quoted for a POSIX shell.
    public static var commandLine: String {
        CommandLine.arguments.map { argument in
            let plain =
                !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:+@%".contains($0) }
            return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// Makes a write beyond the process's file-size limit (`ulimit -f`, which some batch systems set) fail with
    /// `EFBIG` ("File too large"), reported like any failed write, instead of killing the process with `SIGXFSZ`.
    public static func reportFileSizeLimitAsError() {
        Foundation.signal(SIGXFSZ, SIG_IGN)
    }
}

/// The error of a loop stopped by ``StopRequest``.
public struct Interrupted: Error, Equatable, Sendable, CustomStringConvertible {
    /// The signal that asked for the stop.
    public var signal: Int32

    public init(signal: Int32) {
        self.signal = signal
    }

    /// `SIGINT`, `SIGTERM`, or `signal N`.
    public var signalName: String { Self.name(of: signal) }

    public var description: String { "stopped by \(signalName)" }

    /// `SIGINT`, `SIGTERM`, or `signal N`.
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(signal)"
        }
    }
}
