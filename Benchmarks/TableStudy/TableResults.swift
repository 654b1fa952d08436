import BenchmarkStatistics
import Systems
import Training

/// Everything the table's files are written from: the finished cells and the physics floor, by system.
public struct TableResults {
    public var profile: TableProfile
    public var systems: [SystemKind]
    /// The model rows in order (those with at least one finished cell).
    public var modelRows: [String]
    /// Every finished cell, by system.
    public var cells: [SystemKind: [CellResult]]
    /// The floor of each system (missing for a system whose floor was not computed).
    public var floors: [SystemKind: SystemFloor]

    /// The trivial predictors, scored on the same frames as the models.
    public static let baselineRows = ["mean-frame", "last-frame"]
    /// The physics floor's rows.
    public static let floorRows = ["truth", "oracle"]

    public init(
        profile: TableProfile, systems: [SystemKind], cells: [SystemKind: [CellResult]],
        floors: [SystemKind: SystemFloor]
    ) {
        self.profile = profile
        self.systems = systems
        self.cells = cells
        self.floors = floors
        var rows: [String] = []
        for system in systems {
            for cell in cells[system] ?? [] where !rows.contains(cell.row) { rows.append(cell.row) }
        }
        modelRows = rows
    }

    /// Every row: the models, the baselines, the floor.
    public var allRows: [String] { modelRows + Self.baselineRows + Self.floorRows }

    /// Whether `row` is a model (trained with seeds) rather than a baseline or a floor row.
    public func isModel(_ row: String) -> Bool { modelRows.contains(row) }

    /// The scores of `row` on `system` in `evaluation`: one per training seed (in seed order) for a model, one
    /// (without a seed) for a baseline or floor row; empty when missing.
    public func scores(
        _ row: String, _ system: SystemKind, _ evaluation: Evaluation
    )
        -> [(seed: UInt64?, scores: RolloutScores)]
    {
        let systemCells = cells[system] ?? []
        switch row {
        case "mean-frame", "last-frame":
            guard let first = systemCells.first else { return [] }
            let comparison = first.comparison(evaluation)
            return [(nil, row == "mean-frame" ? comparison.meanFrame : comparison.lastFrame)]
        case "truth", "oracle":
            guard let floor = floors[system] else { return [] }
            let comparison = floor.comparison(evaluation)
            return [(nil, row == "truth" ? comparison.truth : comparison.oracle)]
        default:
            return systemCells.filter { $0.row == row }.sorted { ($0.seed ?? 0) < ($1.seed ?? 0) }
                .map { ($0.seed, $0.comparison(evaluation).model) }
        }
    }

    /// The finished cells of a model row on a system, in seed order.
    public func cells(_ row: String, _ system: SystemKind) -> [CellResult] {
        (cells[system] ?? []).filter { $0.row == row }.sorted { ($0.seed ?? 0) < ($1.seed ?? 0) }
    }

    /// The statistics of a row on a system in an evaluation (`nil` when missing).
    public func statistics(_ row: String, _ system: SystemKind, _ evaluation: Evaluation) -> RowStatistics? {
        let all = scores(row, system, evaluation)
        guard !all.isEmpty else { return nil }
        return RowStatistics(
            row: row, system: system.rawValue, evaluation: evaluation,
            seeds: all.compactMap(\.seed), scores: all.map(\.scores))
    }

    /// Where a row's test mean sits between the mean frame (1) and a floor row (0): `(row − floor) / (mean-frame −
    /// floor)`, with the same map applied to the row's interval (the mean frame and the floor have no seed).
    public func gapFraction(
        _ row: String, _ system: SystemKind, floor: String
    ) -> (value: Double, interval: ConfidenceInterval?)? {
        guard let statistics = statistics(row, system, .test),
            let base = self.statistics("mean-frame", system, .test)?.mean,
            let bottom = self.statistics(floor, system, .test)?.mean, base != bottom
        else { return nil }
        func map(_ value: Double) -> Double { (value - bottom) / (base - bottom) }
        return (
            map(statistics.mean),
            statistics.interval.map {
                ConfidenceInterval(lower: min(map($0.lower), map($0.upper)), upper: max(map($0.lower), map($0.upper)))
            }
        )
    }
}

/// A row's numbers on one system and evaluation.
///
/// **The row's interval is a Student-t interval over the training seeds' means** (`mean ± t(0.975, S − 1) ·
/// sd(seed means) / √S`). A training seed is the unit that varies when the experiment is rerun; each seed's mean over
/// every test sequence is close to normal, so the t-interval is the standard, exact-under-normality choice, and with
/// 3 seeds it is honestly wide (t = 4.30). The test sequences are fixed and shared by every row, so their sampling
/// error is common to all rows and cancels in comparisons; the orderings, which are what the table's claims rest on,
/// resample sequences as well as seeds (``PairedBootstrap``). A bootstrap over only 3 seeds would have 10 distinct
/// draws and shrink the seed spread by √(2/3), which is why it is not used for the rows. Baseline and floor rows are
/// deterministic: no interval.
public struct RowStatistics: Codable, Equatable {
    public var row: String
    public var system: String
    public var evaluation: Evaluation
    /// The training seeds (empty for a baseline or floor row).
    public var seeds: [UInt64]
    /// Each seed's mean over sequences (one value for a baseline or floor row).
    public var seedMeans: [Double]
    /// The mean over seeds of the seed means.
    public var mean: Double
    /// The 95% t-interval over the seed means (`nil` with fewer than two seeds).
    public var interval: ConfidenceInterval?
    /// The spread over sequences: the square root of the mean over seeds of each seed's variance over sequences.
    public var sequenceStandardDeviation: Double
    /// Sequences scored per seed.
    public var sequences: Int
    /// Mean over seeds of the valid prediction time.
    public var validPredictionTime: Double

    public init(row: String, system: String, evaluation: Evaluation, seeds: [UInt64], scores: [RolloutScores]) {
        self.row = row
        self.system = system
        self.evaluation = evaluation
        self.seeds = seeds
        seedMeans = scores.map(\.meanSquaredError)
        mean = TableStatistics.mean(seedMeans)
        interval = seeds.count > 1 ? TableStatistics.tInterval(seedMeans) : nil
        sequenceStandardDeviation = TableStatistics.mean(scores.map { $0.standardDeviation * $0.standardDeviation })
            .squareRoot()
        sequences = scores.first?.sequences ?? 0
        validPredictionTime = TableStatistics.mean(scores.map(\.validPredictionTime))
    }
}

extension SystemFloor {
    /// The floor's comparison of a named evaluation.
    public func comparison(_ evaluation: Evaluation) -> FloorComparison {
        switch evaluation {
        case .train: train
        case .test: test
        case .backward: backward
        case .long: long
        }
    }
}
