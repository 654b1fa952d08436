import Foundation

/// Mean, standard deviation and range of each coordinate of one field over a split.
///
/// With n values of a coordinate and the exact sums S₁ ≈ Σ v and S₂ ≈ Σ v² of ``StatisticsSums`` (exact sums of
/// per-trajectory terms, see ``TrajectoryStatistics``):
/// - `mean` = round(S₁) / n;
/// - `std` = √(round(n S₂ − S₁²) / n²), the population standard deviation (numpy's `std` with `ddof=0`), with the
///   numerator computed exactly and rounded once, so no cancellation is lost even when the mean dwarfs the spread;
/// - `min`, `max`: the exact extremes.
///
/// Pooling shards is adding their exact sums (n = Σ nₖ, S₁ = Σ S₁ₖ, S₂ = Σ S₂ₖ), which is exact, so the result is the
/// same for any cut of the split into shards, in any order.
public struct FieldStatistics: Codable, Equatable, Sendable {
    /// The coordinates' names (the state's, e.g. `q`, `p`, for `x`, `dx_dt` and `x_delta`; `red`, `green`, `blue`
    /// for images; `energy`).
    public var names: [String]
    /// Values per coordinate.
    public var count: Int
    public var mean: [Double]
    public var std: [Double]
    public var min: [Double]
    public var max: [Double]
}

/// The normalisation statistics of a video dataset, over its `train` split, as `manifest.json` records them under
/// `statistics` (and the dataset card and `physgen inspect` show them).
///
/// Computed while generating, without a second pass over the data: each shard stores the exact sums of its
/// trajectories (``StatisticsSums``, root attribute `statistics_sums`), and the manifest's writer adds the sums of the
/// split's shards. Since every sum is exact, the statistics are identical for any `--jobs`, any `--shards`, a
/// `--shard I` job array or a resumed run.
///
/// Pixels are in their stored units (uint8, 0…255): for frames scaled to [0, 1], divide `mean` and `std` by 255.
/// `x_delta` summarises the step from one frame to the next, `x[t + 1] − x[t]` (as The Well ships for its fields),
/// the scale of a model that predicts increments.
public struct NormalizationStatistics: Codable, Equatable, Sendable {
    /// The split summarised (`train`).
    public var split: String
    /// Trajectories in it.
    public var trajectories: Int
    /// `/image`, per channel (`red`, `green`, `blue`), in 0…255.
    public var image: FieldStatistics
    /// `/x`, per state coordinate.
    public var state: FieldStatistics
    /// `/dx_dt`, per state coordinate.
    public var stateDerivative: FieldStatistics
    /// `x[t + 1] − x[t]`, per state coordinate (`nil` for trajectories of one frame).
    public var stateDifference: FieldStatistics?
    /// `/energy`.
    public var energy: FieldStatistics

    /// The split whose statistics a manifest records.
    public static let splitName = "train"

    /// The channel names of `/image`.
    public static let channelNames = ["red", "green", "blue"]

    enum CodingKeys: String, CodingKey {
        case split, trajectories, image
        case state = "x"
        case stateDerivative = "dx_dt"
        case stateDifference = "x_delta"
        case energy
    }

    /// The statistics of `split`, from its shards' sums (any order) and the state's coordinate names.
    public init(split: String, sums: StatisticsSums, stateNames: [String]) {
        self.split = split
        trajectories = sums.trajectories
        image = sums.image.statistics(names: Self.channelNames)
        state = sums.state.statistics(names: stateNames)
        stateDerivative = sums.stateDerivative.statistics(names: stateNames)
        stateDifference =
            sums.stateDifference.count > 0
            ? sums.stateDifference.statistics(names: stateNames) : nil
        energy = sums.energy.statistics(names: ["energy"])
    }

    /// The fields in display order, with their dataset names.
    public var fields: [(name: String, statistics: FieldStatistics)] {
        [("image", image), ("x", state), ("dx_dt", stateDerivative)] + (stateDifference.map { [("x_delta", $0)] } ?? [])
            + [("energy", energy)]
    }

    /// The statistics of the `train` split of a video dataset whose shards are in `folder`, from the sums every shard
    /// stores (only the attributes are read); `nil` when the manifest has no `train` split.
    static func of(_ manifest: Manifest, folder: String) throws(DatasetError) -> NormalizationStatistics? {
        guard let split = manifest.splits.first(where: { $0.name == splitName }) else { return nil }
        var total: StatisticsSums?
        var stateNames: [String] = []
        for entry in split.shards {
            let reader = try ShardReader(path: (folder as NSString).appendingPathComponent(entry.file))
            let sums = try reader.statisticsSums()
            stateNames = reader.attributes.stateNames
            if total == nil { total = StatisticsSums(stateCount: stateNames.count) }
            total?.add(sums)
        }
        guard let total, total.isFinite else {
            throw .validationFailed(
                path: folder, reason: "the train split's statistics sums are missing or not finite; regenerate it")
        }
        return NormalizationStatistics(split: split.name, sums: total, stateNames: stateNames)
    }

    /// Lines for `physgen inspect` and the dataset card: one per coordinate, `mean ± std [min, max]`.
    public func summaryLines() -> [String] {
        var lines = ["statistics of the \(split) split (\(trajectories) trajectories; pooled exactly over its shards):"]
        for (name, field) in fields {
            let coordinates = field.names.indices.map { j in
                "\(field.names[j]) \(Self.format(field.mean[j])) ± \(Self.format(field.std[j])) [\(Self.format(field.min[j])), \(Self.format(field.max[j]))]"
            }
            lines.append("  \(name): " + coordinates.joined(separator: "; "))
        }
        return lines
    }

    /// Six significant digits.
    static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}
