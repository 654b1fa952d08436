import SeededRandom
import Testing

@testable import Tensor

@Suite("Tensor values: creation, layout, broadcasting, reductions, shape ops")
struct TensorBasicsTests {
    @Test("Creation, dtype and row-major reading")
    func creation() {
        let t = Tensor(shape: [2, 3], scalars: [Float](arrayLiteral: 1, 2, 3, 4, 5, 6))
        #expect(t.dtype == .float32 && t.rank == 2 && t.scalarCount == 6)
        #expect(t.scalars(as: Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(Tensor(zeros: [2, 2], dtype: .float64).scalars(as: Double.self) == [0, 0, 0, 0])
        #expect(Tensor(repeating: 2.5, shape: [3]).scalars(as: Float.self) == [2.5, 2.5, 2.5])
        #expect(Tensor(4.0).shape == [] && Tensor(4.0).scalarValue == 4)
        let filled = Tensor(shape: [4]) { (buffer: UnsafeMutableBufferPointer<Double>) in
            for i in buffer.indices { buffer[i] = Double(i * i) }
        }
        #expect(filled.scalars(as: Double.self) == [0, 1, 4, 9] && filled.dtype == .float64)
    }

    @Test("Pixels map to [0, 1]; dtype conversion rounds to single precision")
    func conversions() {
        let pixels = Tensor(shape: [1, 3], normalizedPixels: [0, 51, 255])
        #expect(pixels.dtype == .float32 && pixels.scalars(as: Float.self) == [0, 0.2, 1])
        let third = Tensor(shape: [1], scalars: [1.0 / 3])
        #expect(third.converted(to: .float32).scalars(as: Float.self) == [Float(1.0 / 3)])
        #expect(third.converted(to: .float64).scalars(as: Double.self) == [1.0 / 3])
        // The gradient crosses the conversion back into the source dtype.
        let x = Tensor(shape: [2], scalars: [Float](arrayLiteral: 1, 2)).requiringGradient()
        let weights = Tensor(shape: [2], scalars: [0.25, -3.0])
        let g = gradient(of: (x.converted(to: .float64) * weights).sum(), wrt: x)
        #expect(g.dtype == .float32 && g.scalars(as: Double.self) == [0.25, -3])
    }

    @Test("Broadcasting arithmetic: bias over pixels, column against row, scalar")
    func broadcastingValues() {
        let image = Tensor(shape: [1, 2, 2, 2], scalars: [1.0, 2, 3, 4, 5, 6, 7, 8])
        let bias = Tensor(shape: [2], scalars: [10.0, 20])
        #expect((image + bias).scalars(as: Double.self) == [11, 22, 13, 24, 15, 26, 17, 28])
        let column = Tensor(shape: [2, 1], scalars: [1.0, 2]), row = Tensor(shape: [3], scalars: [10.0, 20, 30])
        #expect((column * row).scalars(as: Double.self) == [10, 20, 30, 20, 40, 60])
        #expect((row - column).shape == [2, 3])
        #expect((2 / Tensor(shape: [2], scalars: [4.0, 8])).scalars(as: Double.self) == [0.5, 0.25])
        #expect((Tensor(shape: [2], scalars: [4.0, 8]) / 2).scalars(as: Double.self) == [2, 4])
    }

    @Test("Sums and means over axes")
    func reductions() {
        let t = Tensor(shape: [2, 3], scalars: [1.0, 2, 3, 4, 5, 6])
        #expect(t.sum().scalarValue == 21)
        #expect(t.sum(alongAxes: [0]).scalars(as: Double.self) == [5, 7, 9])
        #expect(t.sum(alongAxes: [1], keepingDimensions: true).shape == [2, 1])
        #expect(t.sum(alongAxes: [-1]).scalars(as: Double.self) == [6, 15])
        #expect(t.mean().scalarValue == 3.5)
        #expect(t.mean(alongAxes: [0]).scalars(as: Double.self) == [2.5, 3.5, 4.5])
        let cube = Tensor(shape: [2, 2, 2], scalars: [1.0, 2, 3, 4, 5, 6, 7, 8])
        #expect(cube.sum(alongAxes: [0, 2]).scalars(as: Double.self) == [14, 22])
        #expect(cube.summed(toShape: [2, 1]).scalars(as: Double.self) == [14, 22])
    }

