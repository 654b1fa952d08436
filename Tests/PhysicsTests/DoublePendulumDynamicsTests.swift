import RealModule
import SeededRandom
import Testing

@testable import Physics

/// The double pendulum's reference behaviour: ground-truth energy conservation, the small-angle normal modes, the
/// standard regular orbit, and chaos at the sampler's energies.
@Suite struct DoublePendulumDynamicsTests {
    static let system = DoublePendulum()

    /// A tight `dopri54` run through `times`.
    static func reference(from x0: [Double], at times: [Double], tolerance: Double = 1e-13) throws -> Trajectory {
        let solver = DormandPrince54(
            relativeTolerance: tolerance, absoluteTolerance: tolerance / 100,
            maxSteps: 10_000_000)
        return try solver.solve(system, from: x0, at: times)
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    /// The ground truth at the datasets' tolerances (rtol 1e-11, atol 1e-12): over the standard 34 frames at dt
    /// 0.125, the relative energy drift of 200 sampled (mostly chaotic) states stays below 1e-10 (measured: worst
    /// 6.8e-11; 7.0e-11 and median 1.9e-11 over the first 200 seeds); over the long split's 256 frames below 1e-8
    /// (measured: worst 5.1e-10 over these 40 states, 1.2e-9 over 200).
    @Test(arguments: [(34, 200, 1e-10), (256, 40, 1e-8)])
    func groundTruthConservesEnergy(_ testCase: (frames: Int, samples: Int, bound: Double)) throws {
        var generator = SeededGenerator(seed: 1)
        var worst = 0.0
        for _ in 0..<testCase.samples {
            let x0 = DoublePendulumSampler().initialState(for: Self.system, using: &generator)
            let trajectory = try DormandPrince54().solve(
                Self.system, from: x0, frames: testCase.frames,
                frameInterval: 0.125)
            worst = max(worst, trajectory.relativeEnergyDrift)
        }
        print("MEASURE drift \(testCase.frames) \(worst)")
        #expect(worst < testCase.bound, "\(testCase.frames) frames: worst relative drift \(worst)")
    }

    /// The analytic small-oscillation frequencies: `ω² = (g / l)(2 ∓ √2)` for equal masses and lengths, mode
    /// shapes `q2 / q1 = ±√2`, and for unequal constants the roots of `det(K - ω² M) = 0`.
    @Test func normalModeFrequenciesAreTheRootsOfTheLinearisedProblem() {
        let (slow, fast) = Self.system.smallOscillationFrequencies
        #expect(abs(slow * slow - 3 * (2 - 2.0.squareRoot())) <= 1e-14)
        #expect(abs(fast * fast - 3 * (2 + 2.0.squareRoot())) <= 1e-14)
        #expect(abs(Self.system.normalModeShape(frequency: slow) - 2.0.squareRoot()) <= 1e-14)
        #expect(abs(Self.system.normalModeShape(frequency: fast) + 2.0.squareRoot()) <= 1e-14)
        let other = DoublePendulum(mass1: 0.7, mass2: 0.2, length1: 1.4, length2: 0.6, gravity: 9.81)
        let (m1, m2, l1, l2, g) = (other.mass1, other.mass2, other.length1, other.length2, other.gravity)
        for omega in [other.smallOscillationFrequencies.slow, other.smallOscillationFrequencies.fast] {
            let w2 = omega * omega
            let determinant =
                ((m1 + m2) * g * l1 - w2 * (m1 + m2) * l1 * l1) * (m2 * g * l2 - w2 * m2 * l2 * l2)
                - w2 * w2 * (m2 * l1 * l2) * (m2 * l1 * l2)
            #expect(abs(determinant) <= 1e-12 * ((m1 + m2) * m2 * g * g * l1 * l2))
        }
    }

    /// Started on one normal mode at a small amplitude `A` (`q1 = A`, at rest), the pendulum oscillates at that
    /// mode's frequency and the other mode stays unexcited (its modal amplitude below 10⁻⁵ A: only the cubic
    /// coupling feeds it; measured 2.6e-7 A slow, 1.4e-7 A fast at A = 10⁻³). The measured frequency differs from
    /// the analytic one by the nonlinear shift, quadratic in `A` (the shift at `A = 10⁻³` is 4 ± 0.2 times that at
    /// `5 × 10⁻⁴`; measured relative shifts at 10⁻³: -8.5e-8 slow, -1.85e-6 fast), and extrapolated to zero
    /// amplitude (Richardson, `(4 ω(A/2) - ω(A)) / 3`) it equals the analytic frequency to 1e-9 relative (measured
    /// 5e-12 slow, 1.5e-10 fast).
    @Test(arguments: [false, true])
    func smallOscillationsFollowTheNormalModes(fastMode: Bool) throws {
        let system = Self.system
        let (slow, fast) = system.smallOscillationFrequencies
        let omega = fastMode ? fast : slow
        let shape = system.normalModeShape(frequency: omega)
        let otherShape = system.normalModeShape(frequency: fastMode ? slow : fast)
        let dt = 0.0025
        let frames = Int((12 * 2 * Double.pi / omega / dt).rounded())
        func measure(amplitude: Double) throws -> (frequency: Double, leakage: Double) {
            let trajectory = try Self.reference(
                from: [amplitude, amplitude * shape, 0, 0],
                at: (0..<frames).map { Double($0) * dt }, tolerance: 1e-12)
            // Modal amplitudes: q = a φ + b ψ with φ = (1, shape), ψ = (1, otherShape).
            var own = [Double](), other = [Double]()
            for frame in 0..<frames {
                let q1 = trajectory.states[4 * frame], q2 = trajectory.states[4 * frame + 1]
                let b = (q2 - shape * q1) / (otherShape - shape)
                own.append(q1 - b)
                other.append(b)
            }
            // Upward zero crossings of the own mode, linearly interpolated (at a crossing of a harmonic the
            // curvature vanishes, so the interpolation error is third order in dt).
            var crossings = [Double]()
            for frame in 1..<frames where own[frame - 1] < 0 && own[frame] >= 0 {
                crossings.append(trajectory.times[frame - 1] + dt * own[frame - 1] / (own[frame - 1] - own[frame]))
            }
            let cycles = crossings.count - 1
            #expect(cycles >= 10)
            return (
                2 * Double.pi * Double(cycles) / (crossings[cycles] - crossings[0]),
                other.map(abs).max() ?? .infinity
            )
        }
        let large = try measure(amplitude: 1e-3), small = try measure(amplitude: 5e-4)
        #expect(
            large.leakage <= 1e-5 * 1e-3 && small.leakage <= 1e-5 * 5e-4,
            "other mode reached \(large.leakage), \(small.leakage)")
        let shiftRatio = (large.frequency - omega) / (small.frequency - omega)
        #expect(abs(shiftRatio - 4) <= 0.2, "shifts \(large.frequency / omega - 1), \(small.frequency / omega - 1)")
        let extrapolated = (4 * small.frequency - large.frequency) / 3
        print(
            "MEASURE mode fast=\(fastMode) shifts \(large.frequency / omega - 1) \(small.frequency / omega - 1) extrapolated \(extrapolated / omega - 1) leakage \(large.leakage / 1e-3) \(small.leakage / 5e-4) omega \(omega) measured \(large.frequency)"
        )
        #expect(abs(extrapolated / omega - 1) <= 1e-9, "extrapolated \(extrapolated), analytic \(omega)")
    }

