import Foundation
import HDF5

/// Points of a density dataset split: q as rows (q1, q2) and the exact log-density of each.
public struct DensityPoints: Equatable, Sendable {
    /// float64 [count, 2], row-major: q1 of point i at 2i, q2 at 2i + 1.
    public var q: [Double]
    /// Exact normalised log-density of each point under the distribution its split was drawn from.
    public var logDensity: [Double]
    /// The seed that regenerates each point alone.
    public var seeds: [UInt64]

    public init(q: [Double], logDensity: [Double], seeds: [UInt64]) {
        precondition(
            q.count == 2 * logDensity.count && seeds.count == logDensity.count,
            "one (q1, q2), log-density and seed per point")
        self.q = q
        self.logDensity = logDensity
        self.seeds = seeds
    }

    /// Number of points.
    public var count: Int { logDensity.count }

    /// The first `n` points (all of them when there are fewer).
    public func prefix(_ n: Int) -> DensityPoints {
        let m = min(n, count)
        return DensityPoints(q: Array(q[0..<(2 * m)]), logDensity: Array(logDensity[0..<m]), seeds: Array(seeds[0..<m]))
    }
}

/// The root attributes of a density shard that say what it holds (names in ``DensityShardLayout/Attribute``).
public struct DensityShardAttributes: Equatable, Sendable {
    public var schemaVersion: Int
    public var generatorVersion: String
    public var dataset: String
    public var target: String
    public var formula: String
    public var logNormalizer: Double
    public var region: String
    public var split: String
    public var shardIndex: Int
    public var shardCount: Int
    public var firstIndex: Int
    public var samples: Int
    public var specJSON: String
}

/// Reads one density shard, after checking that it is a complete density shard of this suite's schema (a corrupt,
/// truncated, foreign or video shard fails here with ``DatasetError/notAShard(path:reason:)`` saying what is wrong).
public final class DensityShardReader {
    public let path: String
    public let attributes: DensityShardAttributes
    private let file: HDF5File

    /// Points in the shard.
    public var count: Int { attributes.samples }

    /// Whether the HDF5 file at `path` is a density shard (its `system` attribute is `density`).
    public static func isDensityShard(path: String) -> Bool {
        guard (try? ShardIntegrity.verify(path)) != nil, let file = try? HDF5File.open(path, mode: .readOnly) else {
            return false
        }
        defer { try? file.close() }
        return (try? file.attributes.get(DensityShardLayout.Attribute.system, as: String.self))
            == DensitySpec.manifestSystem
    }

    /// Opens and checks a shard.
    public init(path: String) throws(DatasetError) {
        self.path = path
        try ShardIntegrity.verify(path)
        do {
            file = try HDF5File.open(path, mode: .readOnly)
        } catch .fileNotFound {
            throw .io(path: path, reason: "no such file")
        } catch .notAnHDF5File(_, let reason) {
            throw .notAShard(path: path, reason: "not a readable HDF5 file (\(reason)); regenerate it")
        } catch {
            throw .notAShard(path: path, reason: "\(error)")
        }
        do {
            let a = file.attributes
            typealias Name = DensityShardLayout.Attribute
            guard try a.contains(Name.system), try a.get(Name.system, as: String.self) == DensitySpec.manifestSystem
            else {
                throw DatasetError.notAShard(
                    path: path,
                    reason: "not a density shard (no system attribute 'density'); open video shards with ShardReader")
            }
            let version = Int(try a.get(Name.schemaVersion, as: Int64.self))
            guard version == DensitySpec.schemaVersion else {
                throw DatasetError.notAShard(
                    path: path,
                    reason:
                        "density schema version \(version), this build reads version \(DensitySpec.schemaVersion); regenerate it"
                )
            }
            attributes = DensityShardAttributes(
                schemaVersion: version,
                generatorVersion: try a.get(Name.generatorVersion, as: String.self),
                dataset: try a.get(Name.datasetName, as: String.self),
                target: try a.get(Name.target, as: String.self),
                formula: try a.get(Name.formula, as: String.self),
                logNormalizer: try a.get(Name.logNormalizer, as: Double.self),
                region: try a.get(Name.region, as: String.self),
                split: try a.get(Name.split, as: String.self),
                shardIndex: Int(try a.get(Name.shardIndex, as: Int64.self)),
                shardCount: Int(try a.get(Name.shardCount, as: Int64.self)),
                firstIndex: Int(try a.get(Name.firstIndex, as: Int64.self)),
                samples: Int(try a.get(Name.samples, as: Int64.self)),
                specJSON: try a.get(Name.specJSON, as: String.self))
        } catch let error as DatasetError {
            throw error
        } catch {
            throw .notAShard(path: path, reason: "\(error)")
        }
        let n = attributes.samples
        for (name, type, shape) in [
            (DensityShardLayout.points, HDF5ElementType.float64, [n, 2]),
            (DensityShardLayout.logDensity, .float64, [n]),
            (DensityShardLayout.seed, .uint64, [n]),
        ] {
            let dataset: HDF5Dataset
            do {
                dataset = try file.openDataset(name)
            } catch {
                throw .notAShard(path: path, reason: "missing dataset /\(name) (\(error))")
            }
            guard dataset.elementType == type, dataset.shape == shape else {
                throw .notAShard(
                    path: path, reason: "/\(name) is \(dataset.elementType) \(dataset.shape), expected \(type) \(shape)"
                )
            }
        }
    }

    /// The spec the shard was generated from.
    public func spec() throws(DatasetError) -> DensitySpec {
        try DensitySpec.parse(json: Data(attributes.specJSON.utf8), source: "\(path) (spec_json attribute)")
    }

    /// Every point of the shard.
    public func points() throws(DatasetError) -> DensityPoints {
        DensityPoints(
            q: try read(DensityShardLayout.points), logDensity: try read(DensityShardLayout.logDensity),
            seeds: try read(DensityShardLayout.seed))
    }

    private func read<Element: HDF5Scalar>(_ name: String) throws(DatasetError) -> [Element] {
        do {
            return try file.openDataset(name).read(as: Element.self)
        } catch {
            throw .notAShard(path: path, reason: "cannot read /\(name): \(error)")
        }
    }
}

/// Reads whole splits of a density dataset folder.
public enum DensityReader {
    /// The spec of the density dataset in `folder` (from its manifest).
    public static func spec(folder: String) throws(DatasetError) -> DensitySpec {
        try DensityManifest.load(folder: folder).spec
    }

    /// Every point of split `name`, in index order, concatenated over its shards (checked against the manifest).
    ///
    /// - Complexity: O(points) reads and memory.
    public static func split(_ name: String, folder: String) throws(DatasetError) -> DensityPoints {
        let manifest = try DensityManifest.load(folder: folder)
        var all = DensityPoints(q: [], logDensity: [], seeds: [])
        for entry in try manifest.split(named: name).shards {
            let reader = try DensityShardReader(path: (folder as NSString).appendingPathComponent(entry.file))
            guard reader.attributes.split == name, reader.attributes.firstIndex == all.count,
                reader.count == entry.trajectories
            else {
                throw .validationFailed(
                    path: reader.path, reason: "shard does not match the manifest (split, first index or size)")
            }
            let points = try reader.points()
            all.q += points.q
            all.logDensity += points.logDensity
            all.seeds += points.seeds
        }
        return all
    }
}
