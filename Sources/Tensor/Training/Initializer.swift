/// How a parameter's first value is drawn. All random draws come from the generator passed in.
///
/// Fans follow the layout conventions: a dense weight `[in, out]` has fan-in `in` and fan-out `out`; a convolution
/// weight `[kh, kw, in, out]` has fan-in `kh·kw·in` and fan-out `kh·kw·out`; a vector of size n has both equal to n.
public enum Initializer: Hashable, Sendable {
    /// All zeros (biases).
    case zeros
    /// Every element equal to the value.
    case constant(Double)
    /// Uniform in `±√(6 / (fanIn + fanOut))` (Glorot & Bengio 2010).
    case glorotUniform
    /// Normal with standard deviation `√(2 / (fanIn + fanOut))` (not truncated).
    case glorotNormal
    /// Uniform in `±√(6 / fanIn)` (He et al. 2015; for ReLU layers).
    case heUniform
    /// Normal with standard deviation `√(2 / fanIn)` (not truncated).
    case heNormal
    /// Uniform in `±limit`.
    case uniform(limit: Double)
    /// Normal with the given standard deviation.
    case normal(standardDeviation: Double)
    /// A random orthogonal matrix times `gain` (Saxe et al. 2014; what PyTorch's `orthogonal_` draws, and how the HNN
    /// paper initialises every weight). The weight is viewed as a matrix of `rows` = the product of all dimensions but
    /// the last (a dense `[in, out]` is `in x out`) and `columns` = the last dimension; a rank-0 or rank-1 shape is one
    /// row. When `rows >= columns` the columns are orthonormal (`Wᵀ W = gain² I`), otherwise the rows are
    /// (`W Wᵀ = gain² I`).
    ///
    /// The matrix is `Q` of the QR factorisation of a standard normal matrix, with each column of `Q` multiplied by the
    /// sign of the matching diagonal entry of `R`: that makes `Q` uniformly (Haar) distributed over the orthogonal
    /// matrices. The factorisation is a Householder QR written here in Float64 (O(rows · columns · min(rows, columns))),
    /// because the C shims expose BLAS but no LAPACK; it runs once per weight at construction, deterministically.
    case orthogonal(gain: Double)

