/// The standard density datasets of the Hamiltonian-flow benchmark (`hgnbench flows`): four targets on the plane,
/// each with a `train` split of 10,000 points (set 100 or 1,000 with `physgen generate --samples N`), a `valid` split
/// of 1,000 points and a `test` split of 10,000 points.
///
/// `valid` is for every choice of settings (the flows' λ); `test` is scored once per finished model. It is drawn like
/// `train` (from the same region: the half ring's from q2 ≥ 0 too), since a setting may be chosen only on data from
/// the distribution a model is trained on. Every split draws its points from its own seed stream, a hash of the
/// split's name (``DatasetGenerator/trajectorySeed(datasetSeed:split:index:)``), so adding `valid` in preset version 2
/// left the points of `train` and `test` as they were: their coordinates, log-densities and seeds are the same
/// numbers. Their shard files differ in one attribute, `spec_json`, which holds the whole spec and so now lists
/// `valid`.
///
/// `density-ring` and `density-half-ring` share their seed, so their `test` splits are the same points, and the
/// half ring's training points are the ring's folded onto q2 ≥ 0. Since point i of a split depends only on the seed,
/// the split and i, a train split of 100 points is the first 100 points of the 10,000-point one.
public enum DensityPresets {
    /// A preset: its spec and a one-line summary for `physgen presets`.
    public struct Preset: Sendable {
        public var spec: DensitySpec
        public var summary: String
    }

    /// The default number of training points.
    public static let defaultTrainSamples = 10_000
    /// The number of validation points.
    public static let validSamples = 1_000
    /// The number of test points.
    public static let testSamples = 10_000
    /// The version of the density presets: 1 had `train` and `test`; 2 (2026-12) added `valid`. A folder's
    /// `spec.json` says which it holds (a `valid` split or not); the generator refuses to mix them in one folder.
    public static let version = 2
    /// Training sizes the benchmark uses.
    public static let benchmarkTrainSizes = [100, 1_000, 10_000]

    /// All density presets, in display order.
    public static let all: [Preset] = [
        Preset(
            spec: standard(name: "density-ring", target: .ring, seed: 11),
            summary: "ring, U = (|q| - 2)^2 / (2 * 0.15^2); invariant under every rotation"),
        Preset(
            spec: standard(name: "density-half-ring", target: .ring, seed: 11, trainRegion: .upperHalfPlane),
            summary:
                "ring restricted to q2 >= 0 for training and validation, full ring for testing (generalisation by symmetry)"
        ),
        Preset(
            spec: standard(name: "density-eight-gaussians", target: .eightGaussians, seed: 12),
            summary: "mixture of 8 Gaussians, sigma 0.35, centres at radius 2.8, angles k pi/4; only 8-fold symmetric"),
        Preset(
            spec: standard(name: "density-banana", target: .banana, seed: 13),
            summary: "banana, U = q1^2/(2 * 1.5^2) + (q2 - q1^2/2 + 1)^2/(2 * 0.3^2); no symmetry"),
    ]

    /// The preset names.
    public static var names: [String] { all.map(\.spec.name) }

    /// Whether `name` is a density preset.
    public static func contains(_ name: String) -> Bool { all.contains { $0.spec.name == name } }

    /// The spec of a preset.
    public static func spec(named name: String) throws(DatasetError) -> DensitySpec {
        guard let preset = all.first(where: { $0.spec.name == name }) else {
            throw .unknownPreset(name, known: names)
        }
        return preset.spec
    }

    static func standard(
        name: String, target: DensityTarget, seed: UInt64, trainRegion: DensityRegion = .plane
    )
        -> DensitySpec
    {
        DensitySpec(
            name: name, target: target,
            splits: [
                DensitySplitSpec(name: "train", samples: defaultTrainSamples, region: trainRegion),
                DensitySplitSpec(name: "valid", samples: validSamples, region: trainRegion),
                DensitySplitSpec(name: "test", samples: testSamples),
            ],
            samplesPerShard: 100_000, seed: seed)
    }
}
