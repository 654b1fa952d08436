/// A function applied to every element independently.
enum UnaryFunction: Hashable {
    case negate, exp, log, square, squareRoot
    case relu, tanh, sigmoid, softplus
    /// `x > 0 ? x : slope * x`.
    case leakyRelu(slope: Double)
    /// `x > 0 ? x : alpha * (exp(x) - 1)`.
    case elu(alpha: Double)
    /// `x > 0 ? 1 : negativeValue`: the (constant) derivative mask of the ReLU family.
    case positiveMask(negativeValue: Double)
}

/// The four arithmetic operations with NumPy broadcasting.
enum BinaryOperation: Hashable {
    case add, subtract, multiply, divide
}

/// Fused first-order derivatives of activations: `upstream * f'(·)` in one pass, used when the backward pass is
/// not recorded. Each case names the saved tensor it reads (the activation's input x or its output y).
enum ActivationDerivative: Hashable {
    /// `g * (y > 0 ? 1 : slope)` (ReLU is slope 0).
    case reluFamily(slope: Double)
    /// `g * (y > 0 ? 1 : y + alpha)`.
    case elu(alpha: Double)
    /// `g * y * (1 - y)`.
    case sigmoid
    /// `g * (1 - y * y)`.
    case tanh
    /// `g * sigmoid(x)`.
    case softplus
}

/// Elementwise kernels over contiguous storage. Each entry point switches on the dtype and on the function once,
/// then runs a tight loop the optimiser specialises and vectorises; large tensors are cut into ``ElementChunks``
/// that run on ``ComputeThreads``' workers (each element is computed alone, so the result is the same).
enum ElementwiseKernels {
    static func apply(_ function: UnaryFunction, to input: TensorStorage) -> TensorStorage {
        let result = TensorStorage(uninitializedCount: input.count, dtype: input.dtype)
        switch input.dtype {
        case .float32:
            input.withPointer(Float.self) { x in
                result.withPointer(Float.self) { y in
                    ElementChunks.forEach(count: input.count) {
                        map(function, x + $0.lowerBound, y + $0.lowerBound, $0.count)
                    }
                }
            }
        case .float64:
            input.withPointer(Double.self) { x in
                result.withPointer(Double.self) { y in
                    ElementChunks.forEach(count: input.count) {
                        map(function, x + $0.lowerBound, y + $0.lowerBound, $0.count)
                    }
                }
            }
        }
        return result
    }

    /// `y = f(y + bias)` in place, for `y` whose last axis has `channels` elements (the bias' length), in chunks of
    /// whole rows on ``ComputeThreads``' workers; the same arithmetic per element as the separate ops.
    static func addBiasAndActivate<T: KernelScalar>(
        _ y: UnsafeMutableBufferPointer<T>, bias: UnsafeBufferPointer<T>, channels: Int, _ function: UnaryFunction?
    ) {
        let rows = channels > 0 ? y.count / channels : 0
        guard let y = y.baseAddress, let bias = bias.baseAddress, rows > 0 else { return }
        let chunks = FastConvolution.Blocks(total: rows, blockSize: max(1, ElementChunks.elementsPerChunk / channels))
        ComputeThreads.parallelFor(chunks: chunks.count) { chunk in
            let range = chunks.range(chunk)
            biasActivationRows(function, y + range.lowerBound * channels, bias, rows: range.count, channels: channels)
        }
    }

    /// `f(y + bias)` over `rows` rows of `channels`, one pass, with `f` resolved once outside the loops.
    private static func biasActivationRows<T: KernelScalar>(
        _ function: UnaryFunction?, _ y: UnsafeMutablePointer<T>, _ bias: UnsafePointer<T>, rows: Int, channels: Int
    ) {
        @inline(__always)
        func each(_ f: (T) -> T) {
            for row in 0..<rows {
                let values = y + row * channels
                for j in 0..<channels { values[j] = f(values[j] + bias[j]) }
            }
        }
        guard let function else { return each { $0 } }
        switch function {
        case .relu: each { $0 > 0 ? $0 : 0 }
        case .tanh: each { T.tanh($0) }
        case .sigmoid: each { sigmoid($0) }
        case .leakyRelu(let slope):
            let s = T(slope)
            each { $0 > 0 ? $0 : s * $0 }
        case .elu(let alpha):
            let a = T(alpha)
            each { $0 > 0 ? $0 : a * (T.exp($0) - 1) }
        default:
            // Functions without a fused form (never requested by `Activation`): add, then apply.
            each { $0 }
            map(function, y, y, rows * channels)
        }
    }

