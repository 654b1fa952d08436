// Scratch micro-benchmark for the Tensor kernels: sgemm peak and FastConvolution on the HGN shapes.
//
//   swift build -c release -Xswiftc -enable-testing --product kernelbench
//   .build/release/kernelbench [gemm|conv|all|layer N|narrow|interference|blasdeterminism]
//       [--threads 1,2] [--seconds 0.5] [--clock wall|cpu] [--patience 60] [--wait-quiet]
//
// `-enable-testing` lets the benchmark call the internal im2col path directly, to compare it with Winograd.
// Rates are "effective" GFLOP/s: the direct convolution's 2*N*OH*OW*KH*KW*Cin*Cout flops divided by the time,
// whatever algorithm ran (so Winograd can exceed the sgemm peak).
import CBLAS
import Foundation
@testable import Tensor

// MARK: Command line

/// Prints a line and flushes it at once, so that partial results survive an interrupted run.
func emit(_ line: String) {
    print(line)
    fflush(nil)
}

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let threadCounts = (option("--threads") ?? "1,2").split(separator: ",").compactMap { Int($0) }
let minimumSeconds = Double(option("--seconds") ?? "0.5") ?? 0.5
/// How long (seconds) a wall-clock measurement keeps sampling while waiting for one sample free of other load.
let patienceSeconds = Double(option("--patience") ?? "60") ?? 60
/// With `--clock cpu`, times are process CPU seconds divided by the thread count: the speed the kernels reach when
/// they get their cores, which matters on a machine shared with other jobs (wall time is the default).
let useCPUClock = option("--clock") == "cpu"
let mode = arguments.first.flatMap { $0.hasPrefix("--") ? nil : $0 } ?? "all"

// MARK: Timing

func wallSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// With `--wait-quiet`, each measurement first waits (up to 30 s) for a 0.3 s window in which the other processes of
/// this shared machine leave at least 1.8 cores idle, so that wall times measure the kernels rather than the neighbours.
let waitQuiet = arguments.contains("--wait-quiet")

/// Idle and total jiffies of all CPUs, from /proc/stat.
func cpuJiffies() -> (idle: Double, total: Double) {
    guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
          let line = stat.split(separator: "\n").first else { return (0, 0) }
    let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard fields.count >= 5 else { return (0, 0) }
    return (fields[3] + fields[4], fields.reduce(0, +))
}

func waitForQuietMachine() {
    guard waitQuiet else { return }
    let deadline = wallSeconds() + 30
    let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
    while wallSeconds() < deadline {
        let before = cpuJiffies()
        usleep(300_000)
        let after = cpuJiffies()
        let total = after.total - before.total
        if total > 0 && (after.idle - before.idle) / total * cores >= cores - 0.2 { return }
    }
}

/// Best time per call of `body` over samples (each at least 0.25 s of calls) lasting at least `minimumSeconds` of wall
/// time in all (at least 3 samples, after one warm-up call): wall seconds, or CPU seconds per thread with
/// `--clock cpu`.
///
/// A wall-clock sample counts only if other processes used less than 0.1 core during it (busy time from /proc/stat
/// minus this process' CPU time); sampling goes on, for up to `--patience` seconds (60 by default), until one such clean sample exists. If none does,
/// the best unclean time is returned and counted in `uncleanMeasurements`.
func bestTime(_ body: () -> Void) -> Double {
    waitForQuietMachine()
    // Warm up, then group calls into samples of at least 0.25 s so that /proc/stat's 10 ms ticks can tell whether
    // another process ran during a sample.
    let warmUpStart = wallSeconds()
    body()
    let callsPerSample = max(1, Int((0.25 / max(wallSeconds() - warmUpStart, 1e-6)).rounded(.up)))
    var best = Double.infinity
    var bestClean = Double.infinity
    let start = wallSeconds()
    var samples = 0
    let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    while samples < 3 || wallSeconds() < start + minimumSeconds
            || (!useCPUClock && bestClean == .infinity && wallSeconds() < start + patienceSeconds) {
        let (wall, cpu, jiffies) = (wallSeconds(), cpuSeconds(), cpuJiffies())
        for _ in 0..<callsPerSample { body() }
        let (wallAfter, cpuAfter, jiffiesAfter) = (wallSeconds(), cpuSeconds(), cpuJiffies())
        let sample = useCPUClock ? (cpuAfter - cpu) / Double(ComputeThreads.count) : wallAfter - wall
        let seconds = sample / Double(callsPerSample)
        let busy = ((jiffiesAfter.total - jiffiesAfter.idle) - (jiffies.total - jiffies.idle)) / ticksPerSecond
        let foreign = busy - (cpuAfter - cpu)
        if foreign <= 0.1 * (wallAfter - wall) + 2 / ticksPerSecond { bestClean = min(bestClean, seconds) }
        best = min(best, seconds)
        samples += 1
    }
    if useCPUClock { return best }
    if bestClean == .infinity { uncleanMeasurements += 1; uncleanTimes.insert(best); return best }
    return bestClean
}

