import Foundation
import Physics

/// The `oracle` of the physics floor: it knows the true equations of motion, the constants and the integrator, and
/// sees the positions the K input frames were drawn with (observation noise included); it fits the state at the
/// first input frame by least squares and rolls it out exactly.
///
/// **The fit.** The unknown is the full phase state `x₀ = (q, p)` at the first input frame (`2 D` numbers). The
/// residual is the difference between the world positions of the bodies along the true flow from `x₀` and the
/// observed positions, at every input frame (`2 × bodies × K` numbers); the observation noise is Gaussian and
/// independent per frame, so least squares is its maximum-likelihood estimate (exactly so for the n-body systems,
/// whose noise is on the drawn positions; to first order for the pendulum, whose noise is on the angle). It is
/// minimised by Levenberg–Marquardt (Marquardt's scaling by the diagonal of `JᵀJ`; the Jacobian by central
/// differences through the ground-truth integrator, which at the datasets' tolerance of 1e-11 is smooth to ~1e-9),
/// from a start read off the frames: each frame's positions are turned into generalised positions by Gauss–Newton
/// (from the previous frame's, so that angles stay continuous), the velocity at the first frame is the slope of a
/// least-squares quadratic through them, and the momentum is solved from `dq/dt = ∂H/∂p` (linear for every system
/// here, whose kinetic energy is quadratic).
///
/// This mirrors `Benchmarks/phase-limit/phase_limit.py` (the pendulum and mass-spring only, Gauss–Newton on the
/// angle, noise drawn afresh) for every system, on the noise the frames were drawn with. Knowing the drawn positions
/// exactly makes the oracle a little stronger than one that reads them off 32x32 pixels, so the floor errs low.
///
/// Written by hand because the problem is tiny (at most 12 unknowns and 30 residuals per sequence) and no Swift
/// package of the mirror solves non-linear least squares; the 12x12 linear solve is a Cholesky factorisation.
public enum OracleFit {
    /// The outcome of one fit.
    public struct Outcome: Sendable, Equatable {
        /// The fitted state at the first observed frame.
        public var state: [Double]
        /// Root-mean-square residual (world units) of the fitted positions against the observed ones.
        public var rootMeanSquareResidual: Double
        /// Levenberg–Marquardt iterations taken.
        public var iterations: Int
    }

    /// Why a fit failed.
    public enum FitError: Error, CustomStringConvertible, Equatable {
        /// Fewer observed frames than the fit needs.
        case tooFewFrames(Int)

        public var description: String {
            switch self {
            case .tooFewFrames(let count): "the oracle needs at least 2 observed frames to fit a state, got \(count)"
            }
        }
    }

