import RealModule

/// Elliptic integrals of the first kind and the Jacobi elliptic functions, for real arguments.
///
/// Everything is in terms of the *parameter* `m = k²` (the convention of Abramowitz & Stegun and of SciPy's
/// `ellipk`, `ellipkinc` and `ellipj`), with `0 ≤ m ≤ 1`. These are the building blocks of the exact pendulum
/// solution, ``PendulumSolution``.
public enum Elliptic {
    /// The arithmetic-geometric mean of two non-negative numbers: iterate `a ← (a + b)/2`, `b ← sqrt(a b)`.
    ///
    /// - Complexity: converges quadratically, at most a few dozen iterations.
    public static func arithmeticGeometricMean(_ a: Double, _ b: Double) -> Double {
        precondition(a >= 0 && b >= 0, "the arithmetic-geometric mean needs non-negative numbers")
        var a = a, b = b
        for _ in 0..<64 where abs(a - b) > 2 * Double.ulpOfOne * a {
            (a, b) = ((a + b) / 2, (a * b).squareRoot())
        }
        return (a + b) / 2
    }

    /// The complete elliptic integral of the first kind, `K(m) = ∫_0^{π/2} dθ / sqrt(1 - m sin²θ)`, computed as
    /// `π / (2 AGM(1, sqrt(1 - m)))`. `K(0) = π/2`; `K(1) = +∞`.
    public static func completeIntegralK(parameter m: Double) -> Double {
        precondition(m >= 0 && m <= 1, "the parameter m = k² must lie in [0, 1], got \(m)")
        if m == 1 { return .infinity }
        return Double.pi / (2 * arithmeticGeometricMean(1, (1 - m).squareRoot()))
    }

    /// The incomplete elliptic integral of the first kind, `F(φ | m) = ∫_0^φ dθ / sqrt(1 - m sin²θ)`, for any real
    /// amplitude `φ`.
    ///
    /// The amplitude is reduced to `|φ'| ≤ π/2` with `F(φ' + jπ | m) = F(φ' | m) + 2 j K(m)`, then
    /// `F(φ' | m) = sin φ' R_F(cos²φ', 1 - m sin²φ', 1)` with Carlson's symmetric integral ``carlsonRF(_:_:_:)``.
    /// It inverts the Jacobi amplitude: `F(am(u | m) | m) = u`.
    public static func incompleteIntegralF(amplitude phi: Double, parameter m: Double) -> Double {
        precondition(m >= 0 && m <= 1, "the parameter m = k² must lie in [0, 1], got \(m)")
        let turns = (phi / Double.pi).rounded()
        let reduced = phi - turns * Double.pi
        let s = Double.sin(reduced), c = Double.cos(reduced)
        let partial = s * carlsonRF(c * c, 1 - m * s * s, 1)
        return turns == 0 ? partial : partial + 2 * turns * completeIntegralK(parameter: m)
    }

    /// Carlson's symmetric elliptic integral `R_F(x, y, z) = ½ ∫_0^∞ dt / sqrt((t + x)(t + y)(t + z))`, for
    /// non-negative arguments of which at most one is zero.
    ///
    /// Duplication until the three arguments agree to 1e-3, then the fifth-order Taylor series (relative error
    /// below 1e-16).
    public static func carlsonRF(_ x: Double, _ y: Double, _ z: Double) -> Double {
        precondition(x >= 0 && y >= 0 && z >= 0, "R_F needs non-negative arguments")
        var x = x, y = y, z = z
        var mean = (x + y + z) / 3
        for _ in 0..<100 {
            let largestDeviation = max(abs(mean - x), abs(mean - y), abs(mean - z))
            if largestDeviation < 1e-3 * abs(mean) { break }
            let sx = x.squareRoot(), sy = y.squareRoot(), sz = z.squareRoot()
            let lambda = sx * sy + sy * sz + sz * sx
            x = (x + lambda) / 4
            y = (y + lambda) / 4
            z = (z + lambda) / 4
            mean = (x + y + z) / 3
        }
        let dx = 1 - x / mean, dy = 1 - y / mean, dz = -(dx + dy)
        let e2 = dx * dy - dz * dz, e3 = dx * dy * dz
        let series = 1 - e2 / 10 + e3 / 14 + e2 * e2 / 24 - 3 * e2 * e3 / 44
        return series / mean.squareRoot()
    }

