/// Names of the objects and root attributes of a shard file (the table in `datasets.md`).
///
/// Field names follow DeepMind's Hamiltonian Dynamics Suite so that its users feel at home.
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
    /// float64 [T]: time of each frame.
    public static let time = "t"

    /// Deflate level of the image chunks (with the shuffle filter in front, as h5py's `compression="gzip"` with
    /// `shuffle=True`), compressed by libdeflate (`HDF5.ChunkCompressor`). Level 5 stores the four presets' frames
    /// within 1% of zlib level 4's size (the level before libdeflate) at 2.1-3.2x its speed, 400-700 MB/s per core;
    /// level 1 would be 1.3x faster again but up to 4% larger (measurements in ChunkCompressor's documentation).
    public static let imageDeflateLevel = 5

    /// Root attribute names.
    public enum Attribute {
        public static let system = "system"
        public static let dt = "dt"
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
