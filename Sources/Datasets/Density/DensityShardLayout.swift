/// Names of the objects and root attributes of a density shard file (the table in `datasets.md`, "Density datasets").
///
/// A density shard holds N points of one split: `/q` float64 [N, 2], `/log_density` float64 [N] (the exact normalised
/// log-density of the distribution the split was drawn from) and `/seed` uint64 [N] (the seed that regenerates each
/// point alone).
public enum DensityShardLayout {
    /// float64 [N, 2]: the points q = (q1, q2).
    public static let points = "q"
    /// float64 [N]: exact normalised log-density of each point under its split's distribution.
    public static let logDensity = "log_density"
    /// uint64 [N]: the seed of each point's own generator.
    public static let seed = "seed"

    /// Root attribute names.
    public enum Attribute {
        /// `"density"` (video shards name their physical system here).
        public static let system = ShardLayout.Attribute.system
        public static let schemaVersion = ShardLayout.Attribute.schemaVersion
        public static let generatorVersion = ShardLayout.Attribute.generatorVersion
        public static let specJSON = ShardLayout.Attribute.specJSON
        public static let datasetName = ShardLayout.Attribute.datasetName
        public static let split = ShardLayout.Attribute.split
        public static let shardIndex = ShardLayout.Attribute.shardIndex
        public static let shardCount = ShardLayout.Attribute.shardCount
        public static let firstIndex = ShardLayout.Attribute.firstIndex
        /// Points in the shard.
        public static let samples = "samples"
        /// The target's name (`ring`, `eight-gaussians`, `banana`).
        public static let target = "target"
        /// The density as a formula.
        public static let formula = "formula"
        /// log Z of the full-plane target.
        public static let logNormalizer = "log_normalizer"
        /// The split's region (`plane` or `upper-half-plane`).
        public static let region = "region"
        /// The region as a condition on q (`all q`, `q2 >= 0`).
        public static let regionCondition = "region_condition"
        /// Prefix of the attributes holding the formula's constants (`constant_radius`, …).
        public static let constantPrefix = "constant_"
    }
}
