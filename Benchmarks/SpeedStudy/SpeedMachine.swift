import Foundation
import Support

/// What the machine was doing during a measurement: the load average and this process' CPU time.
public enum SpeedMachine {
    /// The 1-minute load average, or `nil` where it cannot be read.
    public static func loadAverage() -> Double? { LoadAverage.current()?.oneMinute }

    /// User plus system CPU seconds this process has used so far, over all its threads.
    public static func processCPUSeconds() -> Double {
        let usage = resourceUsage()
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Page faults this process has taken so far (first touches of fresh memory, mostly).
    public static func pageFaults() -> Int {
        let usage = resourceUsage()
        return usage.ru_minflt + usage.ru_majflt
    }

    private static func resourceUsage() -> rusage {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return rusage() }
        return usage
    }
}
