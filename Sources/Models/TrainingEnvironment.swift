import Datasets
import Foundation

/// The software and machine a run used, for its record.
public enum TrainingEnvironment {
    /// Build kind, dataset generator version, operating system, cores and the load average when asked.
    ///
    /// The load average matters on a shared machine: timings measured under load are slower than the engine is.
    public static func current() -> [String: String] {
        var environment: [String: String] = [
            "dataset_generator_version": GeneratorInfo.version,
            "os": ProcessInfo.processInfo.operatingSystemVersionString,
            "cores": String(ProcessInfo.processInfo.activeProcessorCount),
        ]
        #if DEBUG
            environment["build"] = "debug"
        #else
            environment["build"] = "release"
        #endif
        if let load = loadAverage() { environment["load_average"] = load }
        if let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] {
            environment["openblas_num_threads"] = threads
        }
        return environment
    }

    /// The 1, 5 and 15-minute load averages from `/proc/loadavg` (Linux), or `nil`.
    public static func loadAverage() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
