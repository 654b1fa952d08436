import Foundation
import Testing
import Tensor

/// One HGN training step at the reference sizes (batch 16, 34 frames of 32x32 RGB, 5 inference frames, 29 leapfrog
/// steps, 30 decoded frames), built from the engine's public API the way the Models module will build it: encoder
/// (8 convs), transformer (3 stride-2 convs), Hamiltonian network (softplus convs on 4x4 maps, differentiated inside
/// the integrator with createGraph), decoder (3 upsampling residual blocks) and an MSE + KL loss, then Adam.
/// Opt-in: `HGN_STEP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter HGNStepBenchmark`
/// (`HGN_BATCH` overrides the batch size).
@Suite("HGN training step benchmark (opt-in)",
       .enabled(if: ProcessInfo.processInfo.environment["HGN_STEP_BENCHMARK"] != nil))
struct HGNStepBenchmark {
    struct Conv {
        let weight: Parameter, bias: Parameter
        let stride: Int, padding: Conv2DPadding

        init(_ scope: ParameterScope, _ kernel: Int, _ inChannels: Int, _ outChannels: Int, stride: Int = 1,
             padding: Conv2DPadding = .same, generator: inout SeededRandomGenerator) {
            weight = scope.makeParameter("weight", shape: [kernel, kernel, inChannels, outChannels],
                                         initializer: .heUniform, using: &generator)
            bias = scope.makeParameter("bias", shape: [outChannels], initializer: .zeros, using: &generator)
            self.stride = stride
            self.padding = padding
        }

        func callAsFunction(_ x: Tensor) -> Tensor {
            x.conv2D(weight.value, stride: stride, padding: padding) + bias.value
        }
    }

    struct Model {
        let parameters = ParameterCollection()
        var encoder: [Conv] = [], transformer: [Conv] = [], hamiltonian: [Conv] = []
        var decoderInput: Conv, decoderBlocks: [(Conv, Conv)] = [], decoderOutput: Conv

        init(seed: UInt64) {
            var g = SeededRandomGenerator(seed: seed)
            let e = parameters.scope("encoder"), t = parameters.scope("transformer")
            let h = parameters.scope("hamiltonian"), d = parameters.scope("decoder")
            let encoderChannels = [15, 32, 64, 64, 64, 64, 64, 64, 48]
            for i in 0..<8 {
                encoder.append(Conv(e.scope("conv\(i)"), 3, encoderChannels[i], encoderChannels[i + 1], generator: &g))
            }
            let transformerChannels = [24, 64, 64, 32]
            for i in 0..<3 {
                transformer.append(Conv(t.scope("conv\(i)"), 3, transformerChannels[i], transformerChannels[i + 1],
                                        stride: 2, generator: &g))
            }
            hamiltonian = [
                Conv(h.scope("conv0"), 3, 32, 32, generator: &g),
                Conv(h.scope("conv1"), 2, 32, 64, stride: 2, padding: .valid, generator: &g),
                Conv(h.scope("conv2"), 2, 64, 64, generator: &g),
                Conv(h.scope("conv3"), 2, 64, 64, generator: &g),
                Conv(h.scope("conv4"), 2, 64, 1, stride: 2, padding: .valid, generator: &g),
            ]
            decoderInput = Conv(d.scope("input"), 3, 16, 64, generator: &g)
            for i in 0..<3 {
                decoderBlocks.append((Conv(d.scope("block\(i)").scope("conv0"), 3, 64, 64, generator: &g),
                                      Conv(d.scope("block\(i)").scope("conv1"), 3, 64, 64, generator: &g)))
            }
            decoderOutput = Conv(d.scope("output"), 3, 64, 3, generator: &g)
        }

        func energy(_ q: Tensor, _ p: Tensor) -> Tensor {
            var x = Tensor.concatenate([q, p], alongAxis: 3)
            for (i, layer) in hamiltonian.enumerated() {
                x = layer(x)
                if i < hamiltonian.count - 1 { x = x.softplus() }
            }
            return x.sum()
        }

        func field(_ q: Tensor, _ p: Tensor) -> (dq: Tensor, dp: Tensor) {
            let d = valueWithPartialDerivatives(at: [q, p], createGraph: true) { energy($0[0], $0[1]) }.derivatives
            return (d[1], -d[0])
        }

        func decode(_ q: Tensor) -> Tensor {
            var x = decoderInput(q).leakyRelu(slope: 0.2)
            for (first, second) in decoderBlocks {
                let up = x.upsampledNearest()
                x = second(first(up).leakyRelu(slope: 0.2)).leakyRelu(slope: 0.2) + up
            }
            return decoderOutput(x).sigmoid()
        }

        /// Returns the loss for `frames` [batch, 34, 32, 32, 3].
        func loss(_ frames: Tensor, generator: inout SeededRandomGenerator) -> Tensor {
            let batch = frames.shape[0], steps = 29, dt = 0.125
            let input = frames.slice(alongAxis: 1, range: 0..<5).permuted([0, 2, 3, 1, 4]).reshaped(to: [batch, 32, 32, 15])
            var x = input
            for layer in encoder.dropLast() { x = layer(x).relu() }
            let posterior = encoder[encoder.count - 1](x).split(sizes: [24, 24], alongAxis: 3)
            let z = Tensor.gaussianSample(mean: posterior[0], logVariance: posterior[1], using: &generator)
            var s = z
            for (i, layer) in transformer.enumerated() { s = i < 2 ? layer(s).relu() : layer(s) }
            let state = s.split(sizes: [16, 16], alongAxis: 3)
            var q = state[0], p = state[1]
            var positions = [q]
            for _ in 0..<steps {
                p = p + field(q, p).dp * (dt / 2)
                q = q + field(q, p).dq * dt
                p = p + field(q, p).dp * (dt / 2)
                positions.append(q)
            }
            let decoded = decode(Tensor.stack(positions, alongAxis: 1).reshaped(to: [batch * (steps + 1), 4, 4, 16]))
            let targets = frames.slice(alongAxis: 1, range: 4..<34).reshaped(to: [batch * (steps + 1), 32, 32, 3])
            let reconstruction = (decoded - targets).squared().sum() * (1 / Double(batch))
            let kl = Tensor.standardNormalKLDivergence(mean: posterior[0], logVariance: posterior[1])
            return reconstruction + kl * 1e-3
        }
    }

    @Test("forward + backward + Adam")
    func trainingStep() {
        let batch = Int(ProcessInfo.processInfo.environment["HGN_BATCH"] ?? "") ?? 16
        let model = Model(seed: 1)
        let adam = Adam(parameters: model.parameters, learningRate: 1.5e-4)
        var generator = SeededRandomGenerator(seed: 2)
        let frames = Tensor.randomUniform(shape: [batch, 34, 32, 32, 3], using: &generator)
        print("HGN step, batch \(batch), \(model.parameters.scalarCount) parameters")
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        for step in 0..<3 {
            var loss = Tensor(0.0)
            let forward = clock.measure { loss = model.loss(frames, generator: &generator) }
            var grads: [Tensor] = []
            let backward = clock.measure { grads = gradients(of: loss, wrt: model.parameters.values) }
            let update = clock.measure { adam.update(with: grads) }
            print(String(format: "step %d: loss %.4f  forward %.3f s  backward %.3f s  adam %.4f s  total %.3f s",
                         step, loss.scalarValue, seconds(forward), seconds(backward), seconds(update),
                         seconds(forward + backward + update)))
        }
        print("buffer cache:", TensorMemory.statistics)
    }
}
