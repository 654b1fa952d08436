import Foundation
import Physics
import Testing

@testable import Datasets

/// The target densities: exact normalisation, exact sampling, and the rejection sampler's bound.
@Suite("Density targets")
struct DensityTargetTests {
    /// A box holding all but a negligible (< 1e-15) part of each target's mass.
    static func box(_ target: DensityTarget) -> (ClosedRange<Double>, ClosedRange<Double>) {
        switch target {
        case .ring: return (-3.6...3.6, -3.6...3.6)
        case .eightGaussians: return (-6.0...6.0, -6.0...6.0)
        case .banana: return (-13.5...13.5, -4.0...92.0)
        }
    }

    @Test("the ring's analytic normaliser equals adaptive quadrature of its radial integral to 1e-10")
    func ringNormaliser() {
        let mu = DensityTarget.ringRadius, sigma = DensityTarget.ringWidth
        let radial = DensityStatistics.integrate(
            { r in r * exp(-(r - mu) * (r - mu) / (2 * sigma * sigma)) },
            from: 0, to: mu + 12 * sigma, tolerance: 1e-14)
        let quadrature = log(2 * Double.pi * radial)
        #expect(abs(quadrature - DensityTarget.ring.logNormalizer) < 1e-10)
        // The value stated in datasets.md.
        #expect(abs(DensityTarget.ring.logNormalizer - 1.5528427952880821) < 1e-14)
    }

    @Test(
        "every log-density integrates to 1 over the plane (2-D adaptive quadrature, 1e-8)",
        arguments: DensityTarget.allCases)
    func normalised(target: DensityTarget) {
        let (b1, b2) = Self.box(target)
        let mass = DensityStatistics.integrate2D({ exp(target.logDensity($0, $1)) }, q1: b1, q2: b2, tolerance: 1e-11)
        #expect(abs(mass - 1) < 1e-8, "\(target): mass \(mass)")
    }

    @Test("the ring radius' rejection bound holds: w(r) <= w(r*) for all r > 0, with r* the radial mode")
    func ringRejectionBound() {
        let mu = DensityTarget.ringRadius, sigma = DensityTarget.ringWidth
        let mode = (mu + (mu * mu + 4 * sigma * sigma).squareRoot()) / 2
        let bound = DensityTarget.ringLogAcceptanceRatio(mode)
        #expect(abs(sigma * sigma / DensityTarget.ringProposalShift - mode) < 1e-12)
        for k in 1...20_000 {
            let r = Double(k) * 5e-4
            #expect(DensityTarget.ringLogAcceptanceRatio(r) <= bound + 1e-12, "r = \(r)")
        }
        // The acceptance rate Z_radial / (w(r*) √(2π) σ) is above 99 %.
        let radialZ = exp(DensityTarget.ring.logNormalizer) / (2 * Double.pi)
        let acceptance = radialZ / (exp(bound) * (2 * Double.pi).squareRoot() * sigma)
        #expect(acceptance > 0.99 && acceptance <= 1)
    }

    /// `n` points of split `region` of `target`, drawn as the generator draws them.
    static func draw(
        _ target: DensityTarget, region: DensityRegion = .plane, n: Int, seed: UInt64 = 2024
    )
        -> DensityPoints
    {
        let spec = DensitySpec(
            name: "t", target: target, splits: [DensitySplitSpec(name: "train", samples: n, region: region)], seed: seed
        )
        let (q, logDensity, seeds) = DensityGenerator.draw(spec, split: spec.splits[0], range: 0..<n)
        return DensityPoints(q: q, logDensity: logDensity, seeds: seeds)
    }