    @Test("Reshape shares storage; permute, slice, concatenate, split and stack move the right elements")
    func shapeOps() {
        let t = Tensor(shape: [2, 3], scalars: [1.0, 2, 3, 4, 5, 6])
        #expect(t.reshaped(to: [3, 2]).scalars(as: Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(t.reshaped(to: [-1]).shape == [6])
        #expect(t.transposed().scalars(as: Double.self) == [1, 4, 2, 5, 3, 6])
        let cube = Tensor(shape: [2, 1, 3], scalars: [1.0, 2, 3, 4, 5, 6])
        #expect(cube.permuted([2, 0, 1]).shape == [3, 2, 1])
        #expect(cube.permuted([2, 0, 1]).scalars(as: Double.self) == [1, 4, 2, 5, 3, 6])
        #expect(t.slice(alongAxis: 1, range: 1..<3).scalars(as: Double.self) == [2, 3, 5, 6])
        #expect(t.sliced(starts: [1, 0], sizes: [1, 2]).scalars(as: Double.self) == [4, 5])
        let joined = Tensor.concatenate([t, Tensor(shape: [2, 1], scalars: [7.0, 8])], alongAxis: 1)
        #expect(joined.scalars(as: Double.self) == [1, 2, 3, 7, 4, 5, 6, 8])
        let parts = joined.split(sizes: [1, 3], alongAxis: 1)
        #expect(parts[0].scalars(as: Double.self) == [1, 4] && parts[1].shape == [2, 3])
        #expect(Tensor.stack([t, t * 10], alongAxis: 0).shape == [2, 2, 3])
        #expect(Tensor.stack([t, t * 10], alongAxis: 2).scalars(as: Double.self).prefix(4) == [1, 10, 2, 20])
        #expect(
            Tensor(shape: [2], scalars: [1.0, 2]).embedded(inShape: [4], at: [1]).scalars(as: Double.self) == [
                0, 1, 2, 0,
            ])
    }

    @Test("Nearest upsampling copies each pixel into a 2x2 block; block summation is its adjoint")
    func upsampling() {
        let image = Tensor(shape: [1, 1, 2, 1], scalars: [1.0, 2])
        let up = image.upsampledNearest()
        #expect(up.shape == [1, 2, 4, 1])
        #expect(up.scalars(as: Double.self) == [1, 1, 2, 2, 1, 1, 2, 2])
        #expect(up.blockSummed(scale: 2).scalars(as: Double.self) == [4, 8])
    }

    @Test("Matrix products against hand-computed values, all transpose flags")
    func matrixProducts() {
        let a = Tensor(shape: [2, 3], scalars: [1.0, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [1.0, 0, 0, 1, 1, 1])
        let expected: [Double] = [4, 5, 10, 11]
        #expect(a.matmul(b).scalars(as: Double.self) == expected)
        #expect(a.transposed().matmul(b, transposeSelf: true).scalars(as: Double.self) == expected)
        #expect(a.matmul(b.transposed(), transposeOther: true).scalars(as: Double.self) == expected)
        #expect(
            a.transposed().matmul(b.transposed(), transposeSelf: true, transposeOther: true)
                .scalars(as: Double.self) == expected)
        let single = Tensor(shape: [2, 3], scalars: a.scalars(as: Float.self))
            .matmul(Tensor(shape: [3, 2], scalars: b.scalars(as: Float.self)))
        #expect(single.scalars(as: Double.self) == expected)
    }

    @Test("Activations stay finite and accurate at extreme inputs (Float32)")
    func activationNumerics() {
        let x = Tensor(shape: [5], scalars: [Float](arrayLiteral: -200, -30, 0, 30, 200))
        let softplus = x.softplus().scalars(as: Double.self)
        #expect(softplus[0] == 0 && abs(softplus[1] - 9.357623e-14) < 1e-18 && abs(softplus[2] - 0.6931472) < 1e-6)
        #expect(softplus[3] == 30 && softplus[4] == 200)
        let sigmoid = x.sigmoid().scalars(as: Double.self)
        #expect(sigmoid[0] == 0 && sigmoid[2] == 0.5 && sigmoid[4] == 1)
        #expect(x.tanh().scalars(as: Double.self) == [-1, -1, 0, 1, 1])
        let g = gradient(of: x.requiringGradient().softplus().sum(), wrt: x.requiringGradient())
        #expect(g.scalars(as: Double.self).allSatisfy { $0.isFinite })
    }

    @Test("Float32 and Float64 paths agree on every elementwise function")
    func precisionsAgree() {
        var data = TestData(seed: 9)
        let x = data.uniform([64], 0.1...3)
        let single = Tensor(shape: [64], scalars: x.scalars(as: Float.self))
        let functions: [(String, (Tensor) -> Tensor)] = [
            ("exp", { $0.exp() }), ("log", { $0.log() }), ("sqrt", { $0.squareRoot() }), ("sigmoid", { $0.sigmoid() }),
            ("tanh", { $0.tanh() }), ("softplus", { $0.softplus() }), ("elu", { (-$0).elu() }),
            ("leakyRelu", { (-$0).leakyRelu(slope: 0.3) }), ("relu", { (1.5 - $0).relu() }),
        ]
        for (name, f) in functions {
            for (a, b) in zip(f(x).scalars(as: Double.self), f(single).scalars(as: Double.self)) {
                #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "\(name): \(a) vs \(b)")
            }
        }
    }

    @Test("Mutation copies shared storage first (copy-on-write)")
    func copyOnWrite() {
        let original = Tensor(shape: [2], scalars: [1.0, 2])
        var copy = original
        copy.withUnsafeMutableBufferPointer(as: Double.self) { $0[0] = 100 }
        #expect(original.scalars(as: Double.self) == [1, 2])
        #expect(copy.scalars(as: Double.self) == [100, 2])
    }

    @Test("Seeded random draws repeat exactly and have the right moments")
    func seededRandomness() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let x = Tensor.randomNormal(shape: [20_000], dtype: .float64, using: &a)
        #expect(
            x.scalars(as: Double.self)
                == Tensor.randomNormal(shape: [20_000], dtype: .float64, using: &b).scalars(as: Double.self))
        let mean = x.mean().scalarValue, variance = (x - mean).squared().mean().scalarValue
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.04)  // ~4 standard errors
        var c = SeededGenerator(seed: 43)
        #expect(
            Tensor.randomNormal(shape: [4], using: &c).scalars(as: Float.self)
                != Tensor.randomNormal(shape: [4], using: &a).scalars(as: Float.self))
        let u = Tensor.randomUniform(shape: [1000], lowerBound: -2, upperBound: 3, using: &c).scalars(as: Double.self)
        #expect(u.allSatisfy { $0 >= -2 && $0 < 3 })
    }

    @Test("Loss and posterior formulas on hand-computed values")
    func lossValues() {
        let prediction = Tensor(shape: [2], scalars: [1.0, 3]), target = Tensor(shape: [2], scalars: [0.0, 1])
        #expect(Tensor.meanSquaredError(prediction, target).scalarValue == 2.5)
        // KL(N(1, e^0) ‖ N(0, 1)) = ½ (1 + 1 − 1 − 0) = ½ per element; batch of 2 with 2 elements each: mean 1.
        let mean = Tensor(repeating: 1, shape: [2, 2], dtype: .float64)
        let kl = Tensor.standardNormalKLDivergence(mean: mean, logVariance: mean.zerosLike())
        #expect(kl.scalarValue == 1)
        let zeroKL = Tensor.standardNormalKLDivergence(mean: mean.zerosLike(), logVariance: mean.zerosLike())
        #expect(zeroKL.scalarValue == 0)
        let sample = Tensor.gaussianSample(
            mean: mean,
            logVariance: Tensor(
                repeating: 2 * 0.6931471805599453,
                shape: [2, 2], dtype: .float64),
            noise: Tensor(repeating: 1, shape: [2, 2], dtype: .float64))
        #expect(sample.scalars(as: Double.self).allSatisfy { abs($0 - 3) < 1e-12 })  // 1 + e^(ln 2)·1
    }
}
