import Foundation
import Physics
import SeededRandom

/// A target density on the plane, p(q) ∝ exp(−U(q)) for q = (q1, q2), with its exact normalised log-density and an
/// exact sampler (no MCMC): the test problems of the Hamiltonian-flow benchmark (`hgnbench flows`).
///
/// | target | potential U(q) | normaliser Z = ∫ exp(−U) | symmetry |
/// |---|---|---|---|
/// | `ring` | (‖q‖ − 2)² / (2 · 0.15²) | 2π [σ² e^{−μ²/2σ²} + μσ√(2π) Φ(μ/σ)], μ = 2, σ = 0.15 (analytic) | every rotation |
/// | `eight-gaussians` | −log Σₖ exp(−‖q − cₖ‖² / (2 · 0.35²)), cₖ = 2.8 (cos kπ/4, sin kπ/4) | 8 · 2π · 0.35² | rotations by kπ/4 |
/// | `banana` | q1² / (2 · 1.5²) + (q2 − ½ q1² + 1)² / (2 · 0.3²) | 2π · 1.5 · 0.3 (a shear of two Gaussians) | none in q2 |
///
/// Every log-density is normalised exactly; the normalisers are stated in `datasets.md` and checked against adaptive
/// quadrature (to 1e-8 relative) in the tests.
public enum DensityTarget: String, Codable, CaseIterable, Sendable {
    case ring
    case eightGaussians = "eight-gaussians"
    case banana

    // MARK: Constants

    /// Radius of the ring's crest.
    public static let ringRadius = 2.0
    /// Radial width σ of the ring.
    public static let ringWidth = 0.15
    /// Number of components of the Gaussian mixture.
    public static let mixtureComponents = 8
    /// Distance of the mixture's centres from the origin.
    public static let mixtureRadius = 2.8
    /// Standard deviation of each isotropic mixture component.
    public static let mixtureWidth = 0.35
    /// Standard deviation of the banana's q1.
    public static let bananaWidth = 1.5
    /// Standard deviation of the banana's q2 around its curve ½ q1² − 1.
    public static let bananaThickness = 0.3

