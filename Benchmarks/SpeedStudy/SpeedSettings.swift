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

    public init(model: HGNConfiguration, batch: Int, sequenceLength: Int, threads: Int, steps: Int, warmup: Int,
                seed: UInt64, peakShapes: [SGEMMPeak.Shape], breakdown: Bool = false) {
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