    @Test(
        "samples follow the exact density: binned chi-square over a 10x10 grid, fixed seed",
        arguments: [
            (DensityTarget.ring, DensityRegion.plane), (.ring, .upperHalfPlane), (.eightGaussians, .plane),
            (.eightGaussians, .upperHalfPlane), (.banana, .plane),
        ])
    func chiSquareOnAGrid(target: DensityTarget, region: DensityRegion) {
        let n = 20_000
        let points = Self.draw(target, region: region, n: n)
        var (b1, b2) = Self.box(target)
        if target == .banana { b2 = -4.0...12.0 }  // the grid covers the bulk; the rest is one more cell
        let cells = 10
        let w1 = (b1.upperBound - b1.lowerBound) / Double(cells), w2 = (b2.upperBound - b2.lowerBound) / Double(cells)
        var observed = [Int](repeating: 0, count: cells * cells + 1)
        for i in 0..<n {
            let x = points.q[2 * i], y = points.q[2 * i + 1]
            let c1 = Int(((x - b1.lowerBound) / w1).rounded(.down)), c2 = Int(((y - b2.lowerBound) / w2).rounded(.down))
            if (0..<cells).contains(c1), (0..<cells).contains(c2) {
                observed[c1 * cells + c2] += 1
            } else {
                observed[cells * cells] += 1
            }
        }
        var expected = [Double](repeating: 0, count: cells * cells + 1)
        for c1 in 0..<cells {
            for c2 in 0..<cells {
                let x0 = b1.lowerBound + Double(c1) * w1, y0 = b2.lowerBound + Double(c2) * w2
                let p = DensityStatistics.integrate2D(
                    { exp(region.logDensity(target, $0, $1)) },
                    q1: x0...(x0 + w1), q2: y0...(y0 + w2), tolerance: 1e-9)
                expected[c1 * cells + c2] = Double(n) * p
            }
        }
        expected[cells * cells] = max(0, Double(n) - expected.reduce(0, +))
        let (statistic, dof) = DensityStatistics.chiSquare(observed: observed, expected: expected)
        let pValue = DensityStatistics.chiSquarePValue(statistic, degreesOfFreedom: dof)
        #expect(dof >= 15, "\(target) \(region): too few populated cells (\(dof + 1))")
        #expect(pValue > 1e-3, "\(target) \(region): chi-square \(statistic) on \(dof) dof, p = \(pValue)")
    }

    @Test("ring: radius and angle pass Kolmogorov–Smirnov tests against their exact distributions")
    func ringKolmogorovSmirnov() {
        let n = 20_000
        let points = Self.draw(.ring, n: n)
        var radii: [Double] = [], angles: [Double] = []
        for i in 0..<n {
            let x: Double = points.q[2 * i], y: Double = points.q[2 * i + 1]
            radii.append((x * x + y * y).squareRoot())
            angles.append(atan2(y, x))
        }
        let mu = DensityTarget.ringRadius, s = DensityTarget.ringWidth
        let radialZ = exp(DensityTarget.ring.logNormalizer) / (2 * Double.pi)
        // F(r) = [σ²(e^{−μ²/2σ²} − e^{−(r−μ)²/2σ²}) + μσ√(2π)(Φ((r−μ)/σ) − Φ(−μ/σ))] / Z_radial.
        let radialCDF = { (r: Double) -> Double in
            let gaussianPart: Double = s * s * (exp(-mu * mu / (2 * s * s)) - exp(-(r - mu) * (r - mu) / (2 * s * s)))
            let phi: Double = DensityStatistics.normalCDF((r - mu) / s) - DensityStatistics.normalCDF(-mu / s)
            return (gaussianPart + mu * s * (2 * Double.pi).squareRoot() * phi) / radialZ
        }
        let critical = DensityStatistics.kolmogorovSmirnovCritical(n: n, alpha: 1e-3)
        #expect(DensityStatistics.kolmogorovSmirnov(radii, cdf: radialCDF) < critical)
        #expect(DensityStatistics.kolmogorovSmirnov(angles) { ($0 + Double.pi) / (2 * Double.pi) } < critical)
    }

    @Test("banana: q1 and the residual (q2 - q1^2/2 + 1)/0.3 are standard normal (KS); half ring: q2 >= 0")
    func bananaAndHalfRing() {
        let n = 20_000
        let banana = Self.draw(.banana, n: n)
        var q1: [Double] = [], residual: [Double] = []
        for i in 0..<n {
            let x: Double = banana.q[2 * i], y: Double = banana.q[2 * i + 1]
            q1.append(x / DensityTarget.bananaWidth)
            residual.append((y - 0.5 * x * x + 1) / DensityTarget.bananaThickness)
        }
        let critical = DensityStatistics.kolmogorovSmirnovCritical(n: n, alpha: 1e-3)
        #expect(DensityStatistics.kolmogorovSmirnov(q1, cdf: DensityStatistics.normalCDF) < critical)
        #expect(DensityStatistics.kolmogorovSmirnov(residual, cdf: DensityStatistics.normalCDF) < critical)

        let half = Self.draw(.ring, region: .upperHalfPlane, n: 1000)
        let full = Self.draw(.ring, n: 1000)
        for i in 0..<1000 {
            #expect(half.q[2 * i + 1] >= 0)
            #expect(half.q[2 * i] == full.q[2 * i] && half.q[2 * i + 1] == abs(full.q[2 * i + 1]))
            #expect(abs(half.logDensity[i] - (full.logDensity[i] + log(2.0))) < 1e-12)
        }
    }

    @Test("the sampler is exact in law and deterministic per point: the same seed gives the same bits")
    func deterministicPerPoint() {
        for target in DensityTarget.allCases {
            let a = Self.draw(target, n: 50), b = Self.draw(target, n: 100)
            #expect(b.prefix(50) == a)
            #expect(Self.draw(target, n: 50, seed: 7) != a)
        }
    }
}
