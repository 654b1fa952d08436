import Models

extension PixelHNNConfiguration {
    /// The HNN paper's optimisation of its pixel experiment in our trainer's terms: Adam 1e-3 with weight decay 1e-5,
    /// batches of 200 frame triples (200 sequences of 3 frames: a curriculum of one stage, so each sequence gives one
    /// `(z, z_next)` pair), `steps` steps (10,000 in the paper), checkpoints every 250 steps. The seed is the
    /// training configuration's default. See ``PixelHNNConfiguration`` for how this batch differs from the original's.
    public static func paperTraining(steps: Int = 10_000) -> TrainingConfiguration {
        var training = TrainingConfiguration(steps: steps)
        training.batchSize = 200
        training.learningRate = 1e-3
        training.weightDecay = 1e-5
        training.curriculum = [CurriculumStage(fromStep: 0, frames: 3)]
        training.checkpointInterval = 250
        return training
    }
}
