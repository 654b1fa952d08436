import Testing

@testable import Tensor

/// Which OpenBLAS core the engine switches to (``OpenBLASCoreSelection/targetCore(current:processorFlags:)``): the
/// newest core the processor's flags allow, only when OpenBLAS' own choice is a known older one.
@Suite("OpenBLAS core selection")
struct OpenBLASCoreSelectionTests {
    static let avx512: Set<String> = [
        "sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
    ]
    static let avx2: Set<String> = ["sse3", "avx", "avx2", "fma"]
    static let sse: Set<String> = ["sse", "sse2", "sse3", "ssse3"]

    @Test("An AVX-512 processor gets SkylakeX from a fallback core or an AVX2 core")
    func avx512ProcessorGetsSkylakeX() {
        for core in ["Prescott", "Haswell", "Zen", "Sandybridge", "Unknown", "Excavator"] {
            #expect(
                OpenBLASCoreSelection.targetCore(current: core, processorFlags: Self.avx512) == "SKYLAKEX", "\(core)")
        }
    }

    @Test("An AVX2 processor without AVX-512 gets Haswell only from a pre-AVX2 core")
    func avx2ProcessorGetsHaswell() {
        #expect(OpenBLASCoreSelection.targetCore(current: "Prescott", processorFlags: Self.avx2) == "HASWELL")
        #expect(OpenBLASCoreSelection.targetCore(current: "SANDYBRIDGE", processorFlags: Self.avx2) == "HASWELL")
        #expect(OpenBLASCoreSelection.targetCore(current: "Haswell", processorFlags: Self.avx2) == nil)
        #expect(OpenBLASCoreSelection.targetCore(current: "Zen", processorFlags: Self.avx2) == nil)
    }

    @Test("OpenBLAS' choice stays when it is as new as the target, unknown to the list, or the flags are missing")
    func keepsOpenBLASChoice() {
        for core in ["SkylakeX", "Cooperlake", "SapphireRapids", "NeoverseN1", ""] {
            #expect(OpenBLASCoreSelection.targetCore(current: core, processorFlags: Self.avx512) == nil, "\(core)")
        }
        #expect(OpenBLASCoreSelection.targetCore(current: "Prescott", processorFlags: Self.sse) == nil)
        // AVX-512F alone (no BW, DQ, VL: Knights Landing) is not enough for the SkylakeX kernels; AVX2 is.
        let knightsLanding = Self.avx2.union(["avx512f", "avx512cd"])
        #expect(OpenBLASCoreSelection.targetCore(current: "Prescott", processorFlags: knightsLanding) == "HASWELL")
    }

    @Test("The process runs a core no older than this processor's flags allow")
    func processRunsFastestCore() {
        _ = ComputeThreads.count
        let flags = OpenBLASCoreSelection.processorFlags()
        let running = OpenBLASCoreSelection.currentCore
        if OpenBLASCoreSelection.keepsOpenBLASChoice() == false {
            #expect(OpenBLASCoreSelection.targetCore(current: running, processorFlags: flags) == nil, "\(running)")
        }
    }
}
