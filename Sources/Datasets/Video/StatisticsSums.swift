import Foundation

/// Sums of one field's coordinates (or an image's channels) over some trajectories: how many values each coordinate
/// has, its sum and sum of squares (exact sums of per-trajectory terms, ``TrajectoryStatistics``), and its smallest
/// and largest value.
///
/// Each trajectory's part is a function of its values alone, and parts are added exactly and order-independently
/// (``ExactSum``, integer counts, minimum and maximum), so sums of the same trajectories are identical however they
/// are grouped into shards, batches or threads.
public struct CoordinateSums: Codable, Equatable, Sendable {
    /// Values per coordinate.
    public var count: Int
    /// Σ v per coordinate.
    public var sum: [ExactSum]
    /// Σ v² per coordinate (see ``TrajectoryStatistics`` for how a trajectory's part is formed).
    public var sumOfSquares: [ExactSum]
    /// Smallest value per coordinate (+∞ when ``count`` is 0).
    public var minimum: [Double]
    /// Largest value per coordinate (−∞ when ``count`` is 0).
    public var maximum: [Double]

    /// Empty sums of `coordinates` coordinates.
    public init(coordinates: Int) {
        count = 0
        sum = Array(repeating: ExactSum(), count: coordinates)
        sumOfSquares = Array(repeating: ExactSum(), count: coordinates)
        minimum = Array(repeating: .infinity, count: coordinates)
        maximum = Array(repeating: -.infinity, count: coordinates)
    }

    /// Number of coordinates.
    public var coordinates: Int { sum.count }

    /// Adds one trajectory's part, `terms` as ``TrajectoryStatistics/appendTerms(of:coordinates:differences:to:)`` wrote
    /// them for `rows` values per coordinate: every term added exactly.
    mutating func add(terms: ArraySlice<Double>, rows: Int) {
        precondition(terms.count == coordinates * TrajectoryStatistics.termsPerCoordinate, "terms of another field")
        guard rows > 0 else { return }
        var index = terms.startIndex
        for j in 0..<coordinates {
            sum[j].add(terms[index])
            sum[j].add(terms[index + 1])
            for k in 2..<9 { sumOfSquares[j].add(terms[index + k]) }
            minimum[j] = Swift.min(minimum[j], terms[index + 9])
            maximum[j] = Swift.max(maximum[j], terms[index + 10])
            index += TrajectoryStatistics.termsPerCoordinate
        }
        count += rows
    }

    /// Adds the values of one trajectory, `rows` rows [rows, coordinates] (row-major); see ``TrajectoryStatistics``.
    mutating func addTrajectory(rows values: ArraySlice<Double>) {
        var terms: [Double] = []
        let rows = TrajectoryStatistics.appendTerms(
            of: values, coordinates: coordinates, differences: false, to: &terms)
        add(terms: terms[...], rows: rows)
    }

    /// Adds the differences between consecutive rows of one trajectory, `v[t + 1] − v[t]`.
    mutating func addTrajectoryDifferences(rows values: ArraySlice<Double>) {
        var terms: [Double] = []
        let rows = TrajectoryStatistics.appendTerms(of: values, coordinates: coordinates, differences: true, to: &terms)
        add(terms: terms[...], rows: rows)
    }

    /// Adds everything `other` holds (same number of coordinates).
    mutating func add(_ other: CoordinateSums) {
        precondition(other.coordinates == coordinates, "sums of different fields")
        count += other.count
        for j in 0..<coordinates {
            sum[j].add(other.sum[j])
            sumOfSquares[j].add(other.sumOfSquares[j])
            minimum[j] = Swift.min(minimum[j], other.minimum[j])
            maximum[j] = Swift.max(maximum[j], other.maximum[j])
        }
    }

    /// Whether every sum is finite (a non-finite value was never added).
    var isFinite: Bool { (sum + sumOfSquares).allSatisfy(\.isFinite) }

    /// Mean, standard deviation and range of every coordinate: the pooled formulas of ``FieldStatistics``.
    func statistics(names: [String]) -> FieldStatistics {
        precondition(names.count == coordinates, "one name per coordinate")
        let n = count
        let mean = sum.map { n > 0 ? $0.value / Double(n) : .nan }
        let std = zip(sum, sumOfSquares).map { s1, s2 -> Double in
            guard n > 0 else { return .nan }
            // n² var = n Σv² − (Σv)², exact; rounded once, then divided by n².
            let numerator = (s2.scaled(by: n) - s1 * s1).value
            return (max(numerator, 0) / (Double(n) * Double(n))).squareRoot()
        }
        return FieldStatistics(names: names, count: n, mean: mean, std: std, min: minimum, max: maximum)
    }

