#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Tensor {
    /// Independent normal draws `mean + standardDeviation · N(0, 1)` (Box–Muller on 53-bit uniforms), a constant.
    /// The values depend only on the generator's state. O(n).
    public static func randomNormal<G: RandomNumberGenerator>(
        shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32, using generator: inout G
    ) -> Tensor {
        let count = Shape.elementCount(shape)
        var values = [Double](repeating: 0, count: count)
        var i = 0
        while i < count {
            // u1 in (0, 1] so that the logarithm is finite; u2 in [0, 1).
            let u1 = Double((generator.next() >> 11) + 1) * 0x1p-53
            let u2 = Double(generator.next() >> 11) * 0x1p-53
            let radius = (-2 * naturalLogarithm(u1)).squareRoot(), angle = 2 * Double.pi * u2
            values[i] = mean + standardDeviation * radius * cos(angle)
            if i + 1 < count { values[i + 1] = mean + standardDeviation * radius * sin(angle) }
            i += 2
        }
        return Tensor(values, shape: shape, dtype: dtype)
    }

    /// Independent uniform draws in `[lowerBound, upperBound)`, a constant. O(n).
    public static func randomUniform<G: RandomNumberGenerator>(
        shape: [Int], lowerBound: Double = 0, upperBound: Double = 1, dtype: DType = .float32, using generator: inout G
    ) -> Tensor {
        let values = (0..<Shape.elementCount(shape)).map { _ in
            lowerBound + (upperBound - lowerBound) * Double(generator.next() >> 11) * 0x1p-53
        }
        return Tensor(values, shape: shape, dtype: dtype)
    }

    /// A tensor of `shape` and `dtype` from `Double` values (rounded for `float32`).
    init(_ values: [Double], shape: [Int], dtype: DType) {
        switch dtype {
        case .float32: self.init(shape: shape, scalars: values.map { Float($0) })
        case .float64: self.init(shape: shape, scalars: values)
        }
    }
}

/// libm's `log` (inside `Tensor` extensions the name means ``Tensor/log()``).
private func naturalLogarithm(_ x: Double) -> Double { log(x) }
