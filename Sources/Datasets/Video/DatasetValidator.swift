import Foundation
import Systems

/// Checks a dataset folder end to end (`physgen validate`).
///
/// The folder against the plan of its spec: every shard of every split present, the manifest listing exactly the
/// spec's splits and the plan's shards, no file outside the plan (a folder with a `spec.json` and no manifest yet gets
/// this check alone, naming the missing shards). For every shard of the manifest: the file's size and SHA-256; that it opens as a shard whose attributes agree with
/// the manifest (split, index, count, first trajectory, frames); the frame times; the seeds (each the hash of the dataset seed,
/// the split and the trajectory index); energies and time derivatives recomputed from `/x`; the energy drift along
/// every trajectory against the ground-truth bound of its system (adaptive integrator only); and a few trajectories
/// regenerated from their seed, compared bit for bit (states and images). Then the statistics sums of each shard
/// against its data, the manifest's statistics against the shards' sums, and the dataset card against the manifest.
public struct DatasetValidator: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// Runs every check. Throws only when the folder has neither a readable manifest nor a readable `spec.json`; every
    /// other problem is a failed check.
    public func run(resimulatePerShard: Int = 2) throws(DatasetError) -> ValidationReport {
        let output = DatasetFolder(path: folder)
        if !output.contains(Manifest.fileName), output.contains("spec.json") { return try .unfinished(output) }
        if try DatasetKind.of(folder: folder) == .density { return try DensityValidator(folder: folder).run() }
        let manifest = try Manifest.load(folder: folder)
        var report = ValidationReport()
        let spec = manifest.spec
        guard report.checkSpec(spec, of: folder, summary: "\(manifest.splits.count) split(s), spec valid") else {
            return report
        }
        report.checkPlan(of: output, spec: spec, manifest: manifest)
        let source: any TrajectorySource
        do {
            source = try SystemCatalog.trajectorySource(for: spec)
        } catch {
            report.record("spec", false, "\(error)")
            return report
        }
        for split in manifest.splits {
            let covered = split.shards.reduce(0) { $0 + $1.trajectories }
            report.record(
                "split \(split.name)", covered == split.trajectories,
                "shards hold \(covered) of \(split.trajectories) trajectories")
            for (index, entry) in split.shards.enumerated() {
                checkShard(
                    entry, index: index, of: split, spec: spec, source: source, resimulate: resimulatePerShard,
                    into: &report)
            }
        }
        checkStatistics(manifest, into: &report)
        checkCard(manifest, into: &report)
        return report
    }

    private func checkShard(
        _ entry: Manifest.ShardEntry, index: Int, of split: Manifest.Split, spec: DatasetSpec,
        source: any TrajectorySource, resimulate: Int, into report: inout ValidationReport
    ) {
        let path = (folder as NSString).appendingPathComponent(entry.file)
        let name = entry.file
        guard FileManager.default.fileExists(atPath: path) else {
            report.record(name, false, "file is missing")
            return
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
        guard size == entry.bytes else {
            report.record(name, false, "size \(size) bytes, the manifest says \(entry.bytes)")
            return
        }
        do {
            let digest = try FileChecksum.sha256(ofFileAt: path)
            report.record(
                name, digest == entry.sha256,
                digest == entry.sha256
                    ? "sha256 matches" : "sha256 \(digest) differs from the manifest's \(entry.sha256)")
            // A damaged file is not handed to libhdf5 (see ShardIntegrity): its other checks cannot run.
            guard digest == entry.sha256 else { return }
            ShardIntegrity.recordVerified(path)
        } catch {
            report.record(name, false, "cannot checksum: \(error)")
            return
        }
        let reader: ShardReader
        do {
            reader = try ShardReader(path: path)
        } catch {
            report.record(name, false, "\(error)")
            return
        }
        let a = reader.attributes
        let attributesAgree =
            a.split == split.name && a.shardIndex == index && a.shardCount == split.shards.count
            && a.firstIndex == entry.firstIndex && a.trajectories == entry.trajectories && a.frames == split.frames
            && a.resolution == spec.rendering.resolution && a.system == spec.system.rawValue
        report.record(
            name, attributesAgree, "attributes agree with the manifest (split, index, count, frames, resolution)")
        do {
            try checkContent(reader, spec: spec, source: source, resimulate: resimulate, name: name, into: &report)
            try checkStatisticsSums(reader, name: name, into: &report)
        } catch {
            report.record(name, false, "\(error)")
        }
    }

    private func checkContent(
        _ reader: ShardReader, spec: DatasetSpec, source: any TrajectorySource, resimulate: Int, name: String,
        into report: inout ValidationReport
    ) throws(DatasetError) {
        let a = reader.attributes
        let n = reader.count, t = reader.frames, s = reader.stateCount
        report.record(
            name, a.t0 == 0 && a.dt == spec.dt,
            "frame times t0 + k dt: t0 \(a.t0), dt \(a.dt) (the spec's dt \(spec.dt))")

        let seeds = try reader.seeds()
        let expectedSeeds = (0..<n).map {
            DatasetGenerator.trajectorySeed(datasetSeed: spec.seed, split: a.split, index: a.firstIndex + $0)
        }
        report.record(name, seeds == expectedSeeds, "seeds derive from (dataset seed, split, index)")

        // Energies, derivatives and drift, in blocks to bound memory.
        var worstDrift = 0.0, worstEnergyMismatch = 0.0, worstDerivativeMismatch = 0.0
        let block = 512
        var start = 0
        while start < n {
            let range = start..<min(start + block, n)
            let states = try reader.states(range)
            let derivatives = try reader.derivatives(range)
            let energies = try reader.energies(range)
            for i in 0..<range.count {
                let e0 = energies[i * t]
                for k in 0..<t {
                    let offset = (i * t + k) * s
                    let x = Array(states[offset..<(offset + s)])
                    let e = energies[i * t + k]
                    let scale = max(abs(e0), 1e-300)
                    worstDrift = max(worstDrift, abs(e - e0) / scale)
                    worstEnergyMismatch = max(worstEnergyMismatch, abs(source.energy(of: x) - e) / scale)
                    let dx = source.timeDerivative(of: x)
                    for j in 0..<s {
                        let stored = derivatives[offset + j]
                        worstDerivativeMismatch = max(
                            worstDerivativeMismatch, abs(dx[j] - stored) / max(abs(stored), 1))
                    }
                }
            }
            start = range.upperBound
        }
        report.record(
            name, worstEnergyMismatch <= 1e-12,
            "/energy equals H(/x) (worst relative difference \(format(worstEnergyMismatch)))")
        report.record(
            name, worstDerivativeMismatch <= 1e-12,
            "/dx_dt equals the exact vector field at /x (worst difference \(format(worstDerivativeMismatch)))")
        if spec.integrator.isAdaptive {
            let bound = spec.system.descriptor.groundTruthDriftBound
            report.record(
                name, worstDrift <= bound, "max relative energy drift \(format(worstDrift)) (bound \(format(bound)))")
        } else {
            report.record(
                name, true,
                "max relative energy drift \(format(worstDrift)) (fixed-step integrator \(spec.integrator.name): no bound)"
            )
        }

        // Regenerate a few trajectories from their seeds, bit for bit.
        let picks = Array(Set(resimulationIndices(count: n, wanted: resimulate))).sorted()
        guard !picks.isEmpty else { return }
        let canvas = try SystemCatalog.canvas(for: spec)
        let worker = TrajectoryWorker(canvas: canvas, source: source)
        var identical = true
        for i in picks {
            let trajectory = try source.simulate(seed: seeds[i], frames: t)
            let storedStates = try reader.states(i..<(i + 1))
            let storedImages = try reader.images(i..<(i + 1))
            if trajectory.states != storedStates || worker.render(trajectory, frames: t) != storedImages {
                identical = false
                report.record(
                    name, false,
                    "trajectory \(a.firstIndex + i) regenerated from seed \(seeds[i]) differs from the stored one")
            }
        }
        if identical {
            report.record(name, true, "\(picks.count) trajectory(ies) regenerated from their seeds match bit for bit")
        }
    }

    /// First, last and evenly spaced trajectories in between.
    private func resimulationIndices(count: Int, wanted: Int) -> [Int] {
        guard count > 0, wanted > 0 else { return [] }
        if wanted == 1 { return [0] }
        return (0..<wanted).map { k in (k * (count - 1)) / (wanted - 1) }
    }

    private func format(_ value: Double) -> String { String(format: "%.3g", value) }
}
