import Models

/// The choice of the headline Equivariant Hamiltonian Flow's λ on the `valid` split, never on test.
///
/// **Rule.** Every candidate λ (the plan's positive values) is trained on every sweep cell and scored there by the
/// headline estimator (IW-128 NLL) on the first `validPoints` points of the preset's `valid` split. The chosen λ has
/// the lowest mean valid NLL over the sweep cells (each cell weighs the same). A candidate that lacks a score on a
/// sweep cell, or whose score is not finite, has mean +∞ and is chosen only when every candidate has; ties (equal
/// means) go to the smaller λ. Test points play no part.
///
/// The valid split is drawn like the train split (the half ring's from q2 ≥ 0 too), so the choice uses only data
/// from the distribution the models are trained on.
public struct LambdaSelection: Encodable, Equatable, Sendable {
    /// One candidate's valid NLL on one sweep cell.
    public struct Score: Codable, Equatable, Sendable {
        public var cell: FlowCell
        public var lambda: Double
        /// −mean IW estimate of log p over the cell's valid points.
        public var validNLL: Double

        public init(cell: FlowCell, lambda: Double, validNLL: Double) {
            self.cell = cell
            self.lambda = lambda
            self.validNLL = validNLL
        }

        enum CodingKeys: String, CodingKey {
            case cell, lambda
            case validNLL = "valid_nll"
        }
    }

    /// The candidates, smallest first.
    public var candidates: [Double]
    /// The sweep cells the means run over.
    public var cells: [FlowCell]
    /// Every score the rule saw.
    public var scores: [Score]
    /// The mean valid NLL of each candidate over ``cells`` (+∞ when a score is missing or not finite), in the order
    /// of ``candidates``.
    public var means: [Double]
    /// The chosen λ.
    public var chosen: Double

    /// The rule in one sentence, as the reports state it.
    public static let rule =
        "the candidate λ > 0 with the lowest mean valid NLL (IW-128) over the sweep cells, each cell weighing the same; ties go to the smaller λ; test points play no part"

    enum CodingKeys: String, CodingKey {
        case candidates, cells, scores, means, chosen, rule
    }

    public init(candidates: [Double], cells: [FlowCell], scores: [Score], means: [Double], chosen: Double) {
        self.candidates = candidates
        self.cells = cells
        self.scores = scores
        self.means = means
        self.chosen = chosen
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(cells, forKey: .cells)
        try c.encode(scores, forKey: .scores)
        // JSON has no infinity: a candidate that never scored is written as null.
        try c.encode(means.map { $0.isFinite ? $0 : nil }, forKey: .means)
        try c.encode(chosen, forKey: .chosen)
        try c.encode(Self.rule, forKey: .rule)
    }

    /// Applies the rule to `scores` of `candidates` on `cells`.
    public static func choose(
        candidates: [Double], cells: [FlowCell], scores: [Score]
    ) throws(FlowError) -> LambdaSelection {
        let ordered = Array(Set(candidates)).sorted()
        guard let smallest = ordered.first, ordered.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .invalidValue(
                name: "--lambdas", value: candidates.map(formatLambda).joined(separator: ","),
                reason: "needs at least one positive finite value to choose an EHF lambda from")
        }
        guard !cells.isEmpty else {
            throw .invalidValue(name: "sweep", value: "(no cells)", reason: "lambda is chosen on at least one cell")
        }
        let means = ordered.map { lambda -> Double in
            var total = 0.0
            for cell in cells {
                guard let score = scores.first(where: { $0.cell == cell && $0.lambda == lambda }),
                    score.validNLL.isFinite
                else { return .infinity }
                total += score.validNLL
            }
            return total / Double(cells.count)
        }
        var chosen = smallest, best = means[0]
        for (lambda, mean) in zip(ordered, means).dropFirst() where mean < best {
            chosen = lambda
            best = mean
        }
        return LambdaSelection(candidates: ordered, cells: cells, scores: scores, means: means, chosen: chosen)
    }

    /// The mean valid NLL of `lambda` (nil when it is not a candidate).
    public func mean(of lambda: Double) -> Double? {
        candidates.firstIndex(of: lambda).map { means[$0] }
    }
}
