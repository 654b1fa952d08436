import Foundation

/// The complete description of a density dataset: which target density, its splits (size and region), how points are
/// cut into shards, and the seed every point derives from.
///
/// The JSON form uses snake_case keys and is strict like ``DatasetSpec``'s: an unknown or mistyped key is an error that
/// names it. It is stored in the folder's `spec.json`, in `manifest.json` and in every shard's `spec_json` attribute.
///
/// ```json
/// { "name": "density-half-ring", "target": "ring", "seed": 11, "samples_per_shard": 100000,
///   "splits": [ { "name": "train", "samples": 10000, "region": "upper-half-plane" },
///               { "name": "valid", "samples": 1000, "region": "upper-half-plane" },
///               { "name": "test", "samples": 10000 } ] }
/// ```
public struct DensitySpec: SpecJSON, Equatable, Sendable {
    /// Version of this JSON schema and of the density shard layout.
    public static let schemaVersion = 1
    /// The value of the manifest's `system` field for density datasets (video datasets name their physical system).
    public static let manifestSystem = "density"

    /// Dataset name, used in the manifest and the default output folder (e.g. `density-ring`).
    public var name: String
    /// The target density.
    public var target: DensityTarget
    /// The splits, in the order they are generated.
    public var splits: [DensitySplitSpec]
    /// Points per shard file (the last shard of a split may hold fewer).
    public var samplesPerShard: Int
    /// The dataset seed; point i of split S is drawn from its own generator seeded with
    /// ``DatasetGenerator/trajectorySeed(datasetSeed:split:index:)``.
    public var seed: UInt64

    public init(
        name: String, target: DensityTarget, splits: [DensitySplitSpec], samplesPerShard: Int = 100_000, seed: UInt64
    ) {
        self.name = name
        self.target = target
        self.splits = splits
        self.samplesPerShard = samplesPerShard
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, target, splits
        case samplesPerShard = "samples_per_shard"
        case seed
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        target = try c.decode(DensityTarget.self, forKey: .target)
        splits = try c.decode([DensitySplitSpec].self, forKey: .splits)
        samplesPerShard = try c.decodeIfPresent(Int.self, forKey: .samplesPerShard) ?? 100_000
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
    }

    /// The split with that name.
    public func split(named name: String) throws(DatasetError) -> DensitySplitSpec {
        guard let split = splits.first(where: { $0.name == name }) else {
            throw .unknownSplit(name, known: splits.map(\.name))
        }
        return split
    }

    /// Checks every value and their consistency; the error names the first offending key.
    public func validate() throws(DatasetError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .invalidSpec(
                field: "name", reason: "must be non-empty and use only letters, digits, '-' and '_' (got '\(name)')")
        }
        guard !splits.isEmpty else { throw .invalidSpec(field: "splits", reason: "must list at least one split") }
        var seen = Set<String>()
        for split in splits {
            try split.validate(for: target)
            guard seen.insert(split.name).inserted else {
                throw .invalidSpec(field: "splits", reason: "names split '\(split.name)' twice")
            }
        }
        try requirePositive(samplesPerShard, "samples_per_shard")
    }

    /// Sets the size of the `train` split (the first split when there is none); the other splits keep theirs.
    public mutating func setTrainSamples(_ samples: Int) {
        guard let index = splits.firstIndex(where: { $0.name == "train" }) ?? splits.indices.first else { return }
        splits[index].samples = samples
    }

    /// Whether a JSON spec text describes a density dataset (its top-level object has a `target` key) rather than a
    /// video dataset, so that `physgen generate --spec FILE` takes either.
    public static func isDensitySpec(json data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object[CodingKeys.target.rawValue] != nil
    }
}

/// One split of a density dataset.
public struct DensitySplitSpec: Codable, Equatable, Sendable {
    /// Split name; shard files are named after it.
    public var name: String
    /// Number of points.
    public var samples: Int
    /// The part of the plane the points are restricted to (default: the whole plane).
    public var region: DensityRegion

    public init(name: String, samples: Int, region: DensityRegion = .plane) {
        self.name = name
        self.samples = samples
        self.region = region
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, samples, region }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "splits[]")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        samples = try c.decode(Int.self, forKey: .samples)
        region = try c.decodeIfPresent(DensityRegion.self, forKey: .region) ?? .plane
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(samples, forKey: .samples)
        if region != .plane { try c.encode(region, forKey: .region) }
    }

    func validate(for target: DensityTarget) throws(DatasetError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .invalidSpec(field: "splits.name", reason: "must be non-empty letters, digits or '_' (got '\(name)')")
        }
        try requirePositive(samples, "splits.\(name).samples")
        if region == .upperHalfPlane, !target.isSymmetricUnderReflectionOfQ2 {
            throw .invalidSpec(
                field: "splits.\(name).region",
                reason:
                    "'upper-half-plane' needs a target symmetric under q2 -> -q2 (ring, eight-gaussians), not \(target.rawValue)"
            )
        }
    }
}
