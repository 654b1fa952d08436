import Dispatch
import Foundation
import Systems
import Testing

@testable import Datasets

/// Absurd sizes are refused before any work, concurrent runs into one folder share it or refuse, leftovers of crashed
/// runs are removed, and a damaged shard never reaches libhdf5. (Disk full and signals need a separate process:
/// `Tests/faults/faults.py`.)
@Suite("Generation faults")
struct GenerationFaultTests {
    @Test(
        "absurd sizes are refused at once, before the shard plan is built",
        arguments: [
            (999_999_999_999, nil, "shards"),
            (999_999_999_999, 10, "1.0 PB"),
        ] as [(Int, Int?, String)])
    func absurdSizes(trajectories: Int, shards: Int?, expected: String) throws {
        var spec = try Presets.spec(named: "pendulum")
        spec.applyOverrides(trajectories: trajectories)
        var options = GenerationOptions()
        options.shardsPerSplit = shards
        let folder = TemporaryDirectory()
        let clock = ContinuousClock(), start = clock.now
        let error = #expect(throws: DatasetError.self) {
            try DatasetGenerator(spec: spec, folder: folder.file("out"), options: options).run()
        }
        #expect(clock.now - start < .seconds(2), "refused only after \(clock.now - start)")
        #expect(error?.description.contains("refusing to start") == true, "\(String(describing: error))")
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }

    @Test("one trajectory's frames must fit an HDF5 chunk (under 4 GiB)")
    func chunkLimit() throws {
        var spec = smallSpec()
        spec.frames = 5_000
        spec.rendering.resolution = 1_024
        let error = #expect(throws: DatasetError.self) { try DatasetGenerator(spec: spec, folder: "/nonexistent") }
        #expect(error?.description.contains("HDF5 chunk") == true, "\(String(describing: error))")
    }

    @Test(
        "the shard count is computed without the plan, equal to the plan's, without overflow",
        arguments: [
            (12, 5, nil), (10, 5, nil), (1, 5, nil), (12, 5, 3), (7, 100, 20), (Int.max, Int.max, nil), (Int.max, 1, 4),
        ] as [(Int, Int, Int?)])
    func shardCount(items: Int, perShard: Int, shards: Int?) throws {
        let count = GenerationPreflight.shardCount(items: items, perShard: perShard, shardsPerSplit: shards)
        if items < 1_000 {
            var spec = smallSpec(train: items)
            spec.trajectoriesPerShard = perShard
            spec.splits = [spec.splits[0]]
            #expect(try ShardPlan(spec: spec, shardsPerSplit: shards).shards.count == count)
        } else {
            #expect(count == min(items, shards ?? (items / perShard + (items % perShard == 0 ? 0 : 1))))
        }
    }

    @Test(
        "the estimate bounds the bytes written (within a factor 2)",
        arguments: [
            (SystemKind.pendulum, 16), (.threeBody, 16), (.twoBody, 32),
        ])
    func estimateBoundsTheBytes(system: SystemKind, resolution: Int) throws {
        var spec = smallSpec(system, train: 20)
        spec.rendering.resolution = resolution
        let folder = TemporaryDirectory()
        let summary = try generate(spec, into: folder.path)
        let estimate = GenerationEstimate(spec: spec, source: try SystemCatalog.trajectorySource(for: spec))
        let (bytes, _) = estimate.bytes(
            of: try ShardPlan(spec: spec).shards, ratio: try estimate.measuredCompressionBound())
        #expect(bytes >= Double(summary.bytesWritten), "estimate \(bytes) < \(summary.bytesWritten) written")
        #expect(bytes <= 2 * Double(summary.bytesWritten) + 200_000, "estimate \(bytes) for \(summary.bytesWritten)")
    }

    @Test("more than the free space is refused with the estimate; --ignore-free-space skips only that check")
    func freeSpace() throws {
        let folder = TemporaryDirectory()
        let error = #expect(throws: DatasetError.self) {
            try GenerationPreflight.checkSpace(
                neededBytes: 9e14, folder: folder.file("new/out"), estimate: "the estimate", ignoreFreeSpace: false)
        }
        guard case .insufficientSpace(_, let needed, let available, _)? = error else {
            Issue.record("expected insufficientSpace, got \(String(describing: error))")
            return
        }
        #expect(needed == 9e14 && available > 0 && available < 9e14)
        let message = error?.description ?? ""
        #expect(
            message.contains("900.0 TB") && message.contains("the estimate") && message.contains("--ignore-free-space"))
        try GenerationPreflight.checkSpace(
            neededBytes: 9e14, folder: folder.path, estimate: "the estimate", ignoreFreeSpace: true)
        #expect(throws: DatasetError.self) {
            try GenerationPreflight.checkSpace(
                neededBytes: 2e15, folder: folder.path, estimate: "", ignoreFreeSpace: true)
        }
    }

    @Test("two runs of one spec into one folder share the shards: each written once, the bytes of one run")
    func concurrentSameSpec() throws {
        let reference = TemporaryDirectory(), shared = TemporaryDirectory()
        let spec = smallSpec(train: 30)
        try generate(spec, into: reference.path, jobs: 1)
        let path = shared.path
        let summaries = try inParallel(2) { _ in try generate(spec, into: path, jobs: 1) }
        let plan = try ShardPlan(spec: spec).shards.count
        #expect(summaries.map(\.shardsWritten).reduce(0, +) == plan)
        try expectIdentical(shared.path, reference.path)
    }

    @Test("of two specs started together into one folder, one dataset results and the other run is refused")
    func concurrentOtherSpec() throws {
        let shared = TemporaryDirectory()
        let specs = [smallSpec(train: 30), smallSpec(train: 30, seed: 8)]
        let path = shared.path
        let outcomes = try inParallel(2) { index in Result { try generate(specs[index], into: path, jobs: 1) } }
        let succeeded = outcomes.indices.filter { (try? outcomes[$0].get()) != nil }
        #expect(succeeded.count == 1)
        for outcome in outcomes {
            if case .failure(let error) = outcome {
                #expect(error as? DatasetError == .specMismatch(path: shared.path))
            }
        }
        guard let winner = succeeded.first else { return }
        let reference = TemporaryDirectory()
        try generate(specs[winner], into: reference.path, jobs: 1)
        try expectIdentical(shared.path, reference.path)
    }

    @Test("temporary and lock files of a crashed run are removed by the next")
    func leftovers() throws {
        let folder = TemporaryDirectory(), reference = TemporaryDirectory()
        let spec = smallSpec()
        try generate(spec, into: reference.path)
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        for name in [
            "train-00000-of-00003.h5.partial-node7-4242", "train-00000-of-00003.h5.lock",
            "manifest.json.partial-node7-4242", "train-00001-of-00003.h5.partial",
        ] {
            try Data("stale".utf8).write(to: URL(fileURLWithPath: folder.file(name)))
        }
        try generate(spec, into: folder.path)
        try expectIdentical(folder.path, reference.path)
    }

    @Test("a shard that differs from its manifest's SHA-256 is refused before libhdf5 opens it")
    func damagedShard() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(), into: folder.path)
        let shard = folder.file("train-00001-of-00003.h5")
        var bytes = bytes(of: shard)
        bytes[bytes.count / 3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: shard))
        let error = #expect(throws: DatasetError.self) { try ShardReader(path: shard) }
        #expect(error?.description.contains("SHA-256") == true, "\(String(describing: error))")
        let report = try DatasetValidator(folder: folder.path).run(resimulatePerShard: 0)
        let failures = report.checks.filter { !$0.passed }
        #expect(failures.count == 1 && failures.first?.subject == "train-00001-of-00003.h5", "\(failures)")
        // Swapped shards, each intact, are refused too: each is not the file its name says.
        try FileManager.default.moveItem(atPath: folder.file("test-00000-of-00001.h5"), toPath: folder.file("swap"))
        try FileManager.default.moveItem(
            atPath: folder.file("train-00000-of-00003.h5"),
            toPath: folder.file("test-00000-of-00001.h5"))
        #expect(throws: DatasetError.self) { try ShardReader(path: folder.file("test-00000-of-00001.h5")) }
    }
}