    /// The Jacobi amplitude `am(u | m)` and the elliptic functions `sn = sin am`, `cn = cos am`, `dn`.
    ///
    /// Computed by the descending Landen transformation (Abramowitz & Stegun 16.4): the AGM sequence
    /// `a_j, c_j` from `a_0 = 1, b_0 = sqrt(1 - m), c_0 = sqrt(m)`, then `φ_N = 2^N a_N u` and
    /// `φ_{j-1} = (φ_j + asin(c_j sin φ_j / a_j)) / 2`, with `am = φ_0`, and `dn = sqrt(cn² + (1 - m) sn²)`
    /// (A&S's `cos φ_0 / cos(φ_1 - φ_0)` is 0/0 at the turning points `am = ±π/2`).
    /// Special cases: `m = 0` gives `(sin, cos, 1)`, `m = 1` gives `(tanh, sech, sech)`. Valid for every real `u`
    /// (`am` is unbounded and increases by `π` every `2 K(m)`).
    ///
    /// - Complexity: `O(log log(1/ε))` AGM steps for `m < 1`; no allocation.
    public static func jacobi(_ u: Double, parameter m: Double) -> JacobiEllipticValues {
        precondition(m >= 0 && m <= 1, "the parameter m = k² must lie in [0, 1], got \(m)")
        if m == 0 {
            return JacobiEllipticValues(amplitude: u, sn: Double.sin(u), cn: Double.cos(u), dn: 1)
        }
        if m == 1 {
            let sech = 1 / Double.cosh(u)
            return JacobiEllipticValues(
                amplitude: 2 * Double.atan(Double.tanh(u / 2)), sn: Double.tanh(u), cn: sech, dn: sech)
        }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 64) { ratios in
            // ratios[j] = c_j / a_j for j = 1...N.
            var a = 1.0, b = (1 - m).squareRoot(), c = m.squareRoot()
            var levels = 0
            while abs(c) > Double.ulpOfOne * a, levels < 63 {
                let next = (a + b) / 2
                c = (a - b) / 2
                b = (a * b).squareRoot()
                a = next
                levels += 1
                ratios[levels] = c / a
            }
            var phi = Double(sign: .plus, exponent: levels, significand: 1) * a * u
            for j in stride(from: levels, through: 1, by: -1) {
                phi = (phi + Double.asin(ratios[j] * Double.sin(phi))) / 2
            }
            let sn = Double.sin(phi), cn = Double.cos(phi)
            // dn² = 1 - m sn² = cn² + (1 - m) sn²: a sum of non-negative terms, so no cancellation.
            let dn = (cn * cn + (1 - m) * sn * sn).squareRoot()
            return JacobiEllipticValues(amplitude: phi, sn: sn, cn: cn, dn: dn)
        }
    }
}

/// The values of the Jacobi elliptic functions at one argument.
public struct JacobiEllipticValues: Sendable, Equatable {
    /// The amplitude `am(u | m)`, the angle whose sine is `sn`.
    public var amplitude: Double
    /// `sn(u | m) = sin(am u)`.
    public var sn: Double
    /// `cn(u | m) = cos(am u)`.
    public var cn: Double
    /// `dn(u | m) = sqrt(1 - m sn²)`.
    public var dn: Double

    /// Creates the values from their parts.
    public init(amplitude: Double, sn: Double, cn: Double, dn: Double) {
        self.amplitude = amplitude
        self.sn = sn
        self.cn = cn
        self.dn = dn
    }
}
