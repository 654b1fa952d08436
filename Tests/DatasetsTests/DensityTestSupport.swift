import Foundation

/// Numerical tools for the density tests: adaptive quadrature and goodness-of-fit statistics.
enum DensityStatistics {
    // MARK: Adaptive Gauss–Kronrod quadrature

    /// Nodes (non-negative half, largest first) and weights of the 15-point Kronrod rule and of its embedded 7-point
    /// Gauss rule on [−1, 1].
    private static let kronrodNodes: [Double] = [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ]
    private static let kronrodWeights: [Double] = [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ]
    /// Gauss weights for the Kronrod nodes of odd index (1, 3, 5) and the centre.
    private static let gaussWeights: [Double] = [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ]

    /// ∫ₐᵇ f by adaptive G7–K15 bisection until each piece's |K15 − G7| is below its share of `tolerance`.
    static func integrate(
        _ f: (Double) -> Double, from a: Double, to b: Double, tolerance: Double = 1e-12,
        depth: Int = 0
    ) -> Double {
        let centre = (a + b) / 2, half = (b - a) / 2
        let fc = f(centre)
        var kronrod = kronrodWeights[7] * fc
        var gauss = gaussWeights[3] * fc
        for i in 0..<7 {
            let x = half * kronrodNodes[i]
            let sum = f(centre - x) + f(centre + x)
            kronrod += kronrodWeights[i] * sum
            if i % 2 == 1 { gauss += gaussWeights[i / 2] * sum }
        }
        kronrod *= half
        gauss *= half
        if abs(kronrod - gauss) <= tolerance || depth >= 40 { return kronrod }
        return integrate(f, from: a, to: centre, tolerance: tolerance / 2, depth: depth + 1)
            + integrate(f, from: centre, to: b, tolerance: tolerance / 2, depth: depth + 1)
    }

    /// ∫ₐᵇ f as a sum of adaptive integrals over panels no wider than `panel`, so that a narrow peak cannot fall
    /// between the first rule's nodes unseen.
    static func integrate(
        _ f: (Double) -> Double, from a: Double, to b: Double, tolerance: Double, panel: Double
    )
        -> Double
    {
        let count = max(1, Int(((b - a) / panel).rounded(.up)))
        let width = (b - a) / Double(count)
        return (0..<count).reduce(0) { sum, k in
            sum
                + integrate(
                    f, from: a + Double(k) * width, to: a + Double(k + 1) * width, tolerance: tolerance / Double(count))
        }
    }

    /// ∫∫ f over the box, as nested adaptive 1-D integrals over panels at most 1 wide.
    static func integrate2D(
        _ f: (Double, Double) -> Double, q1 range1: ClosedRange<Double>,
        q2 range2: ClosedRange<Double>, tolerance: Double = 1e-10
    ) -> Double {
        let width2 = range2.upperBound - range2.lowerBound
        return integrate(
            { x in
                integrate(
                    { y in f(x, y) }, from: range2.lowerBound, to: range2.upperBound, tolerance: tolerance / width2 / 4,
                    panel: 1)
            }, from: range1.lowerBound, to: range1.upperBound, tolerance: tolerance, panel: 1)
    }

    // MARK: Goodness of fit

    /// The Kolmogorov–Smirnov statistic sup |F_n(x) − F(x)| of `samples` against the continuous CDF `cdf`.
    static func kolmogorovSmirnov(_ samples: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = samples.sorted()
        let n = Double(sorted.count)
        var worst = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            worst = max(worst, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
        }
        return worst
    }

    /// The KS statistic above which a sample of size n is rejected at level α (asymptotic: √(−ln(α/2)/2) / √n).
    static func kolmogorovSmirnovCritical(n: Int, alpha: Double) -> Double {
        (-Foundation.log(alpha / 2) / 2).squareRoot() / Double(n).squareRoot()
    }

    /// Pearson's chi-square statistic of observed counts against expected counts, and its degrees of freedom
    /// (cells − 1), after merging cells expected to hold fewer than 5 into one.
    static func chiSquare(observed: [Int], expected: [Double]) -> (statistic: Double, degreesOfFreedom: Int) {
        var cells: [(Double, Double)] = []
        var restObserved = 0.0, restExpected = 0.0
        for (o, e) in zip(observed, expected) {
            if e < 5 {
                restObserved += Double(o)
                restExpected += e
            } else {
                cells.append((Double(o), e))
            }
        }
        if restExpected > 0 { cells.append((restObserved, restExpected)) }
        let statistic = cells.reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
        return (statistic, cells.count - 1)
    }

    /// P(X ≥ x) for X chi-square distributed with k degrees of freedom: the regularised upper incomplete gamma
    /// function Q(k/2, x/2), by its power series below a + 1 and its continued fraction above.
    static func chiSquarePValue(_ x: Double, degreesOfFreedom k: Int) -> Double {
        let a = Double(k) / 2, z = x / 2
        guard z > 0 else { return 1 }
        let logPrefactor = a * Foundation.log(z) - z - lgamma(a)
        if z < a + 1 {
            // P(a, z) = z^a e^{−z} / Γ(a) · Σₙ zⁿ / (a (a+1) … (a+n)).
            var term = 1 / a, sum = term, n = 1.0
            while abs(term) > 1e-16 * abs(sum) {
                term *= z / (a + n)
                sum += term
                n += 1
            }
            return 1 - Foundation.exp(logPrefactor) * sum
        }
        // Q(a, z) = z^a e^{−z} / Γ(a) · 1 / (z + 1 − a − 1·(1 − a) / (z + 3 − a − …)), evaluated by Lentz's method.
        let tiny = 1e-300
        var b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        var i = 1.0
        while i < 10_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
            i += 1
        }
        return Foundation.exp(logPrefactor) * h
    }

    /// The standard normal CDF.
    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