@Suite("Resuming a damaged folder")
struct DamagedResumeTests {
    @Test("a shard damaged after it was recorded is not blessed into a new manifest by resuming")
    func damagedShardIsNotBlessed() throws {
        let folder = TemporaryDirectory()
        let spec = smallSpec()
        try generate(spec, into: folder.path)
        let manifest = bytes(of: folder.file(Manifest.fileName))
        let shard = folder.file("train-00002-of-00003.h5")
        var damaged = bytes(of: shard)
        damaged[damaged.count / 2] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: shard))
        let error = #expect(throws: DatasetError.self) { try generate(spec, into: folder.path) }
        #expect(error?.description.contains("changed since") == true, "\(String(describing: error))")
        #expect(bytes(of: folder.file(Manifest.fileName)) == manifest, "the manifest was rewritten")
        // Deleted as the message says, the shard is written again: the folder is whole.
        try FileManager.default.removeItem(atPath: shard)
        try generate(spec, into: folder.path)
        #expect(bytes(of: folder.file(Manifest.fileName)) == manifest)
        #expect(try DatasetValidator(folder: folder.path).run(resimulatePerShard: 0).checks.allSatisfy(\.passed))
    }
}

/// Runs `body` on `count` threads at once; returns the results in index order.
private func inParallel<T>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
    let results = ResultBox<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in results.set(index, Result { try body(index) }) }
    return try results.values.map { try $0.get() }
}

private final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<T, any Error>) { lock.withLock { slots[index] = value } }
    var values: [Result<T, any Error>] { lock.withLock { slots.compactMap { $0 } } }
}

/// The two folders hold the same files, byte for byte.
private func expectIdentical(_ folder: String, _ reference: String) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    let expected = try FileManager.default.contentsOfDirectory(atPath: reference).sorted()
    #expect(names == expected)
    for name in names {
        #expect(
            bytes(of: (folder as NSString).appendingPathComponent(name))
                == bytes(of: (reference as NSString).appendingPathComponent(name)), "\(name) differs")
    }
}