    @inline(__always)
    private static func loop<T>(_ n: Int, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ f: (T) -> T) {
        for i in 0..<n { y[i] = f(x[i]) }
    }

    private static func map<T: KernelScalar>(
        _ function: UnaryFunction, _ x: UnsafePointer<T>,
        _ y: UnsafeMutablePointer<T>, _ n: Int
    ) {
        switch function {
        case .negate: loop(n, x, y) { -$0 }
        case .exp: loop(n, x, y) { T.exp($0) }
        case .log: loop(n, x, y) { T.log($0) }
        case .square: loop(n, x, y) { $0 * $0 }
        case .squareRoot: loop(n, x, y) { $0.squareRoot() }
        case .relu: loop(n, x, y) { $0 > 0 ? $0 : 0 }
        case .tanh: loop(n, x, y) { T.tanh($0) }
        case .sigmoid: loop(n, x, y) { sigmoid($0) }
        case .softplus: loop(n, x, y) { softplus($0) }
        case .leakyRelu(let slope):
            let s = T(slope)
            loop(n, x, y) { $0 > 0 ? $0 : s * $0 }
        case .elu(let alpha):
            let a = T(alpha)
            loop(n, x, y) { $0 > 0 ? $0 : a * (T.exp($0) - 1) }
        case .positiveMask(let negativeValue):
            let v = T(negativeValue)
            loop(n, x, y) { $0 > 0 ? 1 : v }
        }
    }

    /// Logistic function `1 / (1 + e^-x)`. Branch-free (branches on the sign mispredict on real data): for very
    /// negative x, e^-x overflows to +inf and the quotient is exactly 0, which is the correctly rounded result.
    @inline(__always)
    static func sigmoid<T: KernelScalar>(_ x: T) -> T {
        1 / (1 + T.exp(-x))
    }

    /// `log(1 + exp(x))`, evaluated as `max(x, 0) + log1p(exp(-|x|))` (no overflow, full precision).
    @inline(__always)
    static func softplus<T: KernelScalar>(_ x: T) -> T {
        (x > 0 ? x : 0) + T.log1p(T.exp(-abs(x)))
    }

    /// `a op b` with NumPy broadcasting; `shape` is the broadcast shape of the result.
    static func apply(_ operation: BinaryOperation, _ a: Tensor, _ b: Tensor, shape: [Int]) -> TensorStorage {
        let result = TensorStorage(uninitializedCount: Shape.elementCount(shape), dtype: a.dtype)
        let strides = [
            Shape.contiguousStrides(shape), Shape.broadcastStrides(of: a.shape, to: shape),
            Shape.broadcastStrides(of: b.shape, to: shape),
        ]
        switch a.dtype {
        case .float32:
            a.storage.withPointer(Float.self) { pa in
                b.storage.withPointer(Float.self) { pb in
                    result.withPointer(Float.self) { binary(operation, pa, pb, $0, shape, strides) }
                }
            }
        case .float64:
            a.storage.withPointer(Double.self) { pa in
                b.storage.withPointer(Double.self) { pb in
                    result.withPointer(Double.self) { binary(operation, pa, pb, $0, shape, strides) }
                }
            }
        }
        return result
    }

    private static func binary<T: KernelScalar>(
        _ operation: BinaryOperation, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>,
        _ shape: [Int], _ strides: [[Int]]
    ) {
        switch operation {
        case .add: broadcastLoop(Sum.self, a, b, out, shape, strides)
        case .subtract: broadcastLoop(Difference.self, a, b, out, shape, strides)
        case .multiply: broadcastLoop(Product.self, a, b, out, shape, strides)
        case .divide: broadcastLoop(Quotient.self, a, b, out, shape, strides)
        }
    }