nonisolated(unsafe) var uncleanMeasurements = 0
/// Times returned without a clean sample; `rate` marks them with `*`.
nonisolated(unsafe) var uncleanTimes: Set<Double> = []

func randomBuffer(_ count: Int, seed: UInt64) -> UnsafeMutablePointer<Float> {
    let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
    var state = seed
    for i in 0..<count {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        buffer[i] = Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
    }
    return buffer
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func rate(_ flops: Double, _ seconds: Double) -> String {
    String(format: "%7.1f", flops / seconds / 1e9) + (uncleanTimes.contains(seconds) ? "*" : "")
}

emit("OpenBLAS \(String(cString: openblas_get_config())), core \(String(cString: openblas_get_corename()))")
emit("clock: \(useCPUClock ? "process CPU time / threads" : "wall"); cores \(ProcessInfo.processInfo.activeProcessorCount), load \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .newlines) ?? "?")")

// MARK: sgemm

func sgemmRate(m: Int, n: Int, k: Int, threads: Int, split: Bool) -> Double {
    let a = randomBuffer(m * k, seed: 1), b = randomBuffer(k * n, seed: 2), c = randomBuffer(m * n, seed: 3)
    defer { a.deallocate(); b.deallocate(); c.deallocate() }
    ComputeThreads.setCount(threads)
    let seconds: Double
    if split {
        // Our workers, one-threaded BLAS each, on fixed row halves.
        let halves = FastConvolution.Blocks(total: m, blockSize: (m + threads - 1) / threads)
        seconds = bestTime {
            ComputeThreads.parallelFor(chunks: halves.count) { part in
                let rows = halves.range(part)
                FastConvolution.gemm(m: rows.count, n: n, k: k, a: a + rows.lowerBound * k, lda: k, b: b, ldb: n,
                                     beta: 0, c: c + rows.lowerBound * n, ldc: n)
            }
        }
    } else {
        // OpenBLAS' own threads on the whole product (ComputeThreads otherwise keeps OpenBLAS one-threaded).
        openblas_set_num_threads(Int32(threads))
        defer { openblas_set_num_threads(1) }
        seconds = bestTime {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b,
                        Int32(n), 0, c, Int32(n))
        }
    }
    return 2 * Double(m) * Double(n) * Double(k) / seconds / 1e9 * (uncleanTimes.contains(seconds) ? -1 : 1)
}

/// A GFLOP/s figure from `sgemmRate`, negative when its measurement was disturbed, marked with `*`.
func gemmCell(_ value: Double) -> String { String(format: "%.1f", abs(value)) + (value < 0 ? "*" : "") }

