import Checkpoints
import Datasets
import Foundation
import Models
import Support

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
        if let load = LoadAverage.current() { environment["load_average"] = load.description }
        if let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] {
            environment["openblas_num_threads"] = threads
        }
        return environment
    }
}
