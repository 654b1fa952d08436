import Foundation
import Models
import SeededRandom
import Tensor

/// `hgnbench speed --breakdown`: where one HGN training step spends its time, by part of the model.
///
/// The step is the one ``SpeedBenchmark`` times, rebuilt from HGN's public stages so that each can be timed:
/// forward through the encoder (posterior), the sample and transformer (initial state), the integrator, the decoder
/// and the loss; backward in two passes, first from the loss to the decoder's parameters and to the decoded
/// positions, then from the positions (through `Σ⟨q, ∂L/∂q⟩ + KL`) to every other parameter, through the
/// integrator's double backward; then Adam. The two backward passes add the same terms as one, in another order.
public enum SpeedBreakdown {
    /// Phase names, in the order of a step.
    public static let phases = [
        "encoder", "transformer", "integrator", "decoder", "loss", "backward: decoder + loss",
        "backward: integrator + transformer + encoder", "optimizer",
    ]

    /// Wall seconds, process CPU seconds (all threads) and flops of each phase, in the order of ``phases``.
    public struct Timing {
        var seconds: [Double]
        var cpuSeconds: [Double]
        var flops: [Int]
    }

    /// One training step, timed by phase.
    public static func step(
        _ model: HamiltonianGenerativeNetwork, _ optimizer: Adam, _ frames: Tensor,
        _ generator: inout SeededGenerator
    ) -> Timing {
        let clock = ContinuousClock()
        var timing = Timing(seconds: [], cpuSeconds: [], flops: [])
        var mark = (time: clock.now, cpu: SpeedMachine.processCPUSeconds(), flops: FlopCounter.total)
        func lap() {
            let now = (time: clock.now, cpu: SpeedMachine.processCPUSeconds(), flops: FlopCounter.total)
            timing.seconds.append((now.time - mark.time).seconds)
            timing.cpuSeconds.append(now.cpu - mark.cpu)
            timing.flops.append(now.flops - mark.flops)
            mark = now
        }
        let configuration = model.configuration
        let k = configuration.inputFrames, count = frames.shape[1]
        let parameters = model.parameters.parameters
        let isDecoder = parameters.map { $0.name.hasPrefix("decoder.") }
        let parameterGradients = { () -> [Tensor] in
            let posterior = model.posterior(of: frames.slice(alongAxis: 1, range: 0..<k))
            lap()
            let initial = model.initialState(from: posterior.sample(using: &generator))
            lap()
            let states = model.integrate(
                from: initial, steps: count - k, timeStep: configuration.timeStep,
                createGraph: true)
            lap()
            // The decoder reads the positions as new leaves, so that its backward pass stops at them.
            let positions = states.map { $0.q.detached().requiringGradient() }
            let prediction = model.decode(positions.map { PhaseState(q: $0, p: $0) })
            lap()
            let target = frames.slice(alongAxis: 1, range: (k - 1)..<count)
            let kl = configuration.isVariational ? posterior.klDivergence() : Tensor(0)
            let loss = ReconstructionLoss.frameMeanSquaredError(prediction: prediction, target: target) + kl
            _ = loss.scalarValue
            lap()
            let decoderParameters = zip(parameters, isDecoder).filter(\.1).map(\.0.value)
            let upstreamParameters = zip(parameters, isDecoder).filter { !$0.1 }.map(\.0.value)
            let first = gradients(of: loss, wrt: decoderParameters + positions)
            lap()
            // Σ⟨q, ∂L/∂q⟩ + KL has the loss' gradient with respect to everything upstream of the positions.
            let seed = zip(states, first.suffix(positions.count)).map { ($0.q * $1).sum() }.reduce(kl, +)
            let second = gradients(of: seed, wrt: upstreamParameters)
            var decoderGradients = first.prefix(decoderParameters.count).makeIterator()
            var upstreamGradients = second.makeIterator()
            return isDecoder.compactMap { $0 ? decoderGradients.next() : upstreamGradients.next() }
        }()
        lap()
        optimizer.update(with: parameterGradients)
        lap()
        return timing
    }

    /// The median seconds of each phase, by name.
    public static func medians(_ timings: [Timing]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(phases, medianSeconds(timings)))
    }

    private static func medianSeconds(_ timings: [Timing], cpu: Bool = false) -> [Double] {
        phases.indices.map { index in
            let sorted = timings.map { cpu ? $0.cpuSeconds[index] : $0.seconds[index] }.sorted()
            return sorted[sorted.count / 2]
        }
    }

    /// A table of the median wall and CPU seconds and the share of each phase over `timings`, with its GFLOP/s.
    public static func table(_ timings: [Timing]) -> String {
        let medians = medianSeconds(timings), cpu = medianSeconds(timings, cpu: true)
        let total = medians.reduce(0, +), totalCPU = cpu.reduce(0, +)
        let flops = timings[timings.count - 1].flops.map(Double.init)
        var lines = [
            "| phase | wall s (median) | share | CPU s, all threads | share | GFLOP | GFLOP/s (wall) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        func row(_ name: String, _ seconds: Double, _ cpu: Double, _ flops: Double) -> String {
            String(
                format: "| %@ | %.3f | %.0f%% | %.3f | %.0f%% | %.1f | %@ |", name, seconds,
                100 * seconds / max(total, 1e-12), cpu, 100 * cpu / max(totalCPU, 1e-12), flops / 1e9,
                flops > 0 ? String(format: "%.0f", flops / seconds / 1e9) : "-")
        }
        for (index, name) in phases.enumerated() { lines.append(row(name, medians[index], cpu[index], flops[index])) }
        lines.append(row("total", total, totalCPU, flops.reduce(0, +)))
        return lines.joined(separator: "\n")
    }
}
