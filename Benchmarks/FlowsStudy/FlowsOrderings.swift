import BenchmarkStatistics
import Foundation

/// One comparison the flows report makes: on one cell, the paired difference A − B of two models' per-point test
/// NLL on the same test points, with its bootstrap interval and verdict.
public struct FlowsOrdering: Codable, Equatable, Sendable {
    public var cell: FlowCell
    /// The model claimed lower (better).
    public var first: String
    /// The model it is compared with.
    public var second: String
    /// The claim in words.
    public var claim: String
    /// Test points paired.
    public var points: Int
    /// Mean test NLL of A and of B (nats).
    public var firstMean: Double
    public var secondMean: Double
    /// Mean of A − B over the points.
    public var difference: Double
    /// Its 95% bootstrap interval over the test points (``PairedBootstrap`` with one seed).
    public var interval: ConfidenceInterval
    public var verdict: OrderingVerdict

    enum CodingKeys: String, CodingKey {
        case cell, first, second, claim, points, difference, interval, verdict
        case firstMean = "first_mean"
        case secondMean = "second_mean"
    }
}

/// The comparisons of `hgnbench flows`: EHF against NHF, each flow against the KDE, and, in the sweep, the chosen
/// EHF against its encoder alone.
///
/// Each is the paired difference of per-point test NLL (flows: −log of the IW-128 estimate; baselines: exact) on the
/// same test points, with a seeded bootstrap 95% interval over the points (``PairedBootstrap/standard``). One training
/// seed: the interval covers the choice of test points and the Monte Carlo noise of the estimates, not the variation
/// between training runs. Verdicts: `holds` (the interval lies below 0), `reversed` (above 0), `not resolved at this
/// budget` (it contains 0); NLL has no natural scale for a negligible band, so none is used.
public enum FlowsOrderings {
    /// A claim "A below B", computed on every cell where both models have test NLL.
    public struct Claim: Sendable, Equatable {
        public var first: String
        public var second: String
        public var statement: String
    }

    /// The claims, in the order the report lists them.
    public static let claims = [
        Claim(first: "ehf", second: "nhf", statement: "EHF below NHF"),
        Claim(first: "ehf", second: "kde", statement: "EHF below the KDE"),
        Claim(first: "nhf", second: "kde", statement: "NHF below the KDE"),
        Claim(
            first: "ehf", second: "ehf-encoder-only",
            statement: "EHF below its equivariant encoder alone (λ = 0): the penalty helps"),
    ]

    /// Every claim on every cell of `cells` where both models have per-point test NLL (`perPoint[cell][model]`).
    public static func compute(
        cells: [FlowCell], perPoint: [FlowCell: [String: [Double]]], bootstrap: PairedBootstrap = .standard
    ) -> [FlowsOrdering] {
        var orderings: [FlowsOrdering] = []
        for cell in cells {
            for claim in claims {
                guard let a = perPoint[cell]?[claim.first], let b = perPoint[cell]?[claim.second],
                    let ordering = compare(a, b, claim: claim, cell: cell, bootstrap: bootstrap)
                else { continue }
                orderings.append(ordering)
            }
        }
        return orderings
    }

    /// The paired comparison of two per-point NLL arrays over the same points (nil when they differ in length, are
    /// empty or hold a non-finite value).
    public static func compare(
        _ a: [Double], _ b: [Double], claim: Claim, cell: FlowCell, bootstrap: PairedBootstrap = .standard
    ) -> FlowsOrdering? {
        guard a.count == b.count, !a.isEmpty, (a + b).allSatisfy(\.isFinite) else { return nil }
        let differences = zip(a, b).map { $0 - $1 }
        let interval = bootstrap.interval([differences])
        return FlowsOrdering(
            cell: cell, first: claim.first, second: claim.second, claim: claim.statement, points: a.count,
            firstMean: mean(a), secondMean: mean(b), difference: mean(differences), interval: interval,
            verdict: OrderingVerdict.of(interval, negligibleBand: 0))
    }

    /// The method paragraph of the report.
    public static func method(bootstrap: PairedBootstrap = .standard) -> String {
        "Each claim \"A below B\" is the paired difference A − B of per-point test NLL (flows: −log of the IW-128 "
            + "estimate; baselines: exact) on the same test points of one cell, averaged over the points. Its 95% "
            + "interval is a seeded bootstrap over the test points (generator seed \(bootstrap.seed), "
            + "\(bootstrap.replicates) replicates; the 2.5% and 97.5% percentiles of the replicate means). `holds`: the "
            + "interval lies below 0; `reversed`: above 0; `not resolved at this budget`: it contains 0. One training "
            + "seed per model: the interval covers the choice of test points and the Monte Carlo noise of the "
            + "estimates, not the variation between training runs."
    }

    /// The Markdown table of the report.
    public static func markdown(_ orderings: [FlowsOrdering]) -> String {
        var lines = [
            "| target | n_train | claim (A below B) | A | B | A − B | 95% interval | verdict |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for o in orderings {
            let cells = [
                o.cell.target, "\(o.cell.nTrain)", o.claim, "\(o.first) \(number(o.firstMean))",
                "\(o.second) \(number(o.secondMean))", signed(o.difference),
                "[\(signed(o.interval.lower)), \(signed(o.interval.upper))]", "**\(o.verdict.rawValue)**",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `flows-orderings.csv`: one line per comparison, NLL in nats.
    public static func csv(_ orderings: [FlowsOrdering]) -> String {
        var lines = ["target,n_train,first,second,claim,points,first_mean,second_mean,difference,lower,upper,verdict"]
        for o in orderings {
            lines.append(
                [
                    o.cell.target, "\(o.cell.nTrain)", o.first, o.second, "\"\(o.claim)\"", "\(o.points)",
                    number(o.firstMean), number(o.secondMean), number(o.difference), number(o.interval.lower),
                    number(o.interval.upper), o.verdict.rawValue,
                ]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String { String(format: "%.4f", value) }
    static func signed(_ value: Double) -> String { String(format: "%+.4f", value) }
}
