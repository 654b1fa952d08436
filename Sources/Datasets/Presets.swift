/// The standard datasets: the four systems of the Hamiltonian Generative Networks paper (Toth et al., ICLR 2020) with
/// the constants, initial-state ranges and noise levels of `docs/reference.md`.
///
/// Every preset has 32x32 RGB frames at dt = 0.125, 34 frames per sequence (5 for inference plus a 30-frame rollout),
/// 50,000 `train` and 10,000 `test` sequences, and a `long` test split of 1,000 sequences of 256 frames.
public enum Presets {
    /// A preset: its spec and a one-line summary for `physgen presets`.
    public struct Preset: Sendable {
        public var spec: DatasetSpec
        public var summary: String
    }

    /// All presets, in display order.
    public static let all: [Preset] = [
        Preset(
            spec: standard(
                name: "pendulum", system: .pendulum, radius: 1.3...2.3, observationNoise: 0.1, seed: 1),
            summary: "pendulum, H = p^2/(2 m l^2) + m g l (1 - cos q), m 0.5, l 1, g 3; r ~ U(1.3, 2.3); noise 0.1"),
        Preset(
            spec: standard(
                name: "mass-spring", system: .massSpring, radius: 0.1...1.0, observationNoise: 0.1, seed: 2),
            summary: "mass-spring, H = p^2/(2m) + k q^2/2, m 0.5, k 2; r ~ U(0.1, 1.0); noise 0.1"),
        Preset(
            spec: standard(
                name: "two-body", system: .twoBody, radius: 0.5...1.5, observationNoise: 0.05, seed: 3,
                orbitNoise: 0.05, minSeparation: 0.1),
            summary: "two-body gravity, m_i 1, G 1; r ~ U(0.5, 1.5); orbit noise 0.05; noise 0.05"),
        Preset(
            spec: standard(
                name: "three-body", system: .threeBody, radius: 0.9...1.2, observationNoise: 0.2, seed: 4,
                orbitNoise: 0.2, minSeparation: 0.1),
            summary: "three-body gravity, m_i 1, G 1; r ~ U(0.9, 1.2); orbit noise 0.2; noise 0.2"),
    ]

    /// The preset names.
    public static var names: [String] { all.map(\.spec.name) }

    /// The spec of a preset.
    public static func spec(named name: String) throws(DatasetError) -> DatasetSpec {
        guard let preset = all.first(where: { $0.spec.name == name }) else {
            throw .unknownPreset(name, known: names)
        }
        return preset.spec
    }

    /// The standard splits: 50,000 train and 10,000 test sequences of 34 frames, 1,000 long sequences of 256 frames.
    public static let standardSplits = [
        SplitSpec(name: "train", trajectories: 50_000),
        SplitSpec(name: "test", trajectories: 10_000),
        SplitSpec(name: "long", trajectories: 1_000, frames: 256),
    ]

    static func standard(
        name: String, system: SystemKind, radius: ClosedRange<Double>, observationNoise: Double, seed: UInt64,
        orbitNoise: Double? = nil, minSeparation: Double? = nil
    ) -> DatasetSpec {
        DatasetSpec(
            name: name, system: system, constants: .standard(for: system),
            sampling: SamplingSpec(radius: radius, orbitNoise: orbitNoise, minSeparation: minSeparation),
            observationNoise: observationNoise, dt: 0.125, frames: 34, rendering: RenderingSpec(resolution: 32),
            integrator: IntegratorSpec(), splits: standardSplits, trajectoriesPerShard: 6_250, seed: seed)
    }
}
