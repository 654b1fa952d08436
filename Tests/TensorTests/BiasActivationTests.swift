import SeededRandom
import Testing

@testable import Tensor

/// The fused `conv2D(_:bias:activation:)` is `(conv + bias).activation()`, bit for bit, in values, gradients and
/// second derivatives.
@Suite("Fused convolution bias and activation")
struct BiasActivationTests {
    static let activations: [Activation] = [
        .identity, .relu, .leakyRelu(slope: 0.2), .elu(alpha: 0.7), .sigmoid, .tanh,
    ]

    /// The separate ops the fused one replaces.
    static func unfused(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ activation: Activation, stride: Int) -> Tensor {
        let z = x.conv2D(w, stride: stride, padding: .same) + b
        switch activation {
        case .identity: return z
        case .relu: return z.relu()
        case .leakyRelu(let slope): return z.leakyRelu(slope: slope)
        case .elu(let alpha): return z.elu(alpha: alpha)
        case .sigmoid: return z.sigmoid()
        case .tanh: return z.tanh()
        }
    }

    static func bits(_ tensors: [Tensor]) -> [[UInt64]] {
        tensors.map { $0.scalars(as: Double.self).map(\.bitPattern) }
    }

    @Test("values and first-order gradients equal the separate ops", arguments: activations, [DType.float32, .float64])
    func firstOrder(_ activation: Activation, _ dtype: DType) {
        var generator = SeededGenerator(seed: 3)
        // 4 x 9 x 9 x 16 -> 16 channels: several chunks of rows, Winograd in Float32.
        let x = Tensor.randomNormal(shape: [4, 9, 9, 16], dtype: dtype, using: &generator).requiringGradient()
        let w = Tensor.randomNormal(shape: [3, 3, 16, 16], standardDeviation: 0.2, dtype: dtype, using: &generator)
            .requiringGradient()
        let b = Tensor.randomNormal(shape: [16], dtype: dtype, using: &generator).requiringGradient()
        let target = Tensor.randomNormal(shape: [4, 9, 9, 16], dtype: dtype, using: &generator)
        for stride in [1, 2] {
            let fused = x.conv2D(w, bias: b, activation: activation, stride: stride, padding: .same)
            let separate = Self.unfused(x, w, b, activation, stride: stride)
            #expect(Self.bits([fused]) == Self.bits([separate]), "\(activation) stride \(stride): values")
            let seed = target.slice(alongAxis: 1, range: 0..<fused.shape[1]).slice(
                alongAxis: 2, range: 0..<fused.shape[2])
            let fusedGradients = gradients(of: (fused * seed).sum(), wrt: [x, w, b])
            let separateGradients = gradients(of: (separate * seed).sum(), wrt: [x, w, b])
            #expect(
                Self.bits(fusedGradients) == Self.bits(separateGradients), "\(activation) stride \(stride): gradients")
        }
    }

    @Test("second derivatives (a loss on the input gradient) equal the separate ops", arguments: activations)
    func secondOrder(_ activation: Activation) {
        var generator = SeededGenerator(seed: 4)
        let x = Tensor.randomNormal(shape: [2, 5, 5, 3], dtype: .float64, using: &generator).requiringGradient()
        let w = Tensor.randomNormal(shape: [3, 3, 3, 4], standardDeviation: 0.3, dtype: .float64, using: &generator)
            .requiringGradient()
        let b = Tensor.randomNormal(shape: [4], dtype: .float64, using: &generator).requiringGradient()
        func secondOrderGradients(_ y: (Tensor) -> Tensor) -> [Tensor] {
            let dx = gradient(of: y(x).squared().sum(), wrt: x, createGraph: true)
            return gradients(of: dx.squared().sum(), wrt: [w, b])
        }
        let fused = secondOrderGradients { $0.conv2D(w, bias: b, activation: activation, padding: .same) }
        let separate = secondOrderGradients { Self.unfused($0, w, b, activation, stride: 1) }
        #expect(Self.bits(fused) == Self.bits(separate))
    }

    @Test("the convolution's own output is overwritten only when nothing else holds it")
    func inPlaceOnlyWhenUnique() {
        var generator = SeededGenerator(seed: 5)
        let z = Tensor.randomNormal(shape: [2, 4, 4, 3], using: &generator)
        let b = Tensor.randomNormal(shape: [3], using: &generator)
        let before = z.scalars(as: Float.self)
        let y = Tensor.addingBiasInPlace(z, b, .relu)
        #expect(z.scalars(as: Float.self) == before)
        #expect(y.scalars(as: Float.self) == (z + b).relu().scalars(as: Float.self))
    }
}