    /// The standard regular orbit closes after one period (measured: to 1.1e-13), Newton's method from the linear
    /// slow mode finds it again (to 2e-16 in `q2` and 2e-15 in the period), and it is linearly stable: its monodromy
    /// matrix (by central differences) has trace in the elliptic range (0, 4) (measured 0.0578; two of its
    /// eigenvalues are 1, the other two `e^{±iθ}` with `2 + 2 cos θ` the trace).
    @Test func slowModeOrbitIsPeriodicAndStable() throws {
        let x0 = DoublePendulum.slowModeOrbitState
        let period = DoublePendulum.slowModeOrbitPeriod
        let closing = try Self.reference(from: x0, at: [0, period]).state(at: 1)
        #expect(Self.distance(closing, x0) <= 1e-11)

        // Newton on (q2, T/2) for p(T/2) = 0, from q2 = √2 q1 and T = 2π / ω_slow.
        let slow = Self.system.smallOscillationFrequencies.slow
        var q2 = Self.system.normalModeShape(frequency: slow) * x0[0], half = Double.pi / slow
        for _ in 0..<12 {
            let x = try Self.reference(from: [x0[0], q2, 0, 0], at: [0, half]).state(at: 1)
            let shifted = try Self.reference(from: [x0[0], q2 + 1e-7, 0, 0], at: [0, half]).state(at: 1)
            let dxdt = Self.system.timeDerivative(x)
            let (a, b, c, d) = ((shifted[2] - x[2]) / 1e-7, dxdt[2], (shifted[3] - x[3]) / 1e-7, dxdt[3])
            let determinant = a * d - b * c
            q2 -= (x[2] * d - b * x[3]) / determinant
            half -= (a * x[3] - c * x[2]) / determinant
        }
        #expect(abs(q2 - x0[1]) <= 1e-10 && abs(2 * half - period) <= 1e-10, "found q2 \(q2), period \(2 * half)")

        var trace = 0.0
        for j in 0..<4 {
            var plus = x0, minus = x0
            plus[j] += 1e-6
            minus[j] -= 1e-6
            let end = try (
                Self.reference(from: plus, at: [0, period]).state(at: 1),
                Self.reference(from: minus, at: [0, period]).state(at: 1)
            )
            trace += (end.0[j] - end.1[j]) / 2e-6
        }
        print("MEASURE trace \(trace) closing \(Self.distance(closing, x0)) q2 \(q2 - x0[1]) T \(2 * half - period)")
        #expect(trace > 0.03 && trace < 0.09, "monodromy trace \(trace)")
    }