func benchmarkGEMM() {
    emit("\n## sgemm GFLOP/s (row-major C[M,N] = A[M,K] B[K,N]; best of repeated runs)")
    emit("| M | K | N | 1 thread | 2 threads (OpenBLAS) | 2 threads (ours, 1-thread BLAS on row halves) |")
    emit("|---|---|---|---|---|---|")
    var shapes: [(Int, Int, Int)] = []
    for m in [1024, 4096, 16384] { for k in [288, 576] { shapes.append((m, k, 64)) } }
    shapes += [(1024, 1024, 1024), (64, 64, 64), (128, 64, 64), (256, 64, 64), (512, 64, 64), (64, 576, 64)]
    // Narrow products of the 64->3 decoder layer: im2col (N = 3) and stacked taps (N = 27).
    shapes += [(4096, 576, 3), (4096, 64, 27), (16384, 64, 27)]
    for (m, k, n) in shapes where mode != "narrow" || n < 64 {
        let one = sgemmRate(m: m, n: n, k: k, threads: 1, split: false)
        let blas2 = sgemmRate(m: m, n: n, k: k, threads: 2, split: false)
        let ours2 = sgemmRate(m: m, n: n, k: k, threads: 2, split: true)
        emit("| \(m) | \(k) | \(n) | \(gemmCell(one)) | \(gemmCell(blas2)) | \(gemmCell(ours2)) |")
    }
    // Transposed shapes of the weight gradients: C[K,N] = A[M,K]^T B[M,N].
    emit("\nWeight-gradient shape, C[K,64] = A[M,K]^T B[M,64], 1 thread:")
    for (m, k) in [(1024, 576), (4096, 576), (256, 64), (1024, 64)] {
        let a = randomBuffer(m * k, seed: 1), b = randomBuffer(m * 64, seed: 2), c = randomBuffer(k * 64, seed: 3)
        ComputeThreads.setCount(1)
        let seconds = bestTime {
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), 64, Int32(m), 1, a, Int32(k), b, 64, 0, c, 64)
        }
        emit(String(format: "  M=%d K=%d: %.1f GFLOP/s", m, k, 2 * Double(m * k * 64) / seconds / 1e9))
        a.deallocate(); b.deallocate(); c.deallocate()
    }
}

// MARK: Convolutions

struct Layer {
    let name: String
    let geometry: Conv2DGeometry
    /// How many such layers one HGN training step runs.
    let countPerStep: Int
    /// Whether the step needs the gradient with respect to this layer's input (not for the first encoder layer).
    let needsInputGradient: Bool
}

func conv3x3(_ n: Int, _ size: Int, _ cin: Int, _ cout: Int, stride: Int = 1) -> Conv2DGeometry {
    Conv2DGeometry(batch: n, height: size, width: size, inChannels: cin, outChannels: cout, kernelHeight: 3,
                   kernelWidth: 3, strideY: stride, strideX: stride, padTop: 1, padBottom: 1, padLeft: 1, padRight: 1)
}

/// The convolutions of one HGN training step at the reference sizes (batch 16, 34 frames, 32x32 RGB, 480 decoded
/// frames), following /work/shared/design.md: ~200 MFLOP per decoded frame means two 64->64 convs per resolution.
let hgnLayers: [Layer] = [
    Layer(name: "encoder 15->64 3x3 32x32 b16", geometry: conv3x3(16, 32, 15, 64), countPerStep: 1, needsInputGradient: false),
    Layer(name: "encoder 64->64 3x3 32x32 b16", geometry: conv3x3(16, 32, 64, 64), countPerStep: 6, needsInputGradient: true),
    Layer(name: "encoder 64->48 3x3 32x32 b16", geometry: conv3x3(16, 32, 64, 48), countPerStep: 1, needsInputGradient: true),
    Layer(name: "transformer 48->64 3x3 s2 32->16 b16", geometry: conv3x3(16, 32, 48, 64, stride: 2), countPerStep: 1, needsInputGradient: true),
    Layer(name: "transformer 64->64 3x3 s2 16->8 b16", geometry: conv3x3(16, 16, 64, 64, stride: 2), countPerStep: 1, needsInputGradient: true),
    Layer(name: "transformer 64->32 3x3 s2 8->4 b16", geometry: conv3x3(16, 8, 64, 32, stride: 2), countPerStep: 1, needsInputGradient: true),
    Layer(name: "decoder 16->64 3x3 4x4 b480", geometry: conv3x3(480, 4, 16, 64), countPerStep: 1, needsInputGradient: true),
    Layer(name: "decoder 64->64 3x3 8x8 b480", geometry: conv3x3(480, 8, 64, 64), countPerStep: 2, needsInputGradient: true),
    Layer(name: "decoder 64->64 3x3 16x16 b480", geometry: conv3x3(480, 16, 64, 64), countPerStep: 2, needsInputGradient: true),
    Layer(name: "decoder 64->64 3x3 32x32 b480", geometry: conv3x3(480, 32, 64, 64), countPerStep: 2, needsInputGradient: true),
    Layer(name: "decoder 64->3 3x3 32x32 b480", geometry: conv3x3(480, 32, 64, 3), countPerStep: 1, needsInputGradient: true),
]