    /// Fan-in and fan-out of a weight of this shape (see the type's documentation).
    public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        default:
            let receptiveField = shape.dropLast(2).reduce(1, *)
            return (receptiveField * shape[shape.count - 2], receptiveField * shape[shape.count - 1])
        }
    }

    /// A new tensor of `shape` drawn from this distribution. O(n).
    public func makeTensor<G: RandomNumberGenerator>(
        shape: [Int], dtype: DType = .float32, using generator: inout G
    )
        -> Tensor
    {
        let (fanIn, fanOut) = Self.fans(of: shape)
        switch self {
        case .zeros:
            return Tensor(zeros: shape, dtype: dtype)
        case .constant(let value):
            return Tensor(repeating: value, shape: shape, dtype: dtype)
        case .glorotUniform:
            return Self.uniform(shape, limit: (6 / Double(max(fanIn + fanOut, 1))).squareRoot(), dtype, &generator)
        case .glorotNormal:
            return Tensor.randomNormal(
                shape: shape, standardDeviation: (2 / Double(max(fanIn + fanOut, 1))).squareRoot(),
                dtype: dtype, using: &generator)
        case .heUniform:
            return Self.uniform(shape, limit: (6 / Double(max(fanIn, 1))).squareRoot(), dtype, &generator)
        case .heNormal:
            return Tensor.randomNormal(
                shape: shape, standardDeviation: (2 / Double(max(fanIn, 1))).squareRoot(),
                dtype: dtype, using: &generator)
        case .uniform(let limit):
            return Self.uniform(shape, limit: limit, dtype, &generator)
        case .normal(let standardDeviation):
            return Tensor.randomNormal(
                shape: shape, standardDeviation: standardDeviation, dtype: dtype, using: &generator)
        case .orthogonal(let gain):
            let columns = shape.last ?? 1, rows = Shape.elementCount(shape) / max(columns, 1)
            return Tensor(
                Self.orthogonalMatrix(rows: rows, columns: columns, gain: gain, using: &generator),
                shape: shape, dtype: dtype)
        }
    }

    /// A `rows x columns` matrix, row-major, with orthonormal columns (`rows >= columns`) or rows, times `gain`.
    static func orthogonalMatrix<G: RandomNumberGenerator>(
        rows: Int, columns: Int, gain: Double,
        using generator: inout G
    ) -> [Double] {
        guard rows > 0, columns > 0 else { return [] }
        let tall = max(rows, columns), narrow = min(rows, columns)
        // A tall x narrow standard normal matrix, column-major (column j is a[j * tall ..< (j + 1) * tall]).
        var a = Tensor.randomNormal(shape: [tall * narrow], dtype: .float64, using: &generator).scalars(as: Double.self)
        var q = [Double](repeating: 0, count: tall * narrow)
        var signs = [Double](repeating: 1, count: narrow)
        var reflectors = [[Double]](repeating: [], count: narrow)
        a.withUnsafeMutableBufferPointer { a in
            // Householder QR: reflector k maps column k's entries k... onto alpha e_k, alpha = -sign(x₀) ‖x‖.
            for k in 0..<narrow {
                let column = k * tall
                var norm = 0.0
                for i in k..<tall { norm += a[column + i] * a[column + i] }
                norm = norm.squareRoot()
                let alpha = a[column + k] >= 0 ? -norm : norm
                var v = [Double](repeating: 0, count: tall - k)
                for i in k..<tall { v[i - k] = a[column + i] }
                v[0] -= alpha
                let scale = v.reduce(0) { $0 + $1 * $1 }
                signs[k] = alpha < 0 ? -1 : 1  // R's diagonal entry is alpha
                guard scale > 0 else { continue }
                for j in (k + 1)..<narrow {
                    let other = j * tall
                    var dot = 0.0
                    for i in k..<tall { dot += v[i - k] * a[other + i] }
                    let factor = 2 * dot / scale
                    for i in k..<tall { a[other + i] -= factor * v[i - k] }
                }
                for i in v.indices { v[i] *= (2 / scale).squareRoot() }  // H = I − v vᵀ from here on
                reflectors[k] = v
            }
        }
        q.withUnsafeMutableBufferPointer { q in
            // Q's first `narrow` columns: H₀ H₁ … applied to the identity's columns, last reflector first. Column j is
            // untouched by reflectors k > j (its entries below row j are zero), so only columns j >= k are updated.
            for j in 0..<narrow { q[j * tall + j] = 1 }
            for k in stride(from: narrow - 1, through: 0, by: -1) where !reflectors[k].isEmpty {
                reflectors[k].withUnsafeBufferPointer { v in
                    for j in k..<narrow {
                        let column = j * tall
                        var dot = 0.0
                        for i in k..<tall { dot += v[i - k] * q[column + i] }
                        for i in k..<tall { q[column + i] -= dot * v[i - k] }
                    }
                }
            }
        }
        // Row-major rows x columns: W = Q when tall (rows >= columns), Qᵀ otherwise; column j of Q times sign(R_jj).
        var w = [Double](repeating: 0, count: rows * columns)
        for j in 0..<narrow {
            for i in 0..<tall {
                let value = gain * signs[j] * q[j * tall + i]
                if rows >= columns { w[i * columns + j] = value } else { w[j * columns + i] = value }
            }
        }
        return w
    }

    private static func uniform<G: RandomNumberGenerator>(
        _ shape: [Int], limit: Double, _ dtype: DType,
        _ generator: inout G
    ) -> Tensor {
        Tensor.randomUniform(shape: shape, lowerBound: -limit, upperBound: limit, dtype: dtype, using: &generator)
    }
}