    /// Parses a command-line or JSON name, with an error listing the known targets.
    public static func named(_ name: String) throws(DatasetError) -> DensityTarget {
        guard let target = DensityTarget(rawValue: name) else {
            throw .invalidSpec(
                field: "target",
                reason:
                    "'\(name)' is not a known density target (known: \(allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        return target
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        self = try DensityTarget.named(name)
    }

    /// The potential as a formula, stored in every shard's `formula` attribute.
    public var formula: String {
        switch self {
        case .ring:
            return "U(q) = (|q| - 2)^2 / (2 * 0.15^2); p(q) = exp(-U(q)) / Z"
        case .eightGaussians:
            return "p(q) = (1/8) sum_k N(q; c_k, 0.35^2 I), c_k = 2.8 (cos(k pi/4), sin(k pi/4)), k = 0..7"
        case .banana:
            return "U(q) = q1^2 / (2 * 1.5^2) + (q2 - 0.5 q1^2 + 1)^2 / (2 * 0.3^2); p(q) = exp(-U(q)) / Z"
        }
    }

    /// The constants of the formula, by name (stored as shard attributes `constant_<name>`).
    public var constants: [(name: String, value: Double)] {
        switch self {
        case .ring: return [("radius", Self.ringRadius), ("width", Self.ringWidth)]
        case .eightGaussians:
            return [
                ("components", Double(Self.mixtureComponents)), ("radius", Self.mixtureRadius),
                ("width", Self.mixtureWidth),
            ]
        case .banana: return [("width", Self.bananaWidth), ("thickness", Self.bananaThickness)]
        }
    }

    /// Whether the density is unchanged by the reflection q2 → −q2 (needed to restrict it to the upper half-plane by
    /// folding, see ``DensityRegion``).
    public var isSymmetricUnderReflectionOfQ2: Bool {
        switch self {
        case .ring, .eightGaussians: return true
        case .banana: return false
        }
    }

    /// Whether the density is invariant under every rotation about the origin.
    public var isRotationInvariant: Bool { self == .ring }

    // MARK: Density

    /// log Z, the logarithm of the normaliser ∫ exp(−U(q)) dq (see the type's table). Exact to rounding.
    public var logNormalizer: Double {
        switch self {
        case .ring:
            let mu = Self.ringRadius, sigma = Self.ringWidth
            // ∫₀^∞ r exp(−(r−μ)²/2σ²) dr = σ² exp(−μ²/2σ²) + μσ√(2π) Φ(μ/σ), with Φ(x) = 1 − erfc(x/√2)/2.
            let radial =
                sigma * sigma * Foundation.exp(-mu * mu / (2 * sigma * sigma))
                + mu * sigma * (2 * Double.pi).squareRoot() * (1 - 0.5 * erfc(mu / (sigma * 2.0.squareRoot())))
            return Foundation.log(2 * Double.pi * radial)
        case .eightGaussians:
            // exp(−U) = Σₖ exp(−‖q − cₖ‖²/2σ²): eight unnormalised Gaussians of mass 2πσ² each.
            let sigma = Self.mixtureWidth
            return Foundation.log(Double(Self.mixtureComponents) * 2 * Double.pi * sigma * sigma)
        case .banana:
            // (q1, q2) ↦ (q1, q2 − ½q1² + 1) has Jacobian 1, so Z is the product of two Gaussian normalisers.
            return Foundation.log(2 * Double.pi * Self.bananaWidth * Self.bananaThickness)
        }
    }

    /// The potential U(q) = −log p(q) − log Z.
    public func potential(_ q1: Double, _ q2: Double) -> Double {
        switch self {
        case .ring:
            let r = (q1 * q1 + q2 * q2).squareRoot()
            let d = r - Self.ringRadius
            return d * d / (2 * Self.ringWidth * Self.ringWidth)
        case .eightGaussians:
            let s2 = Self.mixtureWidth * Self.mixtureWidth
            let exponents = Self.mixtureCentres.map { c in
                -((q1 - c.0) * (q1 - c.0) + (q2 - c.1) * (q2 - c.1)) / (2 * s2)
            }
            return -logSumExp(exponents)
        case .banana:
            let a = q1 / Self.bananaWidth
            let b = (q2 - 0.5 * q1 * q1 + 1) / Self.bananaThickness
            return 0.5 * (a * a + b * b)
        }
    }

    /// The exact normalised log-density log p(q) = −U(q) − log Z. O(1).
    public func logDensity(_ q1: Double, _ q2: Double) -> Double {
        -potential(q1, q2) - logNormalizer
    }

    /// The centres cₖ = 2.8 (cos kπ/4, sin kπ/4) of the mixture.
    public static let mixtureCentres: [(Double, Double)] = (0..<mixtureComponents).map { k in
        let angle = Double(k) * 2 * Double.pi / Double(mixtureComponents)
        return (mixtureRadius * Foundation.cos(angle), mixtureRadius * Foundation.sin(angle))
    }

    // MARK: Sampling

    /// One exact draw from the density, using only `generator` (so a point is regenerated from its seed alone).
    ///
    /// - ring: the radius has density ∝ r exp(−(r − μ)²/2σ²) on r > 0 (the area element r dr dθ). It is drawn by
    ///   rejection from the proposal N(μ + δ, σ²) with δ(μ + δ) = σ² (δ = √(1 + σ²) − 1 for μ = 2): the ratio
    ///   target / proposal is w(r) = r exp(−δ(2r − 2μ − δ)/2σ²), whose only maximum on r > 0 is at r* = σ²/δ =
    ///   (μ + √(μ² + 4σ²))/2, the mode of the radial density; so w(r) / w(r*) ≤ 1 is a valid acceptance
    ///   probability, and draws with r ≤ 0 are rejected. This δ minimises the bound w(r*), and about 99.9 % of
    ///   proposals are accepted. The angle is uniform on [0, 2π).
    /// - eight-gaussians: a component k uniform in 0..7, then cₖ + 0.35 N(0, I).
    /// - banana: q1 = 1.5 z1, q2 = ½ q1² − 1 + 0.3 z2 with z1, z2 standard normal.
    public func sample(using generator: inout SeededGenerator) -> (Double, Double) {
        switch self {
        case .ring:
            let r = Self.sampleRingRadius(using: &generator)
            let angle = generator.uniform(in: 0..<(2 * Double.pi))
            return (r * Foundation.cos(angle), r * Foundation.sin(angle))
        case .eightGaussians:
            let k = Int(generator.next() % UInt64(Self.mixtureComponents))
            let c = Self.mixtureCentres[k]
            let z1 = generator.gaussian(), z2 = generator.gaussian()
            return (c.0 + Self.mixtureWidth * z1, c.1 + Self.mixtureWidth * z2)
        case .banana:
            let q1 = Self.bananaWidth * generator.gaussian()
            let q2 = 0.5 * q1 * q1 - 1 + Self.bananaThickness * generator.gaussian()
            return (q1, q2)
        }
    }

    /// The shift δ of the ring radius' Gaussian proposal N(μ + δ, σ²) that minimises the rejection bound.
    /// Solves δ(μ + δ) = σ², the stationarity condition of the bound; with μ = 2 it is √(1 + σ²) − 1.
    static let ringProposalShift = ((ringRadius * ringRadius + 4 * ringWidth * ringWidth).squareRoot() - ringRadius) / 2

    /// log w(r) for the ring's rejection sampler (see ``sample(using:)``), r > 0.
    static func ringLogAcceptanceRatio(_ r: Double) -> Double {
        let sigma2 = ringWidth * ringWidth, delta = ringProposalShift, mu = ringRadius
        // log r − (r−μ)²/2σ² + (r−μ−δ)²/2σ², written out: log r − δ(2r − 2μ − δ)/2σ².
        return Foundation.log(r) - delta * (2 * r - 2 * mu - delta) / (2 * sigma2)
    }

    /// One exact draw of the ring's radius by rejection (see ``sample(using:)``).
    static func sampleRingRadius(using generator: inout SeededGenerator) -> Double {
        let mode = ringWidth * ringWidth / ringProposalShift
        let logBound = ringLogAcceptanceRatio(mode)
        while true {
            let r = generator.gaussian(mean: ringRadius + ringProposalShift, standardDeviation: ringWidth)
            let u = generator.unitUniform()
            guard r > 0 else { continue }
            if Foundation.log(1 - u) <= ringLogAcceptanceRatio(r) - logBound { return r }
        }
    }
}

/// The part of the plane a split's points are restricted to.
///
/// `upper-half-plane` keeps q2 ≥ 0. It is sampled exactly by folding: draw from the full target and replace q2 by
/// |q2|, which gives the restricted density 2 p(q) on q2 ≥ 0 for targets symmetric under q2 → −q2 (ring,
/// eight-gaussians). The stored log-density of such a split is that of the restricted density, log p(q) + log 2.
public enum DensityRegion: String, Codable, CaseIterable, Sendable {
    case plane
    case upperHalfPlane = "upper-half-plane"

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let region = DensityRegion(rawValue: name) else {
            throw DatasetError.invalidSpec(
                field: "splits[].region",
                reason:
                    "'\(name)' is not a known region (known: \(DensityRegion.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        self = region
    }

    /// A short description for attributes and listings.
    public var condition: String {
        switch self {
        case .plane: return "all q"
        case .upperHalfPlane: return "q2 >= 0"
        }
    }

    /// One exact draw of `target` restricted to this region.
    public func sample(_ target: DensityTarget, using generator: inout SeededGenerator) -> (Double, Double) {
        let (q1, q2) = target.sample(using: &generator)
        switch self {
        case .plane: return (q1, q2)
        case .upperHalfPlane: return (q1, abs(q2))
        }
    }

    /// The normalised log-density of `target` restricted to this region (−∞ outside it).
    public func logDensity(_ target: DensityTarget, _ q1: Double, _ q2: Double) -> Double {
        switch self {
        case .plane: return target.logDensity(q1, q2)
        case .upperHalfPlane: return q2 >= 0 ? target.logDensity(q1, q2) + Foundation.log(2.0) : -.infinity
        }
    }
}

/// log Σ exp(xᵢ), stable for large or very negative terms. O(n).
func logSumExp(_ values: [Double]) -> Double {
    guard let largest = values.max(), largest.isFinite else { return values.max() ?? -.infinity }
    return largest + Foundation.log(values.reduce(0) { $0 + Foundation.exp($1 - largest) })
}
