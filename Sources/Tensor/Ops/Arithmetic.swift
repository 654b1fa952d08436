// Addition, subtraction, multiplication and division with NumPy broadcasting: shapes are aligned on the right and
// each pair of sizes must be equal or contain a 1 (so `[batch, h, w, c] + [c]` adds a bias to every pixel).
// The gradient of a broadcast input is the upstream gradient summed back to that input's shape.

extension Tensor {
    /// Elementwise sum with broadcasting. O(n) in the result's size.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(.add, lhs, rhs) }
    /// Elementwise difference with broadcasting. O(n).
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(.subtract, lhs, rhs) }
    /// Elementwise product with broadcasting. O(n).
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(.multiply, lhs, rhs) }
    /// Elementwise quotient with broadcasting. O(n).
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(.divide, lhs, rhs) }

    /// Adds a constant to every element.
    public static func + (lhs: Tensor, rhs: Double) -> Tensor { lhs + Tensor(rhs, dtype: lhs.dtype) }
    /// Adds a constant to every element.
    public static func + (lhs: Double, rhs: Tensor) -> Tensor { Tensor(lhs, dtype: rhs.dtype) + rhs }
    /// Subtracts a constant from every element.
    public static func - (lhs: Tensor, rhs: Double) -> Tensor { lhs - Tensor(rhs, dtype: lhs.dtype) }
    /// Subtracts every element from a constant.
    public static func - (lhs: Double, rhs: Tensor) -> Tensor { Tensor(lhs, dtype: rhs.dtype) - rhs }
    /// Multiplies every element by a constant.
    public static func * (lhs: Tensor, rhs: Double) -> Tensor { lhs * Tensor(rhs, dtype: lhs.dtype) }
    /// Multiplies every element by a constant.
    public static func * (lhs: Double, rhs: Tensor) -> Tensor { Tensor(lhs, dtype: rhs.dtype) * rhs }
    /// Divides every element by a constant.
    public static func / (lhs: Tensor, rhs: Double) -> Tensor { lhs * Tensor(1 / rhs, dtype: lhs.dtype) }
    /// Divides a constant by every element.
    public static func / (lhs: Double, rhs: Tensor) -> Tensor { Tensor(lhs, dtype: rhs.dtype) / rhs }

    /// Elementwise negation. O(n).
    public static prefix func - (operand: Tensor) -> Tensor {
        let storage = ElementwiseKernels.apply(.negate, to: operand.storage)
        return record("negate", shape: operand.shape, storage: storage, inputs: [operand]) { context in
            [-context.upstream]
        }
    }

    private static func broadcasting(_ operation: BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.dtype == b.dtype, "cannot combine \(a.dtype) and \(b.dtype) tensors: convert one first")
        guard let shape = Shape.broadcast(a.shape, b.shape) else {
            preconditionFailure("shapes \(a.shape) and \(b.shape) do not broadcast (sizes must match or be 1)")
        }
        let storage = ElementwiseKernels.apply(operation, a, b, shape: shape)
        let shapeA = a.shape, shapeB = b.shape
        switch operation {
        case .add:
            return record("add", shape: shape, storage: storage, inputs: [a, b]) { context in
                let g = context.upstream
                return [
                    context.needsGradient[0] ? g.summed(toShape: shapeA) : nil,
                    context.needsGradient[1] ? g.summed(toShape: shapeB) : nil,
                ]
            }
        case .subtract:
            return record("subtract", shape: shape, storage: storage, inputs: [a, b]) { context in
                let g = context.upstream
                return [
                    context.needsGradient[0] ? g.summed(toShape: shapeA) : nil,
                    context.needsGradient[1] ? (-g).summed(toShape: shapeB) : nil,
                ]
            }
        case .multiply:
            return record("multiply", shape: shape, storage: storage, inputs: [a, b], saving: [a, b]) { context in
                let g = context.upstream, a = context.saved[0], b = context.saved[1]
                return [
                    context.needsGradient[0] ? (g * b).summed(toShape: shapeA) : nil,
                    context.needsGradient[1] ? (g * a).summed(toShape: shapeB) : nil,
                ]
            }
        case .divide:
            return record("divide", shape: shape, storage: storage, inputs: [a, b], saving: [a, b]) { context in
                let g = context.upstream, a = context.saved[0], b = context.saved[1]
                return [
                    context.needsGradient[0] ? (g / b).summed(toShape: shapeA) : nil,
                    context.needsGradient[1] ? (-(g * a) / (b * b)).summed(toShape: shapeB) : nil,
                ]
            }
        }
    }
}
