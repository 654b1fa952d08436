import SeededRandom
import Tensor

/// Which way a rollout runs from its anchor frame.
public enum TimeDirection: String, Codable, CaseIterable, Sendable {
    /// Forward in time: the anchor is the last input frame and the prediction covers the frames after it.
    case forward
    /// Backward in time (negative time step): the inputs are still in forward order, the anchor is their last
    /// frame, and the prediction covers the frames before the inputs, latest first.
    case backward
}

/// The terms of a training loss on one batch; the ``Trainer`` weights and adds them.
public struct LossTerms {
    /// Reconstruction of the target frames, as the ``ReconstructionLoss`` asked for (scalar).
    public var reconstruction: Tensor
    /// Pixel MSE of the reconstruction averaged over every pixel, channel, frame and sample (scalar): what GECO's
    /// constraint and the progress line use.
    public var pixelMeanSquaredError: Tensor
    /// KL(posterior ‖ N(0, I)) summed over latent elements, averaged over the batch (`nil` without a posterior).
    public var klDivergence: Tensor?
    /// Predicted values per sample (frames x pixels x channels), GECO's normaliser of the KL term.
    public var predictedValuesPerSample: Int
    /// Other terms, each already weighted, added to the loss as they are (PixelHNN's latent losses).
    public var auxiliary: [(name: String, value: Tensor)]

    /// Loss terms from their parts.
    public init(
        reconstruction: Tensor, pixelMeanSquaredError: Tensor, klDivergence: Tensor?,
        predictedValuesPerSample: Int, auxiliary: [(name: String, value: Tensor)] = []
    ) {
        self.reconstruction = reconstruction
        self.pixelMeanSquaredError = pixelMeanSquaredError
        self.klDivergence = klDivergence
        self.predictedValuesPerSample = predictedValuesPerSample
        self.auxiliary = auxiliary
    }
}

/// A predicted sequence.
public struct Rollout {
    /// Frames `[batch, steps + 1, H, W, 3]`: the anchor frame's reconstruction, then one frame per step.
    public var frames: Tensor
    /// The learned Hamiltonian at every state `[batch, steps + 1]`, for models that have one.
    public var energies: Tensor?

    /// A rollout from its parts.
    public init(frames: Tensor, energies: Tensor?) {
        self.frames = frames
        self.energies = energies
    }
}

/// A model of video sequences that the ``Trainer`` trains and the ``RolloutEvaluator`` scores: HGN and its
/// variants, PixelHNN.
///
/// Frames are Float32 NHWC in `[0, 1]`; sequences are `[batch, frames, H, W, 3]`.
public protocol VideoDynamicsModel: AnyObject {
    /// The trainable parameters (what the optimiser updates and checkpoints store).
    var parameters: ParameterCollection { get }
    /// Frames the model reads before its anchor frame, the anchor included.
    var inputFrameCount: Int { get }
    /// Width and height of the frames.
    var resolution: Int { get }
    /// What the model is, for run records (its kind and configuration).
    var summary: ModelSummary { get }

    /// The loss terms on a training batch `[batch, T, H, W, 3]` (T > ``inputFrameCount``), recording the graph.
    ///
    /// - Throws: ``ModelsError/shapeMismatch(what:expected:found:)`` for a batch of another shape.
    func lossTerms(
        on sequence: Tensor, reconstruction: ReconstructionLoss,
        using generator: inout SeededGenerator
    ) throws(ModelsError) -> LossTerms

    /// The loss terms when only `decodedFrames` frames per sequence are decoded and scored (the anchor and frames
    /// drawn from `generator`), scaled to be an unbiased estimate of the full loss; `nil` decodes every frame.
    ///
    /// The default decodes every frame (``lossTerms(on:reconstruction:using:)``): models whose cost is not in
    /// decoding a rollout (PixelHNN) ignore `decodedFrames`.
    func lossTerms(
        on sequence: Tensor, reconstruction: ReconstructionLoss, decodedFrames: Int?,
        using generator: inout SeededGenerator
    ) throws(ModelsError) -> LossTerms

    /// A deterministic prediction (posterior means, no sampling) of `steps` frames from `inputs`
    /// `[batch, inputFrameCount, H, W, 3]`. Call it inside ``withoutGradientRecording(_:)``.
    ///
    /// - Throws: ``ModelsError/shapeMismatch(what:expected:found:)`` for inputs of another shape.
    func rollout(from inputs: Tensor, steps: Int, direction: TimeDirection) throws(ModelsError) -> Rollout
}

extension VideoDynamicsModel {
    /// Decodes every frame, ignoring `decodedFrames`.
    public func lossTerms(
        on sequence: Tensor, reconstruction: ReconstructionLoss, decodedFrames: Int?,
        using generator: inout SeededGenerator
    ) throws(ModelsError) -> LossTerms {
        try lossTerms(on: sequence, reconstruction: reconstruction, using: &generator)
    }

    /// Checks that `tensor` is a batch of sequences `[batch, frames, resolution, resolution, 3]` with at least
    /// `minimumFrames` frames.
    func checkSequence(_ tensor: Tensor, what: String, minimumFrames: Int) throws(ModelsError) {
        let shape = tensor.shape
        guard shape.count == 5, shape[0] > 0, shape[1] >= minimumFrames, shape[2] == resolution,
            shape[3] == resolution, shape[4] == 3
        else {
            throw .shapeMismatch(
                what: what, expected: "[batch, \(minimumFrames)+ frames, \(resolution), \(resolution), 3]",
                found: shape)
        }
    }
}

/// The kind and configuration of a model, as stored in run records and checked when a run resumes (JSON
/// `{"hgn": {"configuration": {...}}}`).
public enum ModelSummary: Codable, Hashable, Sendable {
    /// A Hamiltonian Generative Network.
    case hgn(configuration: HGNConfiguration)
    /// A PixelHNN.
    case pixelHNN(configuration: PixelHNNConfiguration)

    /// The JSON keys. `pixelHnn`, not the case's name: the run files use snake_case (`Support.JSONFormat`), which
    /// writes both `pixelHNN` and `pixelHnn` as `pixel_hnn` but reads `pixel_hnn` back as `pixelHnn`, so with the
    /// case's own name a PixelHNN's `record.json` could be written and never read (the bytes written, and so the
    /// checkpoints' identity, are the same either way).
    enum CodingKeys: String, CodingKey {
        case hgn
        case pixelHNN = "pixelHnn"
    }
}
