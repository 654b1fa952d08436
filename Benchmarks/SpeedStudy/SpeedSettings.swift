import Models

/// What `hgnbench speed` measures: the model, the batch and how many steps.
public struct SpeedSettings {
    /// The HGN's sizes (the reference's by default).
    public var model: HGNConfiguration
    /// Sequences per batch.
    public var batch: Int
    /// Frames per sequence (the model reads `inputFrames`, then integrates one step per further frame).
    public var sequenceLength: Int
    /// Compute threads.
    public var threads: Int
    /// Timed steps.
    public var steps: Int
    /// Untimed steps before them.
    public var warmup: Int
    /// Seed of the frames and the posterior noise.
    public var seed: UInt64
    /// Products timed for the sgemm peak.
    public var peakShapes: [SGEMMPeak.Shape]
    /// Whether to time `steps` more steps by phase (``SpeedBreakdown``).
    public var breakdown = false
    /// Frames decoded per sequence (the anchor and `decodedFrames − 1` drawn later frames; `nil`: every frame).
    public var decodedFrames: Int? = nil
    /// How the frames are scored, and the weight of the KL term.
    public var reconstruction = ReconstructionLoss.frameMeanSquaredError
    public var klWeight = 1.0
    /// The training recipe whose step this is (`nil`: the step given by the other settings).
    public var recipe: String? = nil
    /// The sequence lengths timed, each with its weight in the reported step time (the recipe's training steps at
    /// that length); `[(sequenceLength, 1)]` when empty.
    public var lengths: [(frames: Int, weight: Double)] = []

    /// ``lengths``, or the single ``sequenceLength``.
    public var timedLengths: [(frames: Int, weight: Double)] { lengths.isEmpty ? [(sequenceLength, 1)] : lengths }

    /// Makes this the step of the training recipe `name`: its model, batch, decoded frames and loss, timed at each
    /// of `lengths` (a curriculum's lengths, weighted by the recipe's steps at each).
    public mutating func apply(
        recipe name: String, model: HGNConfiguration, batch: Int, decodedFrames: Int?,
        reconstruction: ReconstructionLoss, klWeight: Double,
        lengths: [(frames: Int, weight: Double)]
    ) {
        var configuration = model
        configuration.integrator = self.model.integrator
        configuration.seed = self.model.seed
        self.model = configuration
        self.batch = batch
        self.decodedFrames = decodedFrames
        self.reconstruction = reconstruction
        self.klWeight = klWeight
        recipe = name
        self.lengths = lengths
        sequenceLength = lengths.map(\.frames).max() ?? sequenceLength
    }

    public init(
        model: HGNConfiguration, batch: Int, sequenceLength: Int, threads: Int, steps: Int, warmup: Int,
        seed: UInt64, peakShapes: [SGEMMPeak.Shape], breakdown: Bool = false
    ) {
        self.model = model
        self.batch = batch
        self.sequenceLength = sequenceLength
        self.threads = threads
        self.steps = steps
        self.warmup = warmup
        self.seed = seed
        self.peakShapes = peakShapes
        self.breakdown = breakdown
    }

    /// A model small enough for a debug-build test of the command (a few hundred parameters per layer).
    public static var tinyConfiguration: HGNConfiguration {
        var configuration = HGNConfiguration()
        configuration.encoderFilters = [4, 4, 4]
        configuration.latentChannels = 4
        configuration.transformerFilters = [4, 4]
        configuration.stateChannels = 2
        configuration.hamiltonianFilters = [4, 4, 4, 4]
        configuration.decoderFilters = 4
        return configuration
    }
}