struct LayerTimes { var forward = 0.0, input = 0.0, weight = 0.0 }

func measure(_ g: Conv2DGeometry, threads: Int, forceIm2col: Bool = false) -> LayerTimes {
    let x = randomBuffer(g.batch * g.height * g.width * g.inChannels, seed: 1)
    let w = randomBuffer(g.weightCount, seed: 2)
    let y = randomBuffer(g.outputPixelCount * g.outChannels, seed: 3)
    let dx = randomBuffer(g.batch * g.height * g.width * g.inChannels, seed: 4)
    let dw = randomBuffer(g.weightCount, seed: 5)
    defer { [x, w, y, dx, dw].forEach { $0.deallocate() } }
    ComputeThreads.setCount(threads)
    var times = LayerTimes()
    if forceIm2col {
        times.forward = bestTime { FastConvolution.im2colForward(g, input: x, weight: w, output: y) }
        times.input = bestTime {
            if g.strideX == 1 && g.strideY == 1 {
                let t = g.transposedForInputGradient
                FastConvolutionScratch.withBuffer(count: g.weightCount) { flipped in
                    FastConvolution.flipAndTransposeWeight(g, weight: w, into: flipped)
                    FastConvolution.im2colForward(t, input: y, weight: flipped, output: dx)
                }
            } else {
                FastConvolution.im2colBackwardInput(g, outputGradient: y, weight: w, inputGradient: dx)
            }
        }
        times.weight = bestTime { FastConvolution.im2colBackwardWeight(g, input: x, outputGradient: y, weightGradient: dw) }
    } else {
        times.forward = bestTime { FastConvolution.forward(g, input: x, weight: w, output: y) }
        times.input = bestTime { FastConvolution.backwardInput(g, outputGradient: y, weight: w, inputGradient: dx) }
        times.weight = bestTime { FastConvolution.backwardWeight(g, input: x, outputGradient: y, weightGradient: dw) }
    }
    return times
}

func benchmarkConvolutions(estimateStep: Bool) {
    for threads in threadCounts {
        emit("\n## FastConvolution, \(threads) thread(s): effective GFLOP/s (ms per call)")
        emit("| layer | algorithm | GFLOP fwd | forward | input grad | weight grad | im2col fwd / in / wt (same layer) |")
        emit("|---|---|---|---|---|---|---|")
        var stepSeconds = 0.0
        var stepFlops = 0.0
        for layer in hgnLayers {
            let g = layer.geometry
            let flops = Double(g.directFlops)
            let t = measure(g, threads: threads)
            let algorithm = g.isPointwise ? "pointwise" : g.usesWinograd ? "Winograd"
                : FastConvolution.usesNarrowOutput(g) ? "stacked taps" : "im2col"
            var comparison = ""
            if g.usesWinograd {
                let i = measure(g, threads: threads, forceIm2col: true)
                comparison = "\(rate(flops, i.forward)) / \(rate(flops, i.input)) / \(rate(flops, i.weight))"
            }
            func cell(_ seconds: Double) -> String { "\(rate(flops, seconds)) (\(String(format: "%.1f", seconds * 1e3)))" }
            emit("| \(layer.name) | \(algorithm) | \(String(format: "%.2f", flops / 1e9)) | \(cell(t.forward)) | \(cell(t.input)) | \(cell(t.weight)) | \(comparison) |")
            let passes = t.forward + t.weight + (layer.needsInputGradient ? t.input : 0)
            stepSeconds += Double(layer.countPerStep) * passes
            stepFlops += Double(layer.countPerStep) * flops * (layer.needsInputGradient ? 3 : 2)
        }
        if estimateStep {
            emit(String(format: "\nAll conv work of one HGN step, %d thread(s): %.0f GFLOP direct-equivalent in %.2f s (%.0f effective GFLOP/s)",
                         threads, stepFlops / 1e9, stepSeconds, stepFlops / stepSeconds / 1e9))
        }
    }
}

