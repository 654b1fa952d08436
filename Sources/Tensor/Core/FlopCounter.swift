import Synchronization

/// A process-wide count of the floating-point operations done by the engine's matrix products and convolutions,
/// for reporting achieved GFLOP/s.
///
/// **What counts.** Every ``Tensor/matmul(_:transposeSelf:transposeOther:)`` adds `2·m·n·k`; every convolution
/// primitive (forward, input gradient, weight gradient; any dtype) adds the flops of the *direct* algorithm,
/// `2 · N · OH · OW · KH · KW · C_in · C_out`, also when a faster algorithm (Winograd) does fewer multiplies. That is
/// the convention of framework FLOP counters, so rates compare across implementations. Elementwise ops, reductions
/// and copies are not counted (they are memory-bound and, for HGN, well under 1% of the arithmetic).
///
/// The counter only grows; read it before and after the work you measure, or ``reset()`` it first. Updates are
/// atomic, so concurrent tasks all add to the same total.
public enum FlopCounter {
    /// Floating-point operations counted since the process started or the last ``reset()``.
    public static var total: Int { counter.load(ordering: .relaxed) }

    /// Sets ``total`` back to zero.
    public static func reset() { counter.store(0, ordering: .relaxed) }

    /// Adds `flops` to the total. O(1), one atomic add.
    @inline(__always)
    static func add(_ flops: Int) { counter.wrappingAdd(flops, ordering: .relaxed) }
}

private let counter = Atomic<Int>(0)
