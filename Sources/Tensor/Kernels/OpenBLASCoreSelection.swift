import CBLAS
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Makes OpenBLAS use its fastest kernels for the processor when its CPU detection does not know the processor.
///
/// OpenBLAS built with `DYNAMIC_ARCH` (Debian's, for example) picks its kernels at load time from the processor's
/// family and model, or from `OPENBLAS_CORETYPE`. Versions older than the processor fall back to an older core. Two
/// cases met on our machines with Debian 12's OpenBLAS 0.3.21:
/// - AMD family 1Ah (Zen 5): it selects its Haswell (AVX2) kernels although the processor runs AVX-512 at full
///   width. Measured there with one thread: sgemm on the convolutions' shapes (1024x288x64) at 115 GFLOP/s with the
///   Haswell kernels and 203 GFLOP/s with the SkylakeX ones; an HGN training step took 32% less CPU.
/// - Intel family 6 model 207 (0xCF, Emerald Rapids, reported as "Intel(R) Xeon(R) Processor" under a hypervisor):
///   it selects its Prescott (SSE3) kernels, the oldest it has. The `paper` profile's HGN step on one thread ran at
///   0.17 steps/s with them and 0.55 with the SkylakeX ones (`hgnbench table` progress lines, 2026-12-05).
///
/// With `HAMILTONIAN_BLAS_KERNELS` unset or `auto`, ``selectFastestKernels()`` switches OpenBLAS to the core
/// ``targetCore(current:processorFlags:)`` names: SkylakeX when the processor has the AVX-512 subsets its kernels use
/// (F, CD, BW, DQ, VL) and OpenBLAS runs any older core; Haswell when the processor has AVX2 and FMA and OpenBLAS runs
/// a core older than AVX2 (Prescott, Sandybridge and the like). The flags are read from `/proc/cpuinfo`, so a processor
/// without them never gets those kernels; a core OpenBLAS chose that is as new as the target (or one this list does
/// not know) is kept. The library must export its dynamic-architecture entry points (`gotoblas_dynamic_quit`,
/// `gotoblas_dynamic_init`, looked up at run time, so another BLAS build keeps its own choice).
/// `HAMILTONIAN_BLAS_KERNELS=openblas` keeps OpenBLAS' choice (and so `OPENBLAS_CORETYPE`). The switch is OpenBLAS'
/// own start-up path run again with `OPENBLAS_CORETYPE` set to the target, before any product; it changes which
/// kernels run, not the thread policy, so results stay identical for every thread count (they differ in the last
/// bits from another core's results, as any two sgemm kernels' do). Written by hand because no library call selects
/// OpenBLAS' core at run time.
enum OpenBLASCoreSelection {
    /// The core for processors with AVX-512.
    static let avx512Core = "SKYLAKEX"
    /// The core for processors with AVX2 and FMA but not AVX-512.
    static let avx2Core = "HASWELL"
    /// The `/proc/cpuinfo` flags the SkylakeX kernels need.
    static let avx512Flags: Set<String> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
    /// The `/proc/cpuinfo` flags the Haswell kernels need.
    static let avx2Flags: Set<String> = ["avx", "avx2", "fma"]
    /// OpenBLAS' cores (lowercased `openblas_get_corename()`) whose kernels predate AVX2: its fallbacks.
    static let preAVX2Cores: Set<String> = [
        "unknown", "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn", "dunnington",
        "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano", "sandybridge", "bobcat", "bulldozer",
        "piledriver", "steamroller",
    ]
    /// OpenBLAS' cores whose kernels use AVX2 but not AVX-512.
    static let avx2Cores: Set<String> = ["haswell", "zen", "excavator"]

    /// The name of the core OpenBLAS is using (e.g. "Haswell", "SkylakeX"), or "" when unknown.
    static var currentCore: String {
        guard let name = openblas_get_corename() else { return "" }
        return String(cString: name)
    }

    /// The core to switch to, or nil to keep `current`: the newest of SkylakeX and Haswell whose flags the processor
    /// has, when `current` (OpenBLAS' name, any case) is a known older core.
    static func targetCore(current: String, processorFlags flags: Set<String>) -> String? {
        let core = current.lowercased()
        if flags.isSuperset(of: avx512Flags), preAVX2Cores.contains(core) || avx2Cores.contains(core) {
            return avx512Core
        }
        if flags.isSuperset(of: avx2Flags), preAVX2Cores.contains(core) { return avx2Core }
        return nil
    }

    /// Switches to ``targetCore(current:processorFlags:)`` when there is one; returns the core in use afterwards.
    /// Call once, before any BLAS product (``ComputeThreads`` does, when it first pins OpenBLAS to one thread).
    @discardableResult
    static func selectFastestKernels() -> String {
        guard keepsOpenBLASChoice() == false,
            let target = targetCore(current: currentCore, processorFlags: processorFlags()),
            let quit = symbol("gotoblas_dynamic_quit"), let initialise = symbol("gotoblas_dynamic_init")
        else { return currentCore }
        // The variable is only read during the call; child processes inherit the value the process had.
        let previous = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        setenv("OPENBLAS_CORETYPE", target, 1)
        defer { if let previous { setenv("OPENBLAS_CORETYPE", previous, 1) } else { unsetenv("OPENBLAS_CORETYPE") } }
        quit()
        initialise()
        return currentCore
    }

    /// Name of the environment variable that chooses the policy: `auto` (the default) or `openblas`.
    static let environmentVariable = "HAMILTONIAN_BLAS_KERNELS"

    /// Whether `HAMILTONIAN_BLAS_KERNELS` asks to keep OpenBLAS' own choice (a value other than `auto` or
    /// `openblas` is reported on standard error and treated as `auto`).
    static func keepsOpenBLASChoice() -> Bool {
        switch ProcessInfo.processInfo.environment[environmentVariable]?.lowercased() {
        case nil, "auto": return false
        case "openblas": return true
        case let other?:
            FileHandle.standardError.write(
                Data(
                    "warning: \(environmentVariable)=\"\(other)\" is neither auto nor openblas; using auto\n".utf8))
            return false
        }
    }

    /// The flags of the first processor in `/proc/cpuinfo` (empty where it cannot be read).
    static func processorFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// A `void f(void)` function of the loaded libraries, or nil.
    private static func symbol(_ name: String) -> (@convention(c) () -> Void)? {
        #if canImport(Glibc)
            guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(address, to: (@convention(c) () -> Void).self)
        #else
            return nil
        #endif
    }
}
