/// Names of the objects and root attributes of a shard file (the table in `datasets.md`).
///
/// Field names follow DeepMind's Hamiltonian Dynamics Suite so that its users feel at home. Every dataset under the
/// root (and under `/other`) has one row per trajectory, the rule Hugging Face `datasets`' HDF5 builder reads a file
/// by; frame times are root attributes (`t0`, `dt`: frame k is at t0 + k dt), not a dataset.
public enum ShardLayout {
    /// uint8 [N, T, H, W, 3]: rendered frames, one trajectory per chunk, shuffle + deflate.
    public static let image = "image"
    /// float64 [N, T, 2D]: phase state concat(q, p).
    public static let state = "x"
    /// float64 [N, T, 2D]: exact time derivative of the state.
    public static let stateDerivative = "dx_dt"
    /// float64 [N, T]: true energy.
    public static let energy = "energy"
    /// Group of float64 [N] per-trajectory physical parameters.
    public static let other = "other"
    /// uint64 [N]: the seed that regenerates each trajectory alone.
    public static let seed = "seed"

    /// Every object under the root, in the order `h5py` lists them: each dataset has one row per trajectory.
    public static let rootMembers = [stateDerivative, energy, image, other, seed, state]

    /// Deflate level of the image chunks (with the shuffle filter in front, as h5py's `compression="gzip"` with
    /// `shuffle=True`), compressed by libdeflate (`HDF5.ChunkCompressor`). Level 1: on the standard pendulum train
    /// split (50,000 sequences) it writes 228.4 MB against 222.8 MB at level 5 and ~222.4 MB with zlib level 4 (the
    /// compressor before libdeflate): 2.7% larger, within the 5% the generation goal allows, and it takes generation
    /// from 7,500 to 9,200-9,400 sequences/s on 2 idle cores (`Benchmarks/generation/compare.sh`, 2026-12-05).
    /// Per preset level 1 is 0.5-4.1% larger than zlib level 4 (measurements in ChunkCompressor's documentation).
    public static let imageDeflateLevel = 1

    /// Root attribute names.
    public enum Attribute {
        public static let system = "system"
        /// Time between frames.
        public static let dt = "dt"
        /// Time of the first frame (frame k is at `t0 + k dt`).
        public static let t0 = "t0"
        /// JSON: the exact sums behind the dataset's normalisation statistics (``StatisticsSums``).
        public static let statisticsSums = "statistics_sums"
        public static let integrator = "integrator"
        public static let tolerance = "tolerance"
        public static let split = "split"
        public static let shardIndex = "shard_index"
        public static let shardCount = "shard_count"
        public static let schemaVersion = "schema_version"
        public static let generatorVersion = "generator_version"
        public static let specJSON = "spec_json"
        public static let datasetName = "dataset"
        public static let firstIndex = "first_index"
        public static let trajectories = "trajectories"
        public static let frames = "frames"
        public static let resolution = "resolution"
        public static let worldHalfWidth = "world_half_width"
        public static let observationNoise = "observation_noise"
        public static let stateNames = "state_names"
        public static let bodyRadii = "body_radii"
        public static let bodyColors = "body_colors"
        public static let background = "background"
    }
}
