import Foundation

/// Human-readable summaries of density datasets and shards (`physgen inspect` on a density folder or shard).
public enum DensityInspector {
    /// A description of a density dataset folder whose manifest is `manifest`.
    static func describeFolder(_ folder: String) throws(DatasetError) -> String {
        let manifest = try DensityManifest.load(folder: folder)
        let spec = manifest.spec
        var lines = [
            "density dataset \(manifest.name) (target \(spec.target.rawValue)), schema \(manifest.schemaVersion), generator \(manifest.generatorVersion), seed \(spec.seed)",
            "  \(spec.target.formula)",
            "  log Z = \(format(spec.target.logNormalizer))",
        ]
        for split in manifest.splits {
            let region = (try? spec.split(named: split.name).region) ?? .plane
            let bytes = split.shards.reduce(0) { $0 + $1.bytes }
            lines.append(
                "split \(split.name): \(split.trajectories) points (\(region.condition)) in \(split.shards.count) shard(s), \(Formatting.bytes(bytes))"
            )
        }
        if let first = manifest.splits.first?.shards.first {
            lines.append("")
            lines.append("first shard:")
            lines.append(try describeShard((folder as NSString).appendingPathComponent(first.file)))
        }
        return lines.joined(separator: "\n")
    }

    /// A description of one density shard: layout, attributes and the range of its values.
    static func describeShard(_ path: String) throws(DatasetError) -> String {
        let reader = try DensityShardReader(path: path)
        let a = reader.attributes
        let n = reader.count
        let points = try reader.points()
        var lines = [
            "\(path): \(a.dataset) (density, target \(a.target)), split \(a.split) (region \(a.region)), shard \(a.shardIndex + 1) of \(a.shardCount), points \(a.firstIndex)..<\(a.firstIndex + n)",
            "  /q            float64 [\(n), 2]",
            "  /log_density  float64 [\(n)]  exact normalised log-density",
            "  /seed         uint64  [\(n)]",
        ]
        if n > 0 {
            let q1 = stride(from: 0, to: points.q.count, by: 2).map { points.q[$0] }
            let q2 = stride(from: 1, to: points.q.count, by: 2).map { points.q[$0] }
            let meanLog = points.logDensity.reduce(0, +) / Double(n)
            lines.append(
                "  q1 in \(format(q1.min() ?? .nan))...\(format(q1.max() ?? .nan)), q2 in \(format(q2.min() ?? .nan))...\(format(q2.max() ?? .nan)); mean log-density \(format(meanLog)) (entropy estimate \(format(-meanLog)))"
            )
        }
        lines.append("  formula: \(a.formula); log Z \(format(a.logNormalizer)); generator \(a.generatorVersion)")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}
