import Foundation
import Testing

@testable import Datasets

/// Shards written one per task of a job array: the manifest appears only with the last shard of the plan, the folder
/// ends byte-identical to one run, and validation checks the folder against the plan of its spec.
@Suite("Job arrays and the plan of a dataset")
struct JobArrayTests {
    /// `smallSpec()` with a third split of longer sequences, like the presets' `long`: 3 + 1 + 1 shards.
    static func threeSplitSpec() -> DatasetSpec {
        var spec = smallSpec()
        spec.splits.append(SplitSpec(name: "long", trajectories: 2, frames: 9))
        return spec
    }

    private func failed(_ report: ValidationReport, _ subject: String) -> [String] {
        report.checks.filter { !$0.passed && $0.subject == subject }.map(\.detail)
    }

    @Test("no manifest until every shard of every split exists; the last task writes it and the folder equals one run")
    func manifestOnlyWhenComplete() throws {
        let reference = TemporaryDirectory(), array = TemporaryDirectory()
        try generate(Self.threeSplitSpec(), into: reference.path)
        let count = try ShardPlan(spec: Self.threeSplitSpec()).shards.count
        #expect(count == 5)
        for shard in 0..<count {
            let summary = try generate(Self.threeSplitSpec(), into: array.path, only: shard)
            let complete = shard == count - 1
            #expect(
                FileManager.default.fileExists(atPath: array.file("manifest.json")) == complete, "after shard \(shard)")
            #expect((summary.manifestPath != nil) == complete, "after shard \(shard)")
        }
        #expect(try Manifest.load(folder: array.path).splits.map(\.name) == ["train", "test", "long"])
        let files = try FileManager.default.contentsOfDirectory(atPath: reference.path).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: array.path).sorted()))
        for file in files { #expect(bytes(of: reference.file(file)) == bytes(of: array.file(file)), "\(file)") }
        #expect(try DatasetValidator(folder: array.path).run(resimulatePerShard: 1).isValid)
    }

    @Test("an unfinished folder is invalid and validation names the missing shards with their --shard index")
    func unfinishedFolder() throws {
        let folder = TemporaryDirectory()
        for shard in 0..<4 { try generate(Self.threeSplitSpec(), into: folder.path, only: shard) }
        let report = try DatasetValidator(folder: folder.path).run()
        #expect(!report.isValid)
        let plan = failed(report, "plan").joined()
        #expect(plan.contains("1 of 5 shard(s)") && plan.contains("long-00000-of-00001.h5 (--shard 4)"), "\(plan)")
        #expect(failed(report, "manifest.json").joined().contains("has not finished"))
    }

    @Test("a manifest missing a split of the spec (what array tasks once wrote) is invalid")
    func manifestMissingASplit() throws {
        let folder = TemporaryDirectory()
        try generate(Self.threeSplitSpec(), into: folder.path)
        var manifest = try Manifest.load(folder: folder.path)
        manifest.splits.removeLast()
        try manifest.jsonData().write(to: URL(fileURLWithPath: folder.file("manifest.json")))
        try FileManager.default.removeItem(atPath: folder.file("long-00000-of-00001.h5"))
        let report = try DatasetValidator(folder: folder.path).run(resimulatePerShard: 0)
        #expect(
            failed(report, "manifest.json").joined().contains(
                "lists split(s) train, test, but the spec has train, test, long"))
        #expect(failed(report, "plan").joined().contains("(--shard 4)"))
    }

    @Test("the plan of --shards K is read from the file names; files outside the plan are named")
    func otherShardCounts() throws {
        let folder = TemporaryDirectory()
        try generate(Self.threeSplitSpec(), into: folder.path, shards: 2)
        #expect(try DatasetValidator(folder: folder.path).run(resimulatePerShard: 0).isValid)
        try Data("left over".utf8).write(to: URL(fileURLWithPath: folder.file("test-00000-of-00002.h5.partial")))
        try FileManager.default.copyItem(
            atPath: folder.file("test-00000-of-00002.h5"), toPath: folder.file("test-00000-of-00004.h5"))
        let report = try DatasetValidator(folder: folder.path).run(resimulatePerShard: 0)
        let detail = failed(report, "folder").joined()
        #expect(detail.contains("2 file(s) outside the plan") && detail.contains("test-00000-of-00004.h5"), "\(detail)")
        #expect(failed(report, "plan").isEmpty && failed(report, "manifest.json").isEmpty)
    }

    @Test("shards of another --shards in the folder are refused before anything is written")
    func anotherPlanIsRefused() throws {
        let folder = TemporaryDirectory()
        try generate(Self.threeSplitSpec(), into: folder.path, shards: 2, only: 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        do {
            try generate(Self.threeSplitSpec(), into: folder.path, shards: 3, only: 1)
            Issue.record("a second plan was accepted")
        } catch {
            #expect("\(error)".contains("holds 1 shard file(s) of another plan (train-00000-of-00002.h5)"), "\(error)")
            #expect("\(error)".contains("give the same --shards as before"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
    }

    @Test("a shard index outside the plan writes nothing, not even the folder")
    func outOfRangeWritesNothing() {
        let folder = TemporaryDirectory()
        let out = folder.file("dataset")
        #expect(throws: DatasetError.shardOutOfPlan(index: 5, count: 5)) {
            try generate(Self.threeSplitSpec(), into: out, only: 5)
        }
        #expect(
            "\(DatasetError.shardOutOfPlan(index: 5, count: 5))".contains("the plan has 5 shard(s), numbered 0 to 4"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("--split makes a dataset of those splits only, complete and valid, with the same data")
    func selectedSplits() throws {
        let full = TemporaryDirectory(), only = TemporaryDirectory()
        try generate(Self.threeSplitSpec(), into: full.path)
        var options = GenerationOptions()
        options.splits = ["long", "test"]
        let generator = try DatasetGenerator(spec: Self.threeSplitSpec(), folder: only.path, options: options)
        #expect(generator.shardCount == 2)
        #expect(generator.spec.splits.map(\.name) == ["test", "long"])
        _ = try generator.run()
        let manifest = try Manifest.load(folder: only.path)
        #expect(
            manifest.splits.map(\.name) == ["test", "long"] && manifest.spec.splits.map(\.name) == ["test", "long"])
        #expect(try DatasetValidator(folder: only.path).run(resimulatePerShard: 1).isValid)
        for split in ["test", "long"] {
            #expect(try SplitContent(folder: full.path, split: split) == SplitContent(folder: only.path, split: split))
        }
    }

    @Test("density datasets follow the same rules: no manifest before the last shard, missing shards named")
    func densityArray() throws {
        let reference = TemporaryDirectory(), array = TemporaryDirectory()
        let spec = DensityDatasetTests.smallSpec()
        try DensityDatasetTests.generate(spec, into: reference.path)
        var options = GenerationOptions()
        let count = try DensityGenerator(spec: spec, folder: array.path).shardCount
        #expect(count == 5)
        for shard in 0..<count {
            options.onlyShard = shard
            _ = try DensityGenerator(spec: spec, folder: array.path, options: options).run()
            #expect(FileManager.default.fileExists(atPath: array.file("manifest.json")) == (shard == count - 1))
            if shard == count - 2 {
                let report = try DatasetValidator(folder: array.path).run()
                #expect(failed(report, "plan").joined().contains("test-00001-of-00002.h5 (--shard 4)"))
            }
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: reference.path) {
            #expect(bytes(of: reference.file(file)) == bytes(of: array.file(file)), "\(file)")
        }
        #expect(try DatasetValidator(folder: array.path).run().isValid)
    }
}
