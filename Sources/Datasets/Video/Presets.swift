import Systems

/// The standard datasets: two per registered system (``SystemRegistry``), with the constants, initial-state ranges
/// and seed of its descriptor (for the HGN paper's four systems the values of `docs/reference.md`): the standard one,
/// named after the system, with noise-free frames, and `<system>-noisy`, the same trajectories (same seed) drawn with
/// the public replication's per-frame observation noise. The paper's Table 1 numbers lie below the noise floors of the
/// noisy variants (datasets.md, "Observation noise"), so the standard presets are noise-free since spec version 2.
///
/// Every preset has 32x32 RGB frames at dt = 0.125, 34 frames per sequence (5 for inference plus a 30-frame rollout),
/// 50,000 `train`, 5,000 `valid` and 10,000 `test` sequences, and a `long` test split of 1,000 sequences of 256 frames.
/// `valid` (10% of train's size) is for every choice of settings; `test` is scored once per finished model.
public enum Presets {
    /// A preset: its spec and a one-line summary for `physgen presets`.
    public struct Preset: Sendable {
        public var spec: DatasetSpec
        public var summary: String
    }

    /// All presets, in display order.
    public static var all: [Preset] {
        SystemRegistry.all.flatMap { descriptor in
            [false, true].map { noisy in
                let spec = standard(descriptor, noisy: noisy)
                return Preset(spec: spec, summary: descriptor.summary(noise: spec.observationNoise))
            }
        }
    }

    /// The suffix of the noisy variants' names.
    public static let noisySuffix = "-noisy"

    /// The preset names.
    public static var names: [String] { all.map(\.spec.name) }

    /// The spec of a preset.
    public static func spec(named name: String) throws(DatasetError) -> DatasetSpec {
        guard let preset = all.first(where: { $0.spec.name == name }) else {
            throw .unknownPreset(name, known: names)
        }
        return preset.spec
    }

    /// The standard splits: 50,000 train, 5,000 valid and 10,000 test sequences of 34 frames, 1,000 long sequences
    /// of 256 frames.
    ///
    /// Every split draws its trajectories from its own seed stream, a hash of the split's name
    /// (``DatasetGenerator/trajectorySeed(datasetSeed:split:index:)``), so adding `valid` left the trajectories of
    /// `train`, `test` and `long` as they were: their states, frames and seeds are the same numbers. Their shard files
    /// differ in one attribute, `spec_json`, which holds the whole spec and so now lists `valid`.
    public static let standardSplits = [
        SplitSpec(name: "train", trajectories: 50_000),
        SplitSpec(name: "valid", trajectories: 5_000),
        SplitSpec(name: "test", trajectories: 10_000),
        SplitSpec(name: "long", trajectories: 1_000, frames: 256),
    ]

    /// The standard dataset of a system, named after it, or its noisy variant.
    static func standard(_ descriptor: any SystemDescriptor, noisy: Bool = false) -> DatasetSpec {
        let sampling = descriptor.standardSampling
        return DatasetSpec(
            name: descriptor.name + (noisy ? noisySuffix : ""), system: SystemKind(descriptor),
            constants: SystemConstants.standard(for: descriptor),
            sampling: SamplingSpec(
                radius: sampling.radius, orbitNoise: sampling.orbitNoise,
                minSeparation: sampling.minSeparation),
            observationNoise: noisy ? descriptor.observationNoise : 0, dt: 0.125, frames: 34,
            rendering: RenderingSpec(resolution: 32), integrator: IntegratorSpec(), splits: standardSplits,
            trajectoriesPerShard: 6_250, seed: descriptor.presetSeed)
    }
}
