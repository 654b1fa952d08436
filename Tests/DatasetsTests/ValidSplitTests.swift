import Foundation
import Systems
import Testing

@testable import Datasets

@Suite("The valid split")
struct ValidSplitTests {
    @Test(
        "adding a valid split changes no trajectory of the other splits, only their spec_json attribute",
        arguments: [SystemKind.pendulum, .threeBody])
    func validLeavesOtherSplitsUnchanged(system: SystemKind) throws {
        let directory = TemporaryDirectory()
        let without = smallSpec(system, train: 6)
        var with = without
        with.splits.insert(SplitSpec(name: "valid", trajectories: 3), at: 1)
        try generate(without, into: directory.file("without"))
        try generate(with, into: directory.file("with"))
        for split in ["train", "test"] {
            #expect(
                try SplitContent(folder: directory.file("with"), split: split)
                    == SplitContent(folder: directory.file("without"), split: split), "split \(split)")
        }
        let valid = try SplitContent(folder: directory.file("with"), split: "valid")
        let train = try SplitContent(folder: directory.file("with"), split: "train")
        #expect(valid.seeds.count == 3)
        #expect(Set(valid.seeds).isDisjoint(with: Set(train.seeds)), "valid draws from its own seed stream")
        let manifest = try Manifest.load(folder: directory.file("with"))
        let shard = try ShardReader(path: directory.file("with/" + (try manifest.split(named: "train").shards[0].file)))
        #expect(try shard.spec() == with)
    }

    @Test("every preset has a valid split of 10% of train's size, listed between train and test")
    func presetsHaveValid() throws {
        for preset in Presets.all {
            let spec = preset.spec
            #expect(try spec.split(named: "valid").trajectories * 10 == spec.split(named: "train").trajectories)
            #expect(spec.frames(of: try spec.split(named: "valid")) == spec.frames)
            #expect(spec.splits.map(\.name) == ["train", "valid", "test", "long"])
        }
    }
}

@Suite("The density presets' valid split")
struct DensityValidSplitTests {
    @Test("adding valid changes no train or test point; valid points are drawn like train and from their own stream")
    func densityValidLeavesOtherSplitsUnchanged() throws {
        let directory = TemporaryDirectory()
        var with = try DensityPresets.spec(named: "density-half-ring")
        #expect(with.splits.map(\.name) == ["train", "valid", "test"])
        with.splits = with.splits.map { DensitySplitSpec(name: $0.name, samples: 300, region: $0.region) }
        var without = with
        without.splits.removeAll { $0.name == "valid" }
        _ = try DensityGenerator(spec: without, folder: directory.file("without")).run()
        _ = try DensityGenerator(spec: with, folder: directory.file("with")).run()
        for split in ["train", "test"] {
            #expect(
                try DensityReader.split(split, folder: directory.file("with"))
                    == DensityReader.split(split, folder: directory.file("without")), "split \(split)")
        }
        let valid = try DensityReader.split("valid", folder: directory.file("with"))
        let train = try DensityReader.split("train", folder: directory.file("with"))
        #expect(Set(valid.seeds).isDisjoint(with: Set(train.seeds)))
        // The half ring's valid points come from its training region, q2 >= 0.
        #expect(stride(from: 1, to: valid.q.count, by: 2).allSatisfy { valid.q[$0] >= 0 })
    }
}
