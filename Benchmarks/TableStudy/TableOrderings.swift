import BenchmarkStatistics
import Foundation
import Systems
import Training

/// A claim of the form "A below B" about the test pixel MSE of two rows.
public struct OrderingClaim: Equatable, Sendable {
    /// The row claimed lower.
    public var first: String
    /// The row claimed higher.
    public var second: String
    /// The claim in words, with where it comes from.
    public var statement: String

    public init(first: String, second: String, statement: String) {
        self.first = first
        self.second = second
        self.statement = statement
    }
}

extension OrderingVerdict {
    /// The smallest difference that counts in the table, as a fraction of B's mean test error: 1%. Rows that differ
    /// only by rounding (one model's weights rolled out by two integrators after a few training steps) would otherwise
    /// be labelled `holds` or `reversed` on differences of 1e-10.
    public static let negligibleFraction = 0.01

    /// The table's verdict of a 95% interval of A − B when B's mean error is `reference`: differences within
    /// ±``negligibleFraction`` of it are ``negligible``.
    public static func of(_ interval: ConfidenceInterval, reference: Double) -> OrderingVerdict {
        of(interval, negligibleBand: negligibleFraction * abs(reference))
    }
}

/// One ordering on one system: the paired difference of two rows' test errors and its verdict.
public struct OrderingResult: Codable, Equatable, Sendable {
    public var system: String
    public var first: String
    public var second: String
    public var claim: String
    /// The training seeds paired (seed k of A against seed k of B; all of A's when B is a baseline or floor row).
    public var seeds: [UInt64]
    /// Test sequences per seed.
    public var sequences: Int
    /// Mean test MSE of A and of B over the paired seeds and sequences.
    public var firstMean: Double
    public var secondMean: Double
    /// Mean of A − B over the paired seeds and sequences.
    public var difference: Double
    /// Its 95% bootstrap interval (``PairedBootstrap``).
    public var interval: ConfidenceInterval
    /// In how many seeds the seed's own mean difference has the sign of ``difference``.
    public var seedsAgreeing: Int
    public var verdict: OrderingVerdict
}

/// The orderings the README states, computed from the per-sequence errors of the cells: `orderings.md` and
/// `orderings.csv`.
public enum TableOrderings {
    /// The paper's orderings (and each model against the mean frame), in the order the files list them. A claim is
    /// computed on a system when both rows have results there.
    public static func claims(modelRows: [String]) -> [OrderingClaim] {
        [
            OrderingClaim(
                first: "hgn-leapfrog", second: "pixelhnn",
                statement: "HGN below PixelHNN (the paper: by a large margin)"),
            OrderingClaim(
                first: "hgn-leapfrog", second: "hgn-euler",
                statement: "leapfrog below Euler (the paper's case for a symplectic integrator)"),
            OrderingClaim(first: "hgn-leapfrog", second: "hgn-rk4", statement: "leapfrog below RK4"),
            OrderingClaim(
                first: "hgn-rk4", second: "hgn-euler", statement: "RK4 below Euler (fourth order below first)"),
            OrderingClaim(
                first: "hgn-deterministic", second: "hgn-leapfrog",
                statement: "deterministic below variational (the paper's Table 1)"),
            OrderingClaim(first: "hgn-leapfrog", second: "hgn-no-fpsi", statement: "with f_psi below without"),
        ]
            + modelRows.map {
                OrderingClaim(
                    first: $0, second: "mean-frame", statement: "\($0) below the mean frame (more than the background)")
            }
    }

    /// Every claim on every system where both rows have test results.
    public static func compute(_ results: TableResults, bootstrap: PairedBootstrap = .table) -> [OrderingResult] {
        var orderings: [OrderingResult] = []
        for system in results.systems {
            for claim in claims(modelRows: results.modelRows) {
                if let ordering = compute(claim, on: system, results, bootstrap: bootstrap) {
                    orderings.append(ordering)
                }
            }
        }
        return orderings
    }

