import CBLAS
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Makes OpenBLAS use its AVX-512 kernels on processors with AVX-512 that its CPU detection does not know.
///
/// OpenBLAS built with `DYNAMIC_ARCH` (Debian's, for example) picks its kernels at load time from the processor's
/// family and model, or from `OPENBLAS_CORETYPE`. Versions older than the processor fall back to an older core:
/// Debian 12's OpenBLAS 0.3.21 on AMD family 1Ah (Zen 5, the development machine) selects its Haswell (AVX2) kernels,
/// although the processor runs AVX-512 at full width (and the machine's environment sets `OPENBLAS_CORETYPE=Haswell`
/// as well). Measured there with one thread: sgemm on the convolutions' shapes (1024x288x64) at 115 GFLOP/s with the
/// Haswell kernels and 203 GFLOP/s with the SkylakeX ones; an HGN training step took 32% less CPU.
///
/// With `HAMILTONIAN_BLAS_KERNELS` unset or `auto`, ``selectFastestKernels()`` switches OpenBLAS to its SkylakeX
/// core when (1) OpenBLAS runs an AVX2-only core (Haswell or Zen), whether it detected it or was told so, (2) the
/// processor has the AVX-512 subsets the SkylakeX kernels use (F, CD, BW, DQ, VL; read from `/proc/cpuinfo`, so a
/// processor without them never gets them), and (3) the library exports its dynamic-architecture entry points
/// (`gotoblas_dynamic_quit`, `gotoblas_dynamic_init`, looked up at run time, so another BLAS build keeps its own
/// choice). `HAMILTONIAN_BLAS_KERNELS=openblas` keeps OpenBLAS' choice (and so `OPENBLAS_CORETYPE`). The switch is
/// OpenBLAS' own start-up path run again with `OPENBLAS_CORETYPE=SKYLAKEX`, before any product; it changes which
/// kernels run, not the thread policy, so results stay identical for every thread count (they differ in the last
/// bits from the Haswell kernels' results, as any two sgemm kernels' do). Written by hand because no library call
/// selects OpenBLAS' core at run time.
enum OpenBLASCoreSelection {
    /// The core OpenBLAS switches to on AVX-512 processors it does not recognise.
    static let avx512Core = "SKYLAKEX"
    /// Cores that only use AVX2: the fallbacks of OpenBLAS' detection on newer processors.
    static let avx2Cores: Set<String> = ["haswell", "zen"]
    /// The `/proc/cpuinfo` flags the SkylakeX kernels need.
    static let requiredFlags: Set<String> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    /// The name of the core OpenBLAS is using (e.g. "Haswell", "SkylakeX"), or "" when unknown.
    static var currentCore: String {
        guard let name = openblas_get_corename() else { return "" }
        return String(cString: name)
    }

    /// Switches to the SkylakeX kernels when the conditions above hold; returns the core in use afterwards.
    /// Call once, before any BLAS product (``ComputeThreads`` does, when it first pins OpenBLAS to one thread).
    @discardableResult
    static func selectFastestKernels() -> String {
        guard keepsOpenBLASChoice() == false, avx2Cores.contains(currentCore.lowercased()),
            processorFlags().isSuperset(of: requiredFlags),
            let quit = symbol("gotoblas_dynamic_quit"), let initialise = symbol("gotoblas_dynamic_init")
        else { return currentCore }
        // The variable is only read during the call; child processes inherit the value the process had.
        let previous = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        setenv("OPENBLAS_CORETYPE", avx512Core, 1)
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
