import Tensor

/// A batch of points `(q, p)` in a latent phase space: position and momentum tensors of one shape
/// (`[batch, 4, 4, 16]` each for HGN, `[batch, n]` for PixelHNN).
public struct PhaseState: Sendable {
    /// Positions.
    public var q: Tensor
    /// Momenta (conjugate to ``q``).
    public var p: Tensor

    /// A state from its halves; they must have one shape.
    public init(q: Tensor, p: Tensor) {
        precondition(q.shape == p.shape, "q \(q.shape) and p \(p.shape) must have one shape")
        self.q = q
        self.p = p
    }

    /// The state without its autodiff graph.
    public func detached() -> PhaseState { PhaseState(q: q.detached(), p: p.detached()) }
}
