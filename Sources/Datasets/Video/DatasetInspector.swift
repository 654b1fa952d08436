import Foundation

/// Human-readable summaries of shards and dataset folders (`physgen inspect`).
public enum DatasetInspector {
    /// A description of a shard file or a dataset folder.
    public static func describe(path: String) throws(DatasetError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .io(path: path, reason: "no such file or folder")
        }
        return isDirectory.boolValue ? try describeFolder(path) : try describeShard(path)
    }

    static func describeFolder(_ folder: String) throws(DatasetError) -> String {
        if try DatasetKind.of(folder: folder) == .density { return try DensityInspector.describeFolder(folder) }
        let manifest = try Manifest.load(folder: folder)
        let spec = manifest.spec
        var lines = [
            "dataset \(manifest.name) (\(manifest.system)), schema \(manifest.schemaVersion), generator \(manifest.generatorVersion)",
            "frames \(spec.rendering.resolution)x\(spec.rendering.resolution) RGB, dt \(spec.dt), observation noise \(spec.observationNoise), integrator \(spec.integrator.name), seed \(spec.seed)",
        ]
        var totalBytes = 0
        for split in manifest.splits {
            let bytes = split.shards.reduce(0) { $0 + $1.bytes }
            totalBytes += bytes
            lines.append(
                "split \(split.name): \(split.trajectories) trajectories x \(split.frames) frames in \(split.shards.count) shard(s), \(Formatting.bytes(bytes))"
            )
        }
        lines.append("total \(Formatting.bytes(totalBytes))")
        if let statistics = manifest.statistics {
            lines.append("")
            lines += statistics.summaryLines()
        }
        if let first = manifest.splits.first?.shards.first {
            lines.append("")
            lines.append("first shard:")
            lines.append(try describeShard((folder as NSString).appendingPathComponent(first.file)))
        }
        return lines.joined(separator: "\n")
    }

    static func describeShard(_ path: String) throws(DatasetError) -> String {
        if DensityShardReader.isDensityShard(path: path) { return try DensityInspector.describeShard(path) }
        let reader = try ShardReader(path: path)
        let a = reader.attributes
        let n = reader.count, t = reader.frames, r = reader.resolution, s = reader.stateCount
        var lines = [
            "\(path): \(a.dataset) (\(a.system)), split \(a.split), shard \(a.shardIndex + 1) of \(a.shardCount), trajectories \(a.firstIndex)..<\(a.firstIndex + n)",
            "  /image   uint8   [\(n), \(t), \(r), \(r), 3]  chunk (1, \(t), \(r), \(r), 3), shuffle + deflate",
            "  /x       float64 [\(n), \(t), \(s)]  state (\(a.stateNames.joined(separator: ", ")))",
            "  /dx_dt   float64 [\(n), \(t), \(s)]",
            "  /energy  float64 [\(n), \(t)]",
            "  /seed    uint64  [\(n)]",
            "  frame k at t0 + k dt: t0 \(a.t0), dt \(a.dt) (root attributes)",
        ]
        for name in reader.parameterNames {
            let values = try reader.parameter(name)
            let low = values.min() ?? .nan, high = values.max() ?? .nan
            lines.append("  /other/\(name) float64 [\(n)]  " + (low == high ? "all \(low)" : "\(low)...\(high)"))
        }
        if n > 0 {
            let sample = 0..<min(n, 256)
            let energies = try reader.energies(sample)
            var drift = 0.0
            var low = Double.infinity, high = -Double.infinity
            for i in sample {
                let e0 = energies[i * t]
                low = min(low, e0)
                high = max(high, e0)
                for k in 0..<t {
                    drift = max(drift, abs(energies[i * t + k] - e0) / max(abs(e0), .leastNormalMagnitude))
                }
            }
            lines.append(
                "  energy of the first \(sample.count) trajectories: \(format(low))...\(format(high)), max relative drift \(format(drift))"
            )
        }
        lines.append(
            "  integrator \(a.integrator) (tolerance \(a.tolerance)), observation noise \(a.observationNoise), world half-width \(a.worldHalfWidth), generator \(a.generatorVersion)"
        )
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}
