import Support

/// Everything that can go wrong while specifying, generating, reading or validating a dataset.
///
/// Each case renders as one line that says what happened and what to do about it; the command-line tool prints exactly
/// that line and exits with a non-zero status.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A specification value is out of range or inconsistent; `field` is its JSON key path (e.g. `splits.train.trajectories`).
    case invalidSpec(field: String, reason: String)
    /// A specification file could not be read or parsed.
    case unreadableSpec(path: String, reason: String)
    /// No preset of that name exists.
    case unknownPreset(String, known: [String])
    /// No physical system of that name exists.
    case unknownSystem(String, known: [String])
    /// No integrator of that name exists.
    case unknownIntegrator(String, known: [String])
    /// No split of that name exists in the specification.
    case unknownSplit(String, known: [String])
    /// The output folder cannot be created or written.
    case unwritableOutput(path: String, reason: String)
    /// The output folder already holds a dataset generated from a different specification.
    case specMismatch(path: String)
    /// A shard index (`--shard`) outside the plan of `count` shards.
    case shardOutOfPlan(index: Int, count: Int)
    /// The output folder holds shards cut by another plan (another `--shards`); `files` names them.
    case planMismatch(path: String, files: [String])
    /// No initial condition passed the acceptance tests after many draws.
    case samplingFailed(system: String, seed: UInt64, attempts: Int, lastReason: String)
    /// A file is not a readable shard of this suite (corrupt, truncated, foreign or of another schema).
    case notAShard(path: String, reason: String)
    /// A folder has no `manifest.json` or it cannot be parsed.
    case badManifest(path: String, reason: String)
    /// `validate` found a problem.
    case validationFailed(path: String, reason: String)
    /// An I/O failure while reading or writing a file.
    case io(path: String, reason: String)
    /// A file could not be written (`reason` in the operating system's words, e.g. "No space left on device");
    /// nothing incomplete was left under its final name, and running the same command again resumes.
    case writeFailed(path: String, reason: String)
    /// The generation asked for is beyond a limit (shard count, chunk size, memory, a petabyte); refused before
    /// any work.
    case tooLarge(reason: String)
    /// The generation needs more space than the output's file system has free; refused before any work.
    case insufficientSpace(folder: String, neededBytes: Double, availableBytes: Double, estimate: String)
    /// The run was stopped by a signal (SIGINT, SIGTERM) at a safe point; running the same command resumes.
    case interrupted(signal: Int32)
    /// An explicit initial state could not be integrated.
    case integrationFailed(reason: String)

    public var description: String {
        switch self {
        case .invalidSpec(let field, let reason):
            return "invalid dataset spec: '\(field)' \(reason)"
        case .unreadableSpec(let path, let reason):
            return "cannot read spec file \(path): \(reason)"
        case .unknownPreset(let name, let known):
            return "unknown preset '\(name)'; known presets: \(known.joined(separator: ", ")) (see `physgen presets`)"
        case .unknownSystem(let name, let known):
            return "unknown system '\(name)'; known systems: \(known.joined(separator: ", "))"
        case .unknownIntegrator(let name, let known):
            return "unknown integrator '\(name)'; known integrators: \(known.joined(separator: ", "))"
        case .unknownSplit(let name, let known):
            return "unknown split '\(name)'; this dataset has: \(known.joined(separator: ", "))"
        case .unwritableOutput(let path, let reason):
            return "cannot write to output folder \(path): \(reason); choose another --out or fix its permissions"
        case .specMismatch(let path):
            return
                "\(path) already holds a dataset made from a different spec; use another --out, or delete the folder to start over"
        case .shardOutOfPlan(let index, let count):
            return
                "shard \(index) is not in the plan: the plan has \(count) shard(s), numbered 0 to \(count - 1), for these options (`physgen generate --count-shards` with the same options prints the count)"
        case .planMismatch(let path, let files):
            let shown = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? ", ..." : "")
            return
                "\(path) holds \(files.count) shard file(s) of another plan (\(shown)): it was generated with another --shards; give the same --shards as before, use another --out, or delete the folder to start over"
        case .samplingFailed(let system, let seed, let attempts, let lastReason):
            return
                "\(system): no initial condition accepted after \(attempts) draws from seed \(seed) (last rejection: \(lastReason)); widen the sampling ranges or the canvas"
        case .notAShard(let path, let reason):
            return "\(path) is not a readable HamiltonianSuite shard: \(reason)"
        case .badManifest(let path, let reason):
            return "\(path): \(reason)"
        case .validationFailed(let path, let reason):
            return "validation failed for \(path): \(reason)"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .writeFailed(let path, let reason):
            return
                "cannot write \(path): \(reason); nothing incomplete was kept under a final name: free space (or fix the cause) and run the same command again to resume"
        case .tooLarge(let reason):
            return "refusing to start: \(reason)"
        case .insufficientSpace(let folder, let needed, let available, let estimate):
            return
                "refusing to start: this generation needs about \(Formatting.bytes(Int(min(needed, 9e18)))) (\(estimate)) but the file system of \(folder) has \(Formatting.bytes(Int(min(available, 9e18)))) free; free space or choose another --out (--ignore-free-space skips this check, for file systems that report their free space wrongly)"
        case .interrupted(let signal):
            return
                "stopped by \(Interrupted.name(of: signal)) at a safe point; nothing incomplete was kept under a final name: run the same command again to resume"
        case .integrationFailed(let reason):
            return "integration failed: \(reason)"
        }
    }
}
