import Foundation
import HDF5

/// The root attributes of a shard that say what it holds.
public struct ShardAttributes: Equatable, Sendable {
    public var schemaVersion: Int
    public var generatorVersion: String
    public var dataset: String
    public var system: String
    public var split: String
    public var shardIndex: Int
    public var shardCount: Int
    public var firstIndex: Int
    public var trajectories: Int
    public var frames: Int
    public var resolution: Int
    /// Time of the first frame; frame k is at `t0 + k dt`.
    public var t0: Double
    public var dt: Double
    public var integrator: String
    public var tolerance: Double
    public var worldHalfWidth: Double
    public var observationNoise: Double
    public var stateNames: [String]
    public var specJSON: String
}

/// Reads one shard file, after checking that it is a complete shard of this suite's schema.
///
/// Opening checks the root attributes and the name, element type and shape of every dataset (and that the root holds
/// nothing else, so every root dataset has one row per trajectory), so a corrupt, truncated or foreign HDF5 file fails
/// here with a ``DatasetError/notAShard(path:reason:)`` that says what is wrong.
/// Reads are by trajectory range; each is one hyperslab read (images are decompressed by libhdf5).
public final class ShardReader {
    public let path: String
    public let attributes: ShardAttributes
    /// Names of the per-trajectory parameters under `/other`.
    public let parameterNames: [String]
    private let file: HDF5File

    /// Trajectories in the shard.
    public var count: Int { attributes.trajectories }
    /// Frames per trajectory.
    public var frames: Int { attributes.frames }
    /// Image width and height.
    public var resolution: Int { attributes.resolution }
    /// Numbers per state, 2D.
    public var stateCount: Int { attributes.stateNames.count }

    /// Opens and checks a shard.
    public init(path: String) throws(DatasetError) {
        self.path = path
        try ShardIntegrity.verify(path)
        do {
            file = try HDF5File.open(path, mode: .readOnly)
        } catch .fileNotFound {
            throw .io(path: path, reason: "no such file")
        } catch .notAnHDF5File(_, let reason) {
            throw .notAShard(
                path: path,
                reason:
                    "not a readable HDF5 file (\(reason)); it may be another format, or truncated by an interrupted write: regenerate it"
            )
        } catch {
            throw .notAShard(path: path, reason: "\(error)")
        }
        do {
            let a = file.attributes
            typealias Name = ShardLayout.Attribute
            guard try a.contains(Name.schemaVersion) else {
                throw DatasetError.notAShard(
                    path: path,
                    reason: "an HDF5 file, but not one written by physgen (no '\(Name.schemaVersion)' attribute)")
            }
            if try a.contains(Name.system), try a.get(Name.system, as: String.self) == DensitySpec.manifestSystem {
                throw DatasetError.notAShard(
                    path: path, reason: "a density shard (points, not videos): read it with DensityShardReader")
            }
            let version = Int(try a.get(Name.schemaVersion, as: Int64.self))
            guard version == DatasetSpec.schemaVersion else {
                throw DatasetError.notAShard(
                    path: path,
                    reason:
                        "schema version \(version), this physgen reads version \(DatasetSpec.schemaVersion); regenerate it or use a matching physgen"
                )
            }
            attributes = ShardAttributes(
                schemaVersion: version,
                generatorVersion: try a.get(Name.generatorVersion, as: String.self),
                dataset: try a.get(Name.datasetName, as: String.self),
                system: try a.get(Name.system, as: String.self),
                split: try a.get(Name.split, as: String.self),
                shardIndex: Int(try a.get(Name.shardIndex, as: Int64.self)),
                shardCount: Int(try a.get(Name.shardCount, as: Int64.self)),
                firstIndex: Int(try a.get(Name.firstIndex, as: Int64.self)),
                trajectories: Int(try a.get(Name.trajectories, as: Int64.self)),
                frames: Int(try a.get(Name.frames, as: Int64.self)),
                resolution: Int(try a.get(Name.resolution, as: Int64.self)),
                t0: try a.get(Name.t0, as: Double.self),
                dt: try a.get(Name.dt, as: Double.self),
                integrator: try a.get(Name.integrator, as: String.self),
                tolerance: try a.get(Name.tolerance, as: Double.self),
                worldHalfWidth: try a.get(Name.worldHalfWidth, as: Double.self),
                observationNoise: try a.get(Name.observationNoise, as: Double.self),
                stateNames: try a.get(Name.stateNames, as: [String].self),
                specJSON: try a.get(Name.specJSON, as: String.self))
            parameterNames = try file.openGroup(ShardLayout.other).memberNames().sorted()
        } catch let error as DatasetError {
            throw error
        } catch {
            throw .notAShard(path: path, reason: "\(error)")
        }
        try checkDatasets()
    }

    /// The spec the shard was generated from.
    public func spec() throws(DatasetError) -> DatasetSpec {
        try DatasetSpec.parse(json: Data(attributes.specJSON.utf8), source: "\(path) (spec_json attribute)")
    }

