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
    public func makeTensor<G: RandomNumberGenerator>(shape: [Int], dtype: DType = .float32, using generator: inout G)
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
            return Tensor.randomNormal(shape: shape, standardDeviation: (2 / Double(max(fanIn + fanOut, 1))).squareRoot(),
                                       dtype: dtype, using: &generator)
        case .heUniform:
            return Self.uniform(shape, limit: (6 / Double(max(fanIn, 1))).squareRoot(), dtype, &generator)
        case .heNormal:
            return Tensor.randomNormal(shape: shape, standardDeviation: (2 / Double(max(fanIn, 1))).squareRoot(),
                                       dtype: dtype, using: &generator)
        case .uniform(let limit):
            return Self.uniform(shape, limit: limit, dtype, &generator)
        case .normal(let standardDeviation):
            return Tensor.randomNormal(shape: shape, standardDeviation: standardDeviation, dtype: dtype, using: &generator)
        }
    }

    private static func uniform<G: RandomNumberGenerator>(_ shape: [Int], limit: Double, _ dtype: DType,
                                                          _ generator: inout G) -> Tensor {
        Tensor.randomUniform(shape: shape, lowerBound: -limit, upperBound: limit, dtype: dtype, using: &generator)
    }
}
