import SeededRandom
import Testing

@testable import Tensor

/// ``Initializer/orthogonal(gain:)``: orthonormal columns (or rows) to rounding, the gain, the matrix view of
/// convolution shapes, reproducibility from the seed, and the sign correction that makes the draw uniform (Haar).
@Suite("Orthogonal initialiser")
struct OrthogonalInitializerTests {
    /// The largest |(Mᵀ M − gain² I)ᵢⱼ| (columns) or |(M Mᵀ − gain² I)ᵢⱼ| (rows) of a row-major `rows x columns` matrix.
    static func orthogonalityError(_ m: [Double], rows: Int, columns: Int, gain: Double = 1, ofColumns: Bool) -> Double
    {
        let (count, length) = ofColumns ? (columns, rows) : (rows, columns)
        func entry(_ vector: Int, _ index: Int) -> Double {
            ofColumns ? m[index * columns + vector] : m[vector * columns + index]
        }
        var worst = 0.0
        for a in 0..<count {
            for b in 0..<count {
                var dot = 0.0
                for i in 0..<length { dot += entry(a, i) * entry(b, i) }
                worst = max(worst, abs(dot - (a == b ? gain * gain : 0)))
            }
        }
        return worst
    }

    @Test(
        "a tall weight has orthonormal columns, Wᵀ W = I, to Float64 and to Float32 rounding",
        arguments: [(DType.float64, 1e-12), (.float32, 2e-6)])
    func tallColumnsOrthonormal(dtype: DType, tolerance: Double) {
        var generator = SeededGenerator(seed: 11)
        let w = Initializer.orthogonal(gain: 1).makeTensor(shape: [120, 40], dtype: dtype, using: &generator)
        #expect(w.shape == [120, 40] && w.dtype == dtype)
        let error = Self.orthogonalityError(w.scalars(as: Double.self), rows: 120, columns: 40, ofColumns: true)
        #expect(error < tolerance, "max |WᵀW − I| = \(error)")
    }

    @Test("a wide weight has orthonormal rows; a square one is orthogonal both ways; the gain scales it")
    func wideSquareAndGain() {
        var generator = SeededGenerator(seed: 12)
        let wide = Initializer.orthogonal(gain: 1).makeTensor(shape: [15, 64], dtype: .float64, using: &generator)
        #expect(Self.orthogonalityError(wide.scalars(as: Double.self), rows: 15, columns: 64, ofColumns: false) < 1e-12)
        let square = Initializer.orthogonal(gain: 1).makeTensor(shape: [33, 33], dtype: .float64, using: &generator)
            .scalars(as: Double.self)
        #expect(Self.orthogonalityError(square, rows: 33, columns: 33, ofColumns: true) < 1e-12)
        #expect(Self.orthogonalityError(square, rows: 33, columns: 33, ofColumns: false) < 1e-12)
        let scaled = Initializer.orthogonal(gain: 2.5).makeTensor(shape: [30, 10], dtype: .float64, using: &generator)
        #expect(
            Self.orthogonalityError(
                scaled.scalars(as: Double.self), rows: 30, columns: 10, gain: 2.5,
                ofColumns: true) < 1e-11)
    }

    @Test("a convolution weight [kh, kw, in, out] is the matrix (kh·kw·in) x out")
    func convolutionShape() {
        var generator = SeededGenerator(seed: 13)
        let w = Initializer.orthogonal(gain: 1).makeTensor(shape: [3, 3, 4, 8], dtype: .float64, using: &generator)
        #expect(Self.orthogonalityError(w.scalars(as: Double.self), rows: 36, columns: 8, ofColumns: true) < 1e-12)
        let vector = Initializer.orthogonal(gain: 1).makeTensor(shape: [5], dtype: .float64, using: &generator)
        let norm = vector.scalars(as: Double.self).reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-12, "a vector is one unit row")
    }

    @Test("the same seed gives the same bits; another seed another matrix")
    func reproducible() {
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5), c = SeededGenerator(seed: 6)
        let first = Initializer.orthogonal(gain: 1).makeTensor(shape: [64, 16], using: &a).scalars(as: Float.self)
        let again = Initializer.orthogonal(gain: 1).makeTensor(shape: [64, 16], using: &b).scalars(as: Float.self)
        let other = Initializer.orthogonal(gain: 1).makeTensor(shape: [64, 16], using: &c).scalars(as: Float.self)
        #expect(first.map(\.bitPattern) == again.map(\.bitPattern))
        #expect(first != other)
    }

    @Test("the sign correction makes the draw uniform: W₀₀ of 4x4 draws averages 0 (Householder alone makes it < 0)")
    func haarDiagonal() {
        var generator = SeededGenerator(seed: 21)
        let draws = 400
        var sum = 0.0, negatives = 0
        for _ in 0..<draws {
            let w00 = Initializer.orthogonal(gain: 1).makeTensor(shape: [4, 4], dtype: .float64, using: &generator)
                .scalars(as: Double.self)[0]
            sum += w00
            if w00 < 0 { negatives += 1 }
        }
        // Under the Haar measure W₀₀ has mean 0 and variance 1/4: the mean of 400 draws has standard error 0.025.
        #expect(abs(sum / Double(draws)) < 0.1, "mean W₀₀ \(sum / Double(draws))")
        #expect(negatives > 120 && negatives < 280, "\(negatives) of \(draws) negative")
    }
}