defer {
    if uncleanMeasurements > 0 {
        emit("\nwarning: \(uncleanMeasurements) wall-clock measurements (marked *) never got a sample free of other "
              + "processes' load")
    }
}

switch mode {
case "gemm", "narrow": benchmarkGEMM()
case "interference":
    // Does a multi-threaded BLAS call outside a region (OpenBLAS' workers then spin for a while) slow the next
    // region down? Times a decoder 16x16 forward alone, and right after a 2-thread 512^3 sgemm.
    let g = hgnLayers[8].geometry
    let x = randomBuffer(g.batch * g.height * g.width * g.inChannels, seed: 1), w = randomBuffer(g.weightCount, seed: 2)
    let y = randomBuffer(g.outputPixelCount * g.outChannels, seed: 3)
    let a = randomBuffer(512 * 512, seed: 4), c = randomBuffer(512 * 512, seed: 5)
    ComputeThreads.setCount(2)
    openblas_set_num_threads(2)
    func blas() { cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 512, 512, 512, 1, a, 512, a, 512, 0, c, 512) }
    let blasAlone = bestTime { blas() }
    let convAlone = bestTime { FastConvolution.forward(g, input: x, weight: w, output: y) }
    let both = bestTime { blas(); FastConvolution.forward(g, input: x, weight: w, output: y) }
    openblas_set_num_threads(1)
    emit(String(format: "2 threads: sgemm 512^3 %.2f ms, conv %.2f ms, sgemm then conv %.2f ms (sum %.2f)",
                 blasAlone * 1e3, convAlone * 1e3, both * 1e3, (blasAlone + convAlone) * 1e3))
case "blasdeterminism":
    // Is OpenBLAS' own multi-threaded sgemm bit-identical to its one-threaded one? (Matters for matmuls issued
    // outside a ComputeThreads region, where BLAS runs with `count` threads.)
    for (m, n, k) in [(1024, 64, 576), (4096, 64, 288), (512, 512, 512), (1000, 77, 333), (16, 600, 3000), (2048, 2048, 64)] {
        let a = randomBuffer(m * k, seed: 1), b = randomBuffer(k * n, seed: 2)
        var results: [[UInt32]] = []
        for threads in [1, 2] {
            _ = ComputeThreads.count
            openblas_set_num_threads(Int32(threads))
            defer { openblas_set_num_threads(1) }
            let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b,
                        Int32(n), 0, c, Int32(n))
            results.append((0..<(m * n)).map { c[$0].bitPattern })
            c.deallocate()
        }
        let differing = zip(results[0], results[1]).filter { $0 != $1 }.count
        emit("M=\(m) N=\(n) K=\(k): \(differing) of \(m * n) elements differ between 1 and 2 OpenBLAS threads")
    }
case "layer":
    // kernelbench layer INDEX: one HGN layer only (for profiling).
    let index = arguments.count > 1 ? Int(arguments[1]) ?? 0 : 0
    let layer = hgnLayers[index]
    for threads in threadCounts {
        let t = measure(layer.geometry, threads: threads)
        let flops = Double(layer.geometry.directFlops)
        emit("\(layer.name), \(threads) thread(s): forward \(rate(flops, t.forward)), input \(rate(flops, t.input)), weight \(rate(flops, t.weight)) effective GFLOP/s")
    }
case "conv", "step": benchmarkConvolutions(estimateStep: true)
default:
    benchmarkGEMM()
    benchmarkConvolutions(estimateStep: true)
}
