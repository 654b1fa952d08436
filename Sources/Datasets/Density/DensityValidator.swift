import Foundation

/// Checks a density dataset folder end to end (`physgen validate` on a density folder).
///
/// The folder against the plan of its spec, as for video datasets (every shard of every split, the manifest listing
/// exactly them, no file outside the plan). For every shard of the manifest: size and SHA-256; that it opens as a density shard whose attributes agree with the
/// manifest and the spec; the seeds (each the hash of the dataset seed, the split and the point's index); every point
/// regenerated from its seed, bit for bit; and every stored log-density recomputed from the exact formula. Then the
/// dataset card against the manifest.
public struct DensityValidator: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// Runs every check on the dataset described by `manifest`; problems are failed checks, never thrown.
    public func run() throws(DatasetError) -> ValidationReport {
        let manifest = try DensityManifest.load(folder: folder)
        let spec = manifest.spec
        var report = ValidationReport()
        let summary = "\(manifest.splits.count) split(s), density spec valid (target \(spec.target.rawValue))"
        guard report.checkSpec(spec, of: folder, summary: summary) else { return report }
        report.checkPlan(of: DatasetFolder(path: folder), spec: spec, manifest: manifest)
        for split in manifest.splits {
            let covered = split.shards.reduce(0) { $0 + $1.trajectories }
            report.record(
                "split \(split.name)", covered == split.trajectories,
                "shards hold \(covered) of \(split.trajectories) points")
            guard let splitSpec = try? spec.split(named: split.name) else {
                report.record("split \(split.name)", false, "is not in the spec")
                continue
            }
            for (index, entry) in split.shards.enumerated() {
                checkShard(entry, index: index, of: split, splitSpec: splitSpec, spec: spec, into: &report)
            }
        }
        DatasetCard.check(
            folder: folder, against: DatasetCard.density(manifest),
            manifestSHA256: manifest.splits.flatMap { $0.shards.map(\.sha256) }, into: &report)
        return report
    }

    private func checkShard(
        _ entry: DensityManifest.ShardEntry, index: Int, of split: DensityManifest.Split, splitSpec: DensitySplitSpec,
        spec: DensitySpec, into report: inout ValidationReport
    ) {
        let output = DatasetFolder(path: folder)
        let name = entry.file
        guard output.contains(name) else {
            report.record(name, false, "file is missing")
            return
        }
        guard output.fileSize(name) == entry.bytes else {
            report.record(name, false, "size \(output.fileSize(name)) bytes, the manifest says \(entry.bytes)")
            return
        }
        do {
            let digest = try output.sha256(of: name)
            report.record(
                name, digest == entry.sha256,
                digest == entry.sha256
                    ? "sha256 matches" : "sha256 \(digest) differs from the manifest's \(entry.sha256)")
            // A damaged file is not handed to libhdf5 (see ShardIntegrity): its other checks cannot run.
            guard digest == entry.sha256 else { return }
            ShardIntegrity.recordVerified(output.path(of: name))
            let reader = try DensityShardReader(path: output.path(of: name))
            let a = reader.attributes
            let agree =
                a.split == split.name && a.shardIndex == index && a.shardCount == split.shards.count
                && a.firstIndex == entry.firstIndex && a.samples == entry.trajectories
                && a.target == spec.target.rawValue
                && a.region == splitSpec.region.rawValue && a.logNormalizer == spec.target.logNormalizer
            report.record(
                name, agree,
                "attributes agree with the manifest and the spec (split, index, count, target, region, log Z)")
            // The points are regenerated from the manifest's indices: only when the shard holds what it says.
            guard agree else { return }
            let stored = try reader.points()
            let range = entry.firstIndex..<(entry.firstIndex + entry.trajectories)
            let expected = DensityGenerator.draw(spec, split: splitSpec, range: range)
            report.record(name, stored.seeds == expected.seeds, "seeds derive from (dataset seed, split, index)")
            report.record(
                name, stored.q == expected.points,
                "all \(range.count) points regenerated from their seeds match bit for bit")
            var worst = 0.0
            for i in 0..<stored.count {
                let exact = splitSpec.region.logDensity(spec.target, stored.q[2 * i], stored.q[2 * i + 1])
                worst = max(worst, abs(exact - stored.logDensity[i]) / max(1, abs(exact)))
            }
            report.record(
                name, worst <= 1e-12,
                "/log_density equals the exact formula at /q (worst relative difference \(String(format: "%.3g", worst)))"
            )
        } catch {
            report.record(name, false, "\(error)")
        }
    }
}