    enum CodingKeys: String, CodingKey {
        case count, sum
        case sumOfSquares = "sum_of_squares"
        case minimum = "min"
        case maximum = "max"
    }

    /// JSON has no infinities: the extremes of no values (count 0) are stored as empty lists.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        sum = try c.decode([ExactSum].self, forKey: .sum)
        sumOfSquares = try c.decode([ExactSum].self, forKey: .sumOfSquares)
        minimum = try c.decode([Double].self, forKey: .minimum)
        maximum = try c.decode([Double].self, forKey: .maximum)
        if count == 0, minimum.isEmpty, maximum.isEmpty {
            minimum = Array(repeating: .infinity, count: sum.count)
            maximum = Array(repeating: -.infinity, count: sum.count)
        }
        guard sumOfSquares.count == sum.count, minimum.count == sum.count, maximum.count == sum.count else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "sum, sum_of_squares, min and max must have one entry per coordinate"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(sum, forKey: .sum)
        try c.encode(sumOfSquares, forKey: .sumOfSquares)
        try c.encode(count == 0 ? [] : minimum, forKey: .minimum)
        try c.encode(count == 0 ? [] : maximum, forKey: .maximum)
    }
}

/// The sums behind a dataset's normalisation statistics, for some trajectories (a shard, a split): stored in every shard
/// (root attribute `statistics_sums`, JSON) and combined over a split's shards when the manifest is written, so the
/// statistics need no second pass over the data and do not depend on `--jobs`, `--shards`, job arrays or resumes.
public struct StatisticsSums: Codable, Equatable, Sendable {
    /// Trajectories summed.
    public var trajectories = 0
    /// Pixels of `/image`, per channel (red, green, blue), values 0...255.
    public var image: CoordinateSums
    /// `/x`, per state coordinate.
    public var state: CoordinateSums
    /// `/dx_dt`, per state coordinate.
    public var stateDerivative: CoordinateSums
    /// `x[t + 1] − x[t]` along every trajectory, per state coordinate.
    public var stateDifference: CoordinateSums
    /// `/energy`.
    public var energy: CoordinateSums

    /// Empty sums for states of `stateCount` numbers.
    public init(stateCount: Int) {
        image = CoordinateSums(coordinates: 3)
        state = CoordinateSums(coordinates: stateCount)
        stateDerivative = CoordinateSums(coordinates: stateCount)
        stateDifference = CoordinateSums(coordinates: stateCount)
        energy = CoordinateSums(coordinates: 1)
    }

    /// Adds one trajectory's part (computed on a worker thread).
    mutating func add(_ trajectory: TrajectoryStatistics) {
        trajectories += 1
        image.add(trajectory.pixels)
        var offset = 0
        for (index, field) in [\StatisticsSums.state, \.stateDerivative, \.stateDifference, \.energy].enumerated() {
            let length = self[keyPath: field].coordinates * TrajectoryStatistics.termsPerCoordinate
            self[keyPath: field].add(terms: trajectory.terms[offset..<(offset + length)], rows: trajectory.rows[index])
            offset += length
        }
    }

    /// Adds the sums of other trajectories.
    public mutating func add(_ other: StatisticsSums) {
        trajectories += other.trajectories
        image.add(other.image)
        state.add(other.state)
        stateDerivative.add(other.stateDerivative)
        stateDifference.add(other.stateDifference)
        energy.add(other.energy)
    }

    /// Whether every sum is finite.
    var isFinite: Bool {
        [image, state, stateDerivative, stateDifference, energy].allSatisfy(\.isFinite)
    }

    enum CodingKeys: String, CodingKey {
        case trajectories, image
        case state = "x"
        case stateDerivative = "dx_dt"
        case stateDifference = "x_delta"
        case energy
    }

    /// The sums as the JSON text of a shard's `statistics_sums` attribute (sorted keys; every double written with
    /// the shortest digits that read back to it).
    func jsonText() throws(DatasetError) -> String {
        guard isFinite else {
            throw .validationFailed(path: "statistics", reason: "a trajectory holds a non-finite value; regenerate it")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw .validationFailed(path: "statistics", reason: "cannot encode the statistics sums: \(error)")
        }
    }

    /// Parses the JSON text of a shard's `statistics_sums` attribute.
    static func parse(jsonText: String, path: String) throws(DatasetError) -> StatisticsSums {
        do {
            return try JSONDecoder().decode(StatisticsSums.self, from: Data(jsonText.utf8))
        } catch {
            throw .notAShard(
                path: path,
                reason:
                    "its '\(ShardLayout.Attribute.statisticsSums)' attribute is not valid (\(error)); regenerate the shard"
            )
        }
    }
}