    /// Frames of trajectories `range`, uint8 [n, T, H, W, 3].
    public func images(_ range: Range<Int>) throws(DatasetError) -> [UInt8] {
        try read(ShardLayout.image, range, trailing: [frames, resolution, resolution, 3])
    }

    /// States concat(q, p) of trajectories `range`, float64 [n, T, 2D].
    public func states(_ range: Range<Int>) throws(DatasetError) -> [Double] {
        try read(ShardLayout.state, range, trailing: [frames, stateCount])
    }

    /// Time derivatives of the states of trajectories `range`, float64 [n, T, 2D].
    public func derivatives(_ range: Range<Int>) throws(DatasetError) -> [Double] {
        try read(ShardLayout.stateDerivative, range, trailing: [frames, stateCount])
    }

    /// True energies of trajectories `range`, float64 [n, T].
    public func energies(_ range: Range<Int>) throws(DatasetError) -> [Double] {
        try read(ShardLayout.energy, range, trailing: [frames])
    }

    /// Seeds of all trajectories.
    public func seeds() throws(DatasetError) -> [UInt64] {
        try read(ShardLayout.seed, 0..<count, trailing: [])
    }

    /// Frame times, `t0 + k dt` (the shard stores `t0` and `dt` as attributes).
    public func times() -> [Double] {
        (0..<frames).map { attributes.t0 + Double($0) * attributes.dt }
    }

    /// The exact sums behind the normalisation statistics, from the `statistics_sums` attribute.
    public func statisticsSums() throws(DatasetError) -> StatisticsSums {
        let text: String
        do {
            text = try file.attributes.get(ShardLayout.Attribute.statisticsSums, as: String.self)
        } catch {
            throw .notAShard(
                path: path, reason: "cannot read the '\(ShardLayout.Attribute.statisticsSums)' attribute: \(error)")
        }
        let sums = try StatisticsSums.parse(jsonText: text, path: path)
        guard sums.trajectories == count, sums.state.coordinates == stateCount else {
            throw .notAShard(
                path: path,
                reason:
                    "its statistics sums count \(sums.trajectories) trajectories of \(sums.state.coordinates) coordinates, the shard holds \(count) of \(stateCount); regenerate it"
            )
        }
        return sums
    }

    /// Values of one per-trajectory parameter for all trajectories.
    public func parameter(_ name: String) throws(DatasetError) -> [Double] {
        try read("\(ShardLayout.other)/\(name)", 0..<count, trailing: [])
    }

    /// Closes the file (also done on deinit).
    public func close() throws(DatasetError) {
        do { try file.close() } catch { throw .io(path: path, reason: "\(error)") }
    }

    private func read<Element: HDF5Scalar>(
        _ name: String, _ range: Range<Int>, trailing: [Int]
    ) throws(DatasetError) -> [Element] {
        guard range.lowerBound >= 0, range.upperBound <= count else {
            preconditionFailure("trajectories \(range) out of 0..<\(count)")
        }
        do {
            let dataset = try file.openDataset(name)
            return try dataset.read(
                as: Element.self, start: [range.lowerBound] + trailing.map { _ in 0 }, count: [range.count] + trailing)
        } catch {
            throw .notAShard(path: path, reason: "cannot read /\(name): \(error)")
        }
    }

    /// Checks the root's members, and the element type and shape of every dataset against the attributes.
    private func checkDatasets() throws(DatasetError) {
        let members: [String]
        do {
            members = try file.memberNames().sorted()
        } catch {
            throw .notAShard(path: path, reason: "cannot list the root group: \(error)")
        }
        guard members == ShardLayout.rootMembers.sorted() else {
            throw .notAShard(
                path: path,
                reason:
                    "the root holds \(members.map { "/" + $0 }.joined(separator: ", ")), expected \(ShardLayout.rootMembers.sorted().map { "/" + $0 }.joined(separator: ", "))"
            )
        }
        let n = count, t = frames, r = resolution, s = stateCount
        var expected: [(String, HDF5ElementType, [Int])] = [
            (ShardLayout.image, .uint8, [n, t, r, r, 3]),
            (ShardLayout.state, .float64, [n, t, s]),
            (ShardLayout.stateDerivative, .float64, [n, t, s]),
            (ShardLayout.energy, .float64, [n, t]),
            (ShardLayout.seed, .uint64, [n]),
        ]
        for name in parameterNames { expected.append(("\(ShardLayout.other)/\(name)", .float64, [n])) }
        for (name, type, shape) in expected {
            let dataset: HDF5Dataset
            do {
                dataset = try file.openDataset(name)
            } catch {
                throw .notAShard(path: path, reason: "missing dataset /\(name) (\(error))")
            }
            guard dataset.elementType == type, dataset.shape == shape else {
                throw .notAShard(
                    path: path,
                    reason:
                        "/\(name) is \(dataset.elementType) \(dataset.shape), expected \(type) \(shape) from the shard's attributes"
                )
            }
        }
    }
}
