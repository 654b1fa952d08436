import Foundation

/// A spec whose shard plan a folder can be checked against (video and density specs).
protocol PlannedSpec: ManifestSpec, SpecJSON {
    /// The names of the splits, in generation order.
    var splitNames: [String] { get }
    /// The shards of every split: with `shardsPerSplit` shards per split, or the spec's own shard size when `nil`.
    func shardPlan(shardsPerSplit: Int?) -> [ShardPlan.Shard]
}

extension DatasetSpec: PlannedSpec {
    var splitNames: [String] { splits.map(\.name) }
    func shardPlan(shardsPerSplit: Int?) -> [ShardPlan.Shard] {
        (try? ShardPlan(spec: self, shardsPerSplit: shardsPerSplit))?.shards ?? []
    }
}

extension DensitySpec: PlannedSpec {
    var splitNames: [String] { splits.map(\.name) }
    func shardPlan(shardsPerSplit: Int?) -> [ShardPlan.Shard] {
        DensityGenerator.planShards(self, shardsPerSplit: shardsPerSplit)
    }
}

/// How a dataset folder compares with the plan of its spec: the shard files the spec asks for (every split), those
/// missing, and the files that belong to no shard of the plan (shards of another `--shards`, temporary files left by
/// an interrupted run).
///
/// `--shards K` is not part of the spec, so K is read from the shard file names (the manifest's when there is one,
/// else the folder's): the plan is the one, among the spec's own and those of the counts seen, that holds the most of
/// those names.
struct PlanComparison {
    /// The shards of the plan, in generation order: the position of a shard is its `--shard` index.
    let plan: [ShardPlan.Shard]
    /// Positions in ``plan`` of the shards with no file.
    let missing: [Int]
    /// Files of the folder outside the plan.
    let strays: [String]

    init(folder: DatasetFolder, spec: some PlannedSpec, listed: [String]?) {
        let files = folder.fileNames()
        let names = Set(listed ?? files)
        let splits = spec.splitNames
        let counts = Set(names.compactMap(ShardPlan.parseFileName).filter { splits.contains($0.split) }.map(\.count))
        let candidates = [nil] + counts.sorted().map { Optional($0) }
        var best: [ShardPlan.Shard] = spec.shardPlan(shardsPerSplit: nil)
        var bestScore = -1
        for candidate in candidates {
            let shards = spec.shardPlan(shardsPerSplit: candidate)
            let score = shards.filter { names.contains($0.fileName) }.count
            if score > bestScore { (best, bestScore) = (shards, score) }
        }
        plan = best
        missing = best.indices.filter { !folder.contains(best[$0].fileName) }
        let planned = Set(best.map(\.fileName))
        strays = files.filter { file in
            if file.contains(".partial") { return true }
            guard let parsed = ShardPlan.parseFileName(file), splits.contains(parsed.split) else { return false }
            return !planned.contains(file)
        }
    }

    /// Shards per split, e.g. `train 2, test 2, long 1`.
    var perSplit: String {
        var order: [String] = []
        var count: [String: Int] = [:]
        for shard in plan {
            if count[shard.split] == nil { order.append(shard.split) }
            count[shard.split, default: 0] += 1
        }
        return order.map { "\($0) \(count[$0] ?? 0)" }.joined(separator: ", ")
    }
}

extension ValidationReport {
    /// Records whether the folder holds every shard of its spec's plan (all splits), whether the manifest (when there
    /// is one) lists exactly the spec's splits and the plan's shards, and whether any file lies outside the plan.
    mutating func checkPlan<Spec: PlannedSpec>(of folder: DatasetFolder, spec: Spec, manifest: DatasetManifest<Spec>?) {
        let listed = manifest.map { $0.splits.flatMap { $0.shards.map(\.file) } }
        let comparison = PlanComparison(folder: folder, spec: spec, listed: listed)
        let plan = comparison.plan
        if comparison.missing.isEmpty {
            record("plan", true, "all \(plan.count) shard(s) of the spec's plan are present (\(comparison.perSplit))")
        } else {
            let shown = comparison.missing.prefix(8).map { "\(plan[$0].fileName) (--shard \($0))" }
            let more = comparison.missing.count > 8 ? ", ..." : ""
            record(
                "plan", false,
                "\(comparison.missing.count) of \(plan.count) shard(s) of the spec's plan (\(comparison.perSplit)) are missing: "
                    + shown.joined(separator: ", ") + more
                    + "; resubmit those array tasks, or run the same `physgen generate` again")
        }
        if let manifest {
            let names = manifest.splits.map(\.name)
            let entries = manifest.splits.flatMap { split in
                split.shards.map { "\(split.name)|\($0.file)|\($0.firstIndex)|\($0.trajectories)" }
            }
            let planned = plan.map {
                "\($0.split)|\($0.fileName)|\($0.trajectories.lowerBound)|\($0.trajectories.count)"
            }
            if names != spec.splitNames {
                record(
                    Manifest.fileName, false,
                    "lists split(s) \(names.joined(separator: ", ")), but the spec has \(spec.splitNames.joined(separator: ", ")): the dataset is incomplete"
                )
            } else {
                record(
                    Manifest.fileName, entries == planned,
                    entries == planned
                        ? "lists every split of the spec and every shard of its plan"
                        : "its shards differ from the plan of its spec (\(comparison.perSplit))")
            }
        } else {
            record(
                Manifest.fileName, false,
                comparison.missing.isEmpty
                    ? "is missing although every shard is present: run the same `physgen generate` once more (it skips the shards and writes it)"
                    : "is missing: the generation has not finished (it is written once every shard of the plan exists)")
        }
        let strays = comparison.strays
        record(
            "folder", strays.isEmpty,
            strays.isEmpty
                ? "no file outside the plan (no shard of another --shards, no temporary file)"
                : "holds \(strays.count) file(s) outside the plan: \(strays.prefix(5).joined(separator: ", "))\(strays.count > 5 ? ", ..." : "") (left by an interrupted run or another --shards; delete them)"
        )
    }

    /// The report on a folder with a `spec.json` but no manifest yet: the spec and the plan, without shard contents.
    static func unfinished(_ folder: DatasetFolder) throws(DatasetError) -> ValidationReport {
        let specPath = folder.path(of: "spec.json")
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: specPath))
        } catch {
            throw .unreadableSpec(path: specPath, reason: error.localizedDescription)
        }
        var report = ValidationReport()
        if DensitySpec.isDensitySpec(json: data) {
            report.checkUnfinished(folder, spec: try DensitySpec.parse(json: data, source: specPath))
        } else {
            report.checkUnfinished(folder, spec: try DatasetSpec.parse(json: data, source: specPath))
        }
        return report
    }

    private mutating func checkUnfinished<Spec: PlannedSpec>(_ folder: DatasetFolder, spec: Spec) {
        do {
            try spec.validate()
        } catch {
            record("spec.json", false, "holds an invalid spec: \(error)")
            return
        }
        checkPlan(of: folder, spec: spec, manifest: nil)
    }
}