    /// Chaos, handled like the three-body: two trajectories 10⁻¹⁰ apart separate exponentially at the sampler's
    /// energies (a finite-time Lyapunov estimate `ln(δ(20) / δ(0)) / 20` above 0.2 for at least 30 of 40 sampled
    /// states; measured: 36 of 40, from 0.10 to 1.06, median 0.60; 0.31 from both rods released horizontally at
    /// rest) and only polynomially along the regular orbit (estimate below 0.01 over 100 periods; measured 0.0064),
    /// which is why integrators are compared on the regular orbit and never on the datasets' chaotic ones.
    @Test func separationGrowsExponentiallyOnlyAtHighEnergy() throws {
        let offset = 1e-10
        func lyapunovEstimate(_ x0: [Double], over horizon: Double) throws -> Double {
            var nearby = x0
            nearby[0] += offset
            let a = try Self.reference(from: x0, at: [0, horizon], tolerance: 1e-12).state(at: 1)
            let b = try Self.reference(from: nearby, at: [0, horizon], tolerance: 1e-12).state(at: 1)
            return Double.log(Self.distance(a, b) / offset) / horizon
        }
        var generator = SeededGenerator(seed: 1)
        var estimates = [Double]()
        for _ in 0..<40 {
            let x0 = DoublePendulumSampler().initialState(for: Self.system, using: &generator)
            estimates.append(try lyapunovEstimate(x0, over: 20))
        }
        print("MEASURE lyapunov \(estimates.sorted())")
        let chaotic = estimates.filter { $0 > 0.2 }.count
        #expect(chaotic >= 30, "estimates \(estimates.sorted())")
        let horizontal = try lyapunovEstimate([Double.pi / 2, Double.pi / 2, 0, 0], over: 20)
        #expect(horizontal > 0.2, "released horizontally: \(horizontal)")
        let regular = try lyapunovEstimate(
            DoublePendulum.slowModeOrbitState,
            over: 100 * DoublePendulum.slowModeOrbitPeriod)
        print("MEASURE horizontal \(horizontal) regular \(regular)")
        #expect(regular < 0.01, "regular orbit: \(regular)")
    }
}