    /// The operation as a type (not a closure), so that every specialisation of the row loop, including the copy
    /// that runs on a worker thread, has it inlined.
    private protocol Arithmetic {
        static func apply<T: KernelScalar>(_ a: T, _ b: T) -> T
    }
    private enum Sum: Arithmetic { @inline(__always) static func apply<T: KernelScalar>(_ a: T, _ b: T) -> T { a + b } }
    private enum Difference: Arithmetic {
        @inline(__always) static func apply<T: KernelScalar>(_ a: T, _ b: T) -> T { a - b }
    }
    private enum Product: Arithmetic {
        @inline(__always) static func apply<T: KernelScalar>(_ a: T, _ b: T) -> T { a * b }
    }
    private enum Quotient: Arithmetic {
        @inline(__always) static func apply<T: KernelScalar>(_ a: T, _ b: T) -> T { a / b }
    }

    private static func broadcastLoop<T: KernelScalar, F: Arithmetic>(
        _ f: F.Type, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ shape: [Int],
        _ strides: [[Int]]
    ) {
        StridedIteration.forEachRowInParallel(shape: shape, strides: strides) { offsets, n, steps in
            let o = out + offsets[0], x = a + offsets[1], y = b + offsets[2]
            switch (steps[1], steps[2]) {
            case (1, 1): for j in 0..<n { o[j] = F.apply(x[j], y[j]) }
            case (1, 0):
                let v = y[0]
                for j in 0..<n { o[j] = F.apply(x[j], v) }
            case (0, 1):
                let u = x[0]
                for j in 0..<n { o[j] = F.apply(u, y[j]) }
            default:
                let sx = steps[1], sy = steps[2], so = steps[0]
                for j in 0..<n { o[j * so] = F.apply(x[j * sx], y[j * sy]) }
            }
        }
    }

    /// `upstream * f'(saved)` for one activation, in one pass (same shapes).
    static func derivative(
        _ kind: ActivationDerivative, upstream: TensorStorage, saved: TensorStorage
    )
        -> TensorStorage
    {
        precondition(upstream.count == saved.count && upstream.dtype == saved.dtype)
        let result = TensorStorage(uninitializedCount: upstream.count, dtype: upstream.dtype)
        switch upstream.dtype {
        case .float32:
            upstream.withPointer(Float.self) { g in
                saved.withPointer(Float.self) { s in
                    result.withPointer(Float.self) { out in
                        ElementChunks.forEach(count: upstream.count) {
                            derivative(kind, g + $0.lowerBound, s + $0.lowerBound, out + $0.lowerBound, $0.count)
                        }
                    }
                }
            }
        case .float64:
            upstream.withPointer(Double.self) { g in
                saved.withPointer(Double.self) { s in
                    result.withPointer(Double.self) { out in
                        ElementChunks.forEach(count: upstream.count) {
                            derivative(kind, g + $0.lowerBound, s + $0.lowerBound, out + $0.lowerBound, $0.count)
                        }
                    }
                }
            }
        }
        return result
    }

    @inline(__always)
    private static func loop2<T>(
        _ n: Int, _ g: UnsafePointer<T>, _ s: UnsafePointer<T>,
        _ out: UnsafeMutablePointer<T>, _ f: (T, T) -> T
    ) {
        for i in 0..<n { out[i] = f(g[i], s[i]) }
    }

    private static func derivative<T: KernelScalar>(
        _ kind: ActivationDerivative, _ g: UnsafePointer<T>, _ s: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>,
        _ n: Int
    ) {
        switch kind {
        case .reluFamily(let slope):
            let k = T(slope)
            loop2(n, g, s, out) { g, y in y > 0 ? g : g * k }
        case .elu(let alpha):
            let a = T(alpha)
            loop2(n, g, s, out) { g, y in y > 0 ? g : g * (y + a) }
        case .sigmoid: loop2(n, g, s, out) { g, y in g * y * (1 - y) }
        case .tanh: loop2(n, g, s, out) { g, y in g * (1 - y * y) }
        case .softplus: loop2(n, g, s, out) { g, x in g * sigmoid(x) }
        }
    }
}
