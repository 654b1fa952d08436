import Foundation
import Systems
import Testing

@testable import Datasets

@Suite("Dataset specs")
struct DatasetSpecTests {
    @Test("every preset is valid and follows the paper's protocol", arguments: Presets.all.map(\.spec))
    func presetIsValid(spec: DatasetSpec) throws {
        try spec.validate()
        #expect(spec.dt == 0.125)
        #expect(spec.frames == 34)
        #expect(spec.rendering.resolution == 32)
        #expect(try spec.split(named: "train").trajectories == 50_000)
        #expect(try spec.split(named: "valid").trajectories == 5_000)
        #expect(try spec.split(named: "test").trajectories == 10_000)
        #expect(try spec.split(named: "long").trajectories == 1_000)
        #expect(spec.splits.map(\.name) == ["train", "valid", "test", "long"])
        #expect(spec.frames(of: try spec.split(named: "long")) == 256)
        // The standard presets are noise-free; their -noisy variants carry the replication's per-frame noise.
        #expect((spec.observationNoise > 0) == spec.name.hasSuffix(Presets.noisySuffix))
    }

    @Test("the presets carry the reference's constants, radii and noise")
    func presetConstants() throws {
        let pendulum = try Presets.spec(named: "pendulum")
        #expect(pendulum.constants == ["mass": 0.5, "length": 1, "gravity": 3])
        #expect(pendulum.sampling.radius == 1.3...2.3)
        #expect(pendulum.observationNoise == 0)
        #expect(try Presets.spec(named: "pendulum-noisy").observationNoise == 0.1)
        let spring = try Presets.spec(named: "mass-spring")
        #expect(spring.constants == ["mass": 0.5, "spring_constant": 2])
        #expect(spring.sampling.radius == 0.1...1.0)
        let twoBody = try Presets.spec(named: "two-body")
        #expect(twoBody.sampling.radius == 0.5...1.5)
        #expect(twoBody.observationNoise == 0)
        #expect(try Presets.spec(named: "two-body-noisy").observationNoise == 0.05)
        let threeBody = try Presets.spec(named: "three-body")
        #expect(threeBody.constants["masses"] == [1, 1, 1])
        #expect(threeBody.sampling.radius == 0.9...1.2)
        #expect(threeBody.observationNoise == 0)
        #expect(try Presets.spec(named: "three-body-noisy").observationNoise == 0.2)
    }

    @Test("JSON round trip is exact", arguments: Presets.all.map(\.spec))
    func jsonRoundTrip(spec: DatasetSpec) throws {
        let decoded = try DatasetSpec.parse(json: Data(spec.canonicalJSON().utf8), source: "test")
        #expect(decoded == spec)
    }

    @Test(
        "an unknown key is an error that names it",
        arguments: [
            (
                "{\"name\":\"x\",\"system\":\"pendulum\",\"sampling\":{\"radius\":[1,2]},\"dt\":0.1,\"frames\":3,\"splits\":[],\"colour\":1}",
                "colour"
            ),
            (
                "{\"name\":\"x\",\"system\":\"pendulum\",\"sampling\":{\"radius\":[1,2],\"radious\":3},\"dt\":0.1,\"frames\":3,\"splits\":[]}",
                "sampling.radious"
            ),
            (
                "{\"name\":\"x\",\"system\":\"pendulum\",\"constants\":{\"mas\":1},\"sampling\":{\"radius\":[1,2]},\"dt\":0.1,\"frames\":3,\"splits\":[]}",
                "constants.mas"
            ),
        ])
    func unknownKey(json: String, key: String) {
        #expect(throws: DatasetError.self) { try DatasetSpec.parse(json: Data(json.utf8), source: "spec.json") }
        do {
            _ = try DatasetSpec.parse(json: Data(json.utf8), source: "spec.json")
        } catch {
            #expect("\(error)".contains("'\(key)'"))
            #expect("\(error)".contains("not a known key"))
        }
    }

    @Test("a mistyped value is an error that names its key")
    func mistypedValue() {
        let json =
            "{\"name\":\"x\",\"system\":\"pendulum\",\"sampling\":{\"radius\":[1,2]},\"dt\":\"fast\",\"frames\":3,\"splits\":[]}"
        do {
            _ = try DatasetSpec.parse(json: Data(json.utf8), source: "spec.json")
            Issue.record("a string dt was accepted")
        } catch {
            #expect("\(error)" == "cannot read spec file spec.json: 'dt' must be a number")
        }
    }

