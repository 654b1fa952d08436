import Foundation

/// `manifest.json`: the table of contents of a dataset folder, listing every shard with its sample count, size and
/// SHA-256, per split, and (video datasets) the train split's normalisation statistics. It is written last
/// (atomically, after the dataset card `README.md`), so its presence means every listed shard was complete.
///
/// It carries no timestamps or host names: the same spec gives the same manifest, byte for byte.
///
/// One generic type serves both kinds of dataset: ``Manifest`` (video datasets, `spec` a ``DatasetSpec``) and
/// ``DensityManifest`` (density datasets, `spec` a ``DensitySpec``, `system` `density`, and `trajectories` counting
/// points with `frames` 1). ``DatasetKind/of(folder:)`` tells which a folder holds.
public struct DatasetManifest<Spec: ManifestSpec>: Codable, Equatable, Sendable {
    /// Schema version of the shard layout (``DatasetSpec/schemaVersion``).
    public var schemaVersion: Int
    /// Version of the generator that wrote the shards.
    public var generatorVersion: String
    /// Dataset name.
    public var name: String
    /// System name.
    public var system: String
    /// The full spec the dataset was generated from.
    public var spec: Spec
    /// The splits, in generation order.
    public var splits: [Split]
    /// Video datasets: mean, standard deviation and range of every field over the `train` split (``NormalizationStatistics``);
    /// `nil` for density datasets and folders without a train split.
    public var statistics: NormalizationStatistics? = nil

    /// One split of the dataset.
    public struct Split: Codable, Equatable, Sendable {
        public var name: String
        public var trajectories: Int
        public var frames: Int
        public var shards: [ShardEntry]
    }

    /// One shard file.
    public struct ShardEntry: Codable, Equatable, Sendable {
        /// File name relative to the manifest's folder.
        public var file: String
        /// Index (within the split) of the shard's first trajectory.
        public var firstIndex: Int
        /// Trajectories in the shard.
        public var trajectories: Int
        /// File size in bytes.
        public var bytes: Int
        /// SHA-256 of the file, lower-case hex.
        public var sha256: String

        enum CodingKeys: String, CodingKey {
            case file
            case firstIndex = "first_index"
            case trajectories, bytes, sha256
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case generatorVersion = "generator_version"
        case name, system, spec, splits, statistics
    }

    /// The file name of a manifest inside its dataset folder.
    public static var fileName: String { DatasetKind.manifestFileName }

    /// The manifest as pretty-printed JSON with sorted keys.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { preconditionFailure("Manifest is always encodable") }
        return data + Data("\n".utf8)
    }

    /// Reads `manifest.json` from a dataset folder (whose dataset must be of this manifest's kind).
    public static func load(folder: String) throws(DatasetError) -> DatasetManifest {
        let kind = try DatasetKind.of(folder: folder)
        guard kind == Spec.kind else {
            throw .badManifest(
                path: folder,
                reason:
                    "holds a \(kind.rawValue) dataset, not a \(Spec.kind.rawValue) dataset (read density datasets with DensityReader, video datasets with ShardReader)"
            )
        }
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else {
            throw .badManifest(
                path: folder,
                reason:
                    "no \(fileName) here: not a dataset folder, or its generation has not finished (run `physgen generate` again with the same options to resume)"
            )
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .badManifest(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        do {
            return try JSONDecoder().decode(DatasetManifest.self, from: data)
        } catch let error as DecodingError {
            throw .badManifest(path: path, reason: "is not a valid manifest: \(describe(error))")
        } catch let error as DatasetError {
            throw .badManifest(path: path, reason: "holds an invalid spec: \(error)")
        } catch {
            throw .badManifest(path: path, reason: "is not a valid manifest: \(error)")
        }
    }

    /// The split with that name.
    public func split(named name: String) throws(DatasetError) -> Split {
        guard let split = splits.first(where: { $0.name == name }) else {
            throw .unknownSplit(name, known: splits.map(\.name))
        }
        return split
    }
}

/// The manifest of a video dataset.
public typealias Manifest = DatasetManifest<DatasetSpec>

/// The manifest of a density dataset.
public typealias DensityManifest = DatasetManifest<DensitySpec>

/// A spec that a ``DatasetManifest`` can carry.
public protocol ManifestSpec: Codable, Equatable, Sendable {
    /// The kind of dataset this spec describes.
    static var kind: DatasetKind { get }
}

extension DatasetSpec: ManifestSpec {
    public static var kind: DatasetKind { .video }
}

extension DensitySpec: ManifestSpec {
    public static var kind: DatasetKind { .density }
}

/// The two kinds of dataset folder `physgen` writes.
public enum DatasetKind: String, Sendable {
    /// Physics videos (`/image`, `/x`, …), read with ``ShardReader``.
    case video
    /// Points in the plane with their exact log-density (`/q`, `/log_density`), read with ``DensityReader``.
    case density

    static let manifestFileName = "manifest.json"

    /// The kind of dataset in `folder`, from its manifest's `system` field (`density` for density datasets).
    public static func of(folder: String) throws(DatasetError) -> DatasetKind {
        let path = (folder as NSString).appendingPathComponent(manifestFileName)
        guard FileManager.default.fileExists(atPath: path) else {
            throw .badManifest(
                path: folder,
                reason:
                    "no \(manifestFileName) here: not a dataset folder, or its generation has not finished (run `physgen generate` again with the same options to resume)"
            )
        }
        // An unreadable or malformed manifest counts as video: loading it then reports what is wrong.
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["system"] as? String) == DensitySpec.manifestSystem ? .density : .video
    }
}