    /// Fits the state at the first of `observed.count` frames (each `system.bodyCount` positions, `dt` apart).
    /// Stops when a step changes no unknown by more than 1e-10 of its size, or lowers the squared residual by less
    /// than 1e-10 of it, or when no damping lowers it.
    public static func fit(
        observed: [[SIMD2<Double>]], system: FloorSystem, maximumIterations: Int = 100
    )
        throws(FitError) -> Outcome
    {
        guard observed.count >= 2 else { throw .tooFewFrames(observed.count) }
        let target = observed.flatMap { $0.flatMap { [$0.x, $0.y] } }
        func residual(_ x: [Double]) -> [Double] {
            let drawn = system.positions(ofStates: system.flow(x, observed.count).states).flatMap { [$0.x, $0.y] }
            return zip(drawn, target).map { $0 - $1 }
        }
        var x = start(observed: observed, system: system)
        var r = residual(x)
        var cost = squaredNorm(r)
        var damping = 1e-3, iterations = 0, converged = false
        while iterations < maximumIterations && !converged {
            iterations += 1
            let jacobian = centralDifferences(at: x, of: residual)
            let n = x.count
            var normal = [Double](repeating: 0, count: n * n), gradient = [Double](repeating: 0, count: n)
            for i in 0..<n {
                for j in 0...i {
                    let value = zip(jacobian[i], jacobian[j]).reduce(0) { $0 + $1.0 * $1.1 }
                    normal[i * n + j] = value
                    normal[j * n + i] = value
                }
                gradient[i] = zip(jacobian[i], r).reduce(0) { $0 + $1.0 * $1.1 }
            }
            var improved = false
            while damping < 1e12 {
                var damped = normal
                for i in 0..<n { damped[i * n + i] += damping * max(normal[i * n + i], 1e-12) }
                guard let step = choleskySolve(damped, gradient.map { -$0 }, n: n) else {
                    damping *= 10
                    continue
                }
                let trial = zip(x, step).map { $0 + $1 }
                let trialResidual = residual(trial)
                if squaredNorm(trialResidual) < cost {
                    let size = zip(step, x).map { abs($0) / (abs($1) + 1e-8) }.max() ?? 0
                    x = trial
                    r = trialResidual
                    let previous = cost
                    cost = squaredNorm(r)
                    damping = max(damping / 10, 1e-12)
                    improved = true
                    converged = size < 1e-10 || previous - cost <= 1e-10 * previous
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return Outcome(
            state: x, rootMeanSquareResidual: (cost / Double(max(r.count, 1))).squareRoot(),
            iterations: iterations)
    }

    /// The starting state read off the observed positions (see the type's documentation).
    static func start(observed: [[SIMD2<Double>]], system: FloorSystem) -> [Double] {
        let d = system.positionCount
        let zero = [Double](repeating: 0, count: d)
        var q = zero, momentum = zero
        var coordinates: [[Double]] = []
        for frame in observed {
            let target = frame.flatMap { [$0.x, $0.y] }
            for _ in 0..<20 {
                let residual = { (q: [Double]) -> [Double] in
                    zip(system.positions(q + zero).flatMap { [$0.x, $0.y] }, target).map { $0 - $1 }
                }
                let jacobian = centralDifferences(at: q, of: residual)
                guard let step = gaussNewtonStep(jacobian: jacobian, residual: residual(q)) else { break }
                q = zip(q, step).map { $0 + $1 }
                if step.map(abs).max() ?? 0 < 1e-14 { break }
            }
            coordinates.append(q)
        }
        let velocity = (0..<d).map { index in quadraticSlopeAtStart(coordinates.map { $0[index] }, system.spec.dt) }
        let q0 = coordinates[0]
        for _ in 0..<4 {
            let mismatch = { (p: [Double]) -> [Double] in zip(system.velocity(q0 + p), velocity).map { $0 - $1 } }
            let jacobian = centralDifferences(at: momentum, of: mismatch)
            guard let step = gaussNewtonStep(jacobian: jacobian, residual: mismatch(momentum)) else { break }
            momentum = zip(momentum, step).map { $0 + $1 }
        }
        return q0 + momentum
    }

    /// The slope at `t = 0` of the least-squares quadratic (a line for 2 points) through `values` at `t = k dt`.
    static func quadraticSlopeAtStart(_ values: [Double], _ dt: Double) -> Double {
        guard values.count >= 2, dt > 0 else { return 0 }
        let degree = min(2, values.count - 1), n = degree + 1
        var normal = [Double](repeating: 0, count: n * n), right = [Double](repeating: 0, count: n)
        for (k, value) in values.enumerated() {
            let t = Double(k) * dt
            let powers = (0..<n).map { Foundation.pow(t, Double($0)) }
            for i in 0..<n {
                right[i] += powers[i] * value
                for j in 0..<n { normal[i * n + j] += powers[i] * powers[j] }
            }
        }
        return choleskySolve(normal, right, n: n)?[1] ?? 0
    }

    /// The Gauss–Newton step `−(JᵀJ)⁻¹ Jᵀ r` (`jacobian[i]` is the derivative of the residual by unknown `i`).
    static func gaussNewtonStep(jacobian: [[Double]], residual: [Double]) -> [Double]? {
        let n = jacobian.count
        var normal = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { normal[i * n + j] = zip(jacobian[i], jacobian[j]).reduce(0) { $0 + $1.0 * $1.1 } }
        }
        let gradient = jacobian.map { column in -zip(column, residual).reduce(0) { $0 + $1.0 * $1.1 } }
        return choleskySolve(normal, gradient, n: n)
    }

    /// Central differences of `function` at `x`: one column (the derivative by `x[i]`) per unknown, with steps
    /// `1e-6 · max(1, |x[i]|)`.
    static func centralDifferences<E: Error>(
        at x: [Double], of function: ([Double]) throws(E) -> [Double]
    )
        throws(E) -> [[Double]]
    {
        var columns: [[Double]] = []
        for i in x.indices {
            let h = 1e-6 * max(1, abs(x[i]))
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let (high, low) = (try function(plus), try function(minus))
            columns.append(zip(high, low).map { ($0 - $1) / (2 * h) })
        }
        return columns
    }

    /// Solves `A y = b` for a symmetric positive definite `A` (`n x n`, row-major) by Cholesky factorisation;
    /// `nil` when `A` is not positive definite.
    static func choleskySolve(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }

    static func squaredNorm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 } }
}