    @Test("an unknown system lists the known ones")
    func unknownSystem() {
        let json =
            "{\"name\":\"x\",\"system\":\"four-body\",\"sampling\":{\"radius\":[1,2]},\"dt\":0.1,\"frames\":3,\"splits\":[]}"
        #expect(throws: DatasetError.unknownSystem("four-body", known: SystemRegistry.names)) {
            try DatasetSpec.parse(json: Data(json.utf8), source: "spec.json")
        }
    }

    /// One invalid value per case, with the key its error must name.
    enum InvalidValue: CaseIterable, Sendable {
        case zeroDt, nanDt, noFrames, negativeResolution, negativeNoise, negativeMass, twoMassesForThreeBodies
        case emptySplit, emptyShards, orbitNoiseForPendulum

        var field: String {
            switch self {
            case .zeroDt, .nanDt: "dt"
            case .noFrames: "frames"
            case .negativeResolution: "rendering.resolution"
            case .negativeNoise: "observation_noise"
            case .negativeMass: "constants.mass"
            case .twoMassesForThreeBodies: "constants.masses"
            case .emptySplit: "splits.train.trajectories"
            case .emptyShards: "trajectories_per_shard"
            case .orbitNoiseForPendulum: "sampling.orbit_noise"
            }
        }

        var spec: DatasetSpec {
            var s = smallSpec(self == .twoMassesForThreeBodies ? .threeBody : .pendulum)
            switch self {
            case .zeroDt: s.dt = 0
            case .nanDt: s.dt = .nan
            case .noFrames: s.frames = 0
            case .negativeResolution: s.rendering.resolution = -32
            case .negativeNoise: s.observationNoise = -0.1
            case .negativeMass: s.constants["mass"] = -1
            case .twoMassesForThreeBodies: s.constants["masses"] = [1, 1]
            case .emptySplit: s.splits[0].trajectories = 0
            case .emptyShards: s.trajectoriesPerShard = 0
            case .orbitNoiseForPendulum: s.sampling.orbitNoise = 0.1
            }
            return s
        }
    }

    @Test("invalid values are rejected with the field's name", arguments: InvalidValue.allCases)
    func invalidValues(value: InvalidValue) {
        do {
            try value.spec.validate()
            Issue.record("\(value.field): the invalid value was accepted")
        } catch {
            #expect("\(error)".contains("'\(value.field)'"), "\(error)")
        }
    }

    @Test("a constant of another system is rejected")
    func constantOfAnotherSystem() {
        var spec = smallSpec(.pendulum)
        spec.constants["spring_constant"] = 3
        #expect(throws: DatasetError.self) { try spec.validate() }
    }

    @Test("--trajectories scales every split in proportion, rounding up")
    func trajectoriesOverride() throws {
        var spec = try Presets.spec(named: "pendulum")
        spec.applyOverrides(trajectories: 500, frames: 12, dt: 0.1, resolution: 64, seed: 9, observationNoiseOff: true)
        #expect(spec.splits.map(\.trajectories) == [500, 50, 100, 10])
        #expect(spec.frames == 12)
        #expect(spec.frames(of: try spec.split(named: "long")) == 256)
        #expect(spec.dt == 0.1 && spec.rendering.resolution == 64 && spec.seed == 9 && spec.observationNoise == 0)
        spec.applyOverrides(trajectories: 1)
        #expect(spec.splits.map(\.trajectories) == [1, 1, 1, 1])
    }
}

@Suite("Shard plans")
struct ShardPlanTests {
    @Test("shards cover every trajectory once, in order", arguments: [(1, 1), (10, 3), (12, 5), (7, 7), (5, 9)])
    func coverage(trajectories: Int, shards: Int) throws {
        var spec = smallSpec(train: trajectories)
        spec.splits = [SplitSpec(name: "train", trajectories: trajectories)]
        let plan = try ShardPlan(spec: spec, shardsPerSplit: shards)
        #expect(plan.shards.count == min(shards, trajectories))
        #expect(plan.shards.flatMap { Array($0.trajectories) } == Array(0..<trajectories))
        let sizes = plan.shards.map(\.trajectories.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
    }

    @Test("file names follow <split>-<index>-of-<count>.h5")
    func fileNames() throws {
        let plan = try ShardPlan(spec: smallSpec(train: 12), shardsPerSplit: 3)
        #expect(
            plan.shards.map(\.fileName) == [
                "train-00000-of-00003.h5", "train-00001-of-00003.h5", "train-00002-of-00003.h5",
                "test-00000-of-00003.h5", "test-00001-of-00003.h5", "test-00002-of-00003.h5",
            ])
    }

    @Test("an unknown split is an error")
    func unknownSplit() {
        #expect(throws: DatasetError.unknownSplit("valid", known: ["train", "test"])) {
            try ShardPlan(spec: smallSpec(), splits: ["valid"])
        }
    }
}
