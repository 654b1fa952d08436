import Foundation

/// Exact sums of one field's coordinates (or an image's channels) over some trajectories: how many values each
/// coordinate has, the exact sum and sum of squares of each coordinate, and its smallest and largest value.
///
/// Every part is exact and order-independent (``ExactSum``, integer counts, minimum and maximum), so sums of the same
/// trajectories are identical however they are grouped into shards, batches or threads.
public struct CoordinateSums: Codable, Equatable, Sendable {
    /// Values per coordinate.
    public var count: Int
    /// Σ v per coordinate.
    public var sum: [ExactSum]
    /// Σ v² per coordinate.
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

    /// Adds `rows` rows of values, row-major [rows, coordinates].
    mutating func add(rows values: ArraySlice<Double>) {
        let width = coordinates
        precondition(values.count % width == 0, "values must hold whole rows")
        var index = values.startIndex
        while index < values.endIndex {
            for j in 0..<width {
                let v = values[index + j]
                sum[j].add(v)
                sumOfSquares[j].addProduct(v, v)
                minimum[j] = Swift.min(minimum[j], v)
                maximum[j] = Swift.max(maximum[j], v)
            }
            index += width
        }
        count += values.count / width
    }

    /// Adds the differences between consecutive rows, `v[t + 1] − v[t]`, of `rows` rows [rows, coordinates].
    mutating func addDifferences(rows values: ArraySlice<Double>) {
        let width = coordinates
        precondition(values.count % width == 0, "values must hold whole rows")
        guard values.count > width else { return }
        var index = values.startIndex + width
        while index < values.endIndex {
            for j in 0..<width {
                let v = values[index + j] - values[index + j - width]
                sum[j].add(v)
                sumOfSquares[j].addProduct(v, v)
                minimum[j] = Swift.min(minimum[j], v)
                maximum[j] = Swift.max(maximum[j], v)
            }
            index += width
        }
        count += values.count / width - 1
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
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "sum, sum_of_squares, min and max must have one entry per coordinate"))
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

/// The exact sums behind a dataset's normalisation statistics, for one trajectory or one shard: stored in every shard
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

    /// The sums of one trajectory: its states, derivatives and energies (frame-major) and its frames
    /// (uint8 [T, H, W, 3]).
    init(trajectory: SimulatedTrajectory, stateCount: Int, frames image: UnsafeBufferPointer<UInt8>) {
        self.init(stateCount: stateCount)
        trajectories = 1
        state.add(rows: trajectory.states[...])
        stateDerivative.add(rows: trajectory.derivatives[...])
        stateDifference.addDifferences(rows: trajectory.states[...])
        energy.add(rows: trajectory.energies[...])
        self.image = Self.pixelSums(image)
    }

    /// Exact per-channel sums of interleaved RGB bytes, in integers (a frame of 1024 x 1024 pixels sums to < 2⁴⁰).
    static func pixelSums(_ pixels: UnsafeBufferPointer<UInt8>) -> CoordinateSums {
        precondition(pixels.count % 3 == 0, "RGB pixels")
        var sums: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var squares: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var low: (UInt8, UInt8, UInt8) = (255, 255, 255)
        var high: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var index = 0
        while index < pixels.count {
            let r = pixels[index], g = pixels[index + 1], b = pixels[index + 2]
            sums.0 &+= UInt64(r)
            sums.1 &+= UInt64(g)
            sums.2 &+= UInt64(b)
            squares.0 &+= UInt64(UInt32(r) &* UInt32(r))
            squares.1 &+= UInt64(UInt32(g) &* UInt32(g))
            squares.2 &+= UInt64(UInt32(b) &* UInt32(b))
            low = (min(low.0, r), min(low.1, g), min(low.2, b))
            high = (max(high.0, r), max(high.1, g), max(high.2, b))
            index += 3
        }
        var result = CoordinateSums(coordinates: 3)
        result.count = pixels.count / 3
        guard result.count > 0 else { return result }
        for (j, (sum, square)) in [(sums.0, squares.0), (sums.1, squares.1), (sums.2, squares.2)].enumerated() {
            result.sum[j].add(sum)
            result.sumOfSquares[j].add(square)
        }
        result.minimum = [Double(low.0), Double(low.1), Double(low.2)]
        result.maximum = [Double(high.0), Double(high.1), Double(high.2)]
        return result
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
            throw .notAShard(path: path, reason: "its '\(ShardLayout.Attribute.statisticsSums)' attribute is not valid (\(error)); regenerate the shard")
        }
    }
}
