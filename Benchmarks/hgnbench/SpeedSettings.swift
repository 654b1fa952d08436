import Models

/// What `hgnbench speed` measures: the model, the batch and how many steps.
struct SpeedSettings {
    /// The HGN's sizes (the reference's by default).
    var model: HGNConfiguration
    /// Sequences per batch.
    var batch: Int
    /// Frames per sequence (the model reads `inputFrames`, then integrates one step per further frame).
    var sequenceLength: Int
    /// Compute threads.
    var threads: Int
    /// Timed steps.
    var steps: Int
    /// Untimed steps before them.
    var warmup: Int
    /// Seed of the frames and the posterior noise.
    var seed: UInt64
    /// Products timed for the sgemm peak.
    var peakShapes: [SGEMMPeak.Shape]
    /// Whether to time `steps` more steps by phase (``SpeedBreakdown``).
    var breakdown = false

    /// A model small enough for a debug-build test of the command (a few hundred parameters per layer).
    static var tinyConfiguration: HGNConfiguration {
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
