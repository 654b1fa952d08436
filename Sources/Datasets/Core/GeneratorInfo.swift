/// Identity of this generator, recorded in every shard and manifest.
public enum GeneratorInfo {
    /// Version of HamiltonianSuite's dataset generator. Bump it whenever the same spec would give different bytes.
    public static let version = "0.1.0"
}