    /// One claim on one system (`nil` when a row is missing or its per-sequence errors were not kept).
    public static func compute(
        _ claim: OrderingClaim, on system: SystemKind, _ results: TableResults,
        bootstrap: PairedBootstrap
    ) -> OrderingResult? {
        let a = results.scores(claim.first, system, .test), b = results.scores(claim.second, system, .test)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        // Pair by seed: a row without seeds (baseline, floor) pairs with every seed of the other.
        var pairs: [(seed: UInt64?, a: [Double], b: [Double])] = []
        for left in a {
            guard let leftErrors = left.scores.perSequence else { return nil }
            let match = b.first { $0.seed == nil || $0.seed == left.seed || left.seed == nil }
            guard let right = match, let rightErrors = right.scores.perSequence,
                rightErrors.count == leftErrors.count
            else { continue }
            pairs.append((left.seed ?? right.seed, leftErrors, rightErrors))
        }
        guard !pairs.isEmpty, let sequences = pairs.first?.a.count, sequences > 0 else { return nil }
        let differences = pairs.map { zip($0.a, $0.b).map { $0 - $1 } }
        let seedDifferences = differences.map(TableStatistics.mean)
        let difference = TableStatistics.mean(seedDifferences)
        let interval = bootstrap.interval(differences)
        let secondMean = TableStatistics.mean(pairs.map { TableStatistics.mean($0.b) })
        let verdict = OrderingVerdict.of(interval, reference: secondMean)
        return OrderingResult(
            system: system.rawValue, first: claim.first, second: claim.second, claim: claim.statement,
            seeds: pairs.compactMap(\.seed), sequences: sequences,
            firstMean: TableStatistics.mean(pairs.map { TableStatistics.mean($0.a) }),
            secondMean: secondMean,
            difference: difference, interval: interval,
            seedsAgreeing: seedDifferences.filter { ($0 < 0) == (difference < 0) && $0 != 0 }.count,
            verdict: verdict)
    }

    /// `orderings.md`.
    public static func markdown(
        _ orderings: [OrderingResult], profile: TableProfile, command: String,
        bootstrap: PairedBootstrap = .table
    ) -> String {
        var text = "# Orderings of the HGN table at profile `\(profile.rawValue)`\n\n"
        text += "Command: `\(command)`\n\n"
        text += method(bootstrap: bootstrap) + "\n"
        text +=
            "| system | claim (A below B) | A | B | A − B (x 1e-4) | 95% interval | (A − B) / B | seeds agreeing | verdict |\n"
        text += "|---|---|---|---|---|---|---|---|---|\n"
        for o in orderings {
            text +=
                "| \(o.system) | \(o.claim) | \(o.first) \(format(o.firstMean)) | \(o.second) \(format(o.secondMean)) | "
            text += "\(format(o.difference, signed: true)) | [\(format(o.interval.lower, signed: true)), "
            text += "\(format(o.interval.upper, signed: true))] | "
            text += String(format: "%+.1f%%", o.secondMean == 0 ? 0 : 100 * o.difference / o.secondMean)
            text +=
                " | \(o.seeds.isEmpty ? "–" : "\(o.seedsAgreeing)/\(o.seeds.count)") | **\(o.verdict.rawValue)** |\n"
        }
        return text
    }

    /// The method paragraph of `orderings.md` (also quoted by `table1.md`).
    public static func method(bootstrap: PairedBootstrap) -> String {
        var text = "Each claim \"A below B\" is tested on the test pixel MSE by the paired difference A − B: on every "
        text += "test sequence of the profile, seed k of A against seed k of B (a baseline or floor row has no seed "
        text += "and pairs with every seed), averaged over sequences and seeds. Its 95% interval is a seeded "
        text += "bootstrap (generator seed \(bootstrap.seed), \(bootstrap.replicates) replicates): each replicate "
        text += "resamples the training seeds and, independently, the test sequences with replacement (the unit of "
        text += "resampling is the seed and the sequence, crossed), and the interval is the 2.5% and 97.5% "
        text += "percentiles of the replicate means. `holds`: the interval lies below 0; `reversed`: above 0; "
        text += "`not resolved at this budget`: it contains 0; `no practical difference`: the whole interval lies "
        text += "within ±1% of B's mean, whatever its sign. With 3 seeds the seed level of the bootstrap has only "
        text +=
            "10 distinct draws, so \"seeds agreeing\" says in how many seeds the seed's own mean difference has the "
        text += "sign of the overall one.\n"
        return text
    }

    /// `orderings.csv`: one line per ordering; MSE in units of 1e-4.
    public static func csv(_ orderings: [OrderingResult]) -> String {
        var lines = [
            "system,first,second,claim,seeds,sequences,first_mean_x1e4,second_mean_x1e4,difference_x1e4,"
                + "lower_x1e4,upper_x1e4,seeds_agreeing,verdict"
        ]
        for o in orderings {
            lines.append(
                [
                    o.system, o.first, o.second, "\"\(o.claim)\"", o.seeds.map(String.init).joined(separator: " "),
                    "\(o.sequences)", format(o.firstMean, digits: 4), format(o.secondMean, digits: 4),
                    format(o.difference, digits: 4), format(o.interval.lower, digits: 4),
                    format(o.interval.upper, digits: 4), "\(o.seedsAgreeing)", o.verdict.rawValue,
                ]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An MSE in units of 1e-4.
    static func format(_ value: Double, signed: Bool = false, digits: Int = 2) -> String {
        String(format: signed ? "%+.\(digits)f" : "%.\(digits)f", value * 1e4)
    }
}
