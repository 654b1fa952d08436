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
    /// Frames decoded per sequence (the anchor and `decodedFrames − 1` drawn later frames; `nil`: every frame).
    var decodedFrames: Int? = nil
    /// How the frames are scored, and the weight of the KL term.
    var reconstruction = ReconstructionLoss.frameMeanSquaredError
    var klWeight = 1.0
    /// The training recipe whose step this is (`nil`: the step given by the other settings).
    var recipe: String? = nil
    /// The sequence lengths timed, each with its weight in the reported step time (the recipe's training steps at
    /// that length); `[(sequenceLength, 1)]` unless a recipe has a curriculum.
    var lengths: [(frames: Int, weight: Double)] = []

    /// ``lengths``, or the single ``sequenceLength``.
    var timedLengths: [(frames: Int, weight: Double)] { lengths.isEmpty ? [(sequenceLength, 1)] : lengths }

    /// The step of a training profile's HGN recipe: its batch, decoded frames, loss and model, at each curriculum
    /// length weighted by the recipe's steps at it.
    mutating func apply(recipe profile: TableProfile) {
        let settings = profile.settings
        let training = settings.hgnTraining
        var configuration = settings.hgn
        configuration.integrator = model.integrator
        configuration.seed = model.seed
        model = configuration
        batch = training.batchSize
        decodedFrames = training.decodedFramesPerSequence
        reconstruction = training.reconstruction
        klWeight = training.klWeighting.beta(atStep: training.steps) ?? 1
        recipe = profile.rawValue
        let stages = training.curriculum
        lengths = stages.indices.map { index in
            let end = index + 1 < stages.count ? stages[index + 1].fromStep : training.steps
            return (stages[index].frames, Double(end - stages[index].fromStep))
        }
        sequenceLength = lengths.map(\.frames).max() ?? settings.frames
    }

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
