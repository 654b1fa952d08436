import Support

// What the trainer does about other processes and signals: one trainer per run folder, and a stop between steps.
extension Trainer {
    /// Claims the run folder for this trainer (``FileName/lock``): a second trainer on the same folder, in this
    /// process or another, is refused instead of interleaving its checkpoints with this one's. The kernel releases
    /// the claim if the process dies, so a crashed run never blocks the next.
    static func claimRunFolder(_ directory: String) throws(TrainingError) -> HeldFileLock {
        let lock = FileLock(path: path(directory, FileName.lock))
        let held: HeldFileLock?
        do {
            held = try lock.tryAcquire()
        } catch {
            throw .io(path: error.path, reason: error.reason)
        }
        guard let held else { throw .busy(directory: directory, holder: lock.holder()) }
        if !held.isEffective {
            StandardError.print(
                "warning: \(directory) is on a file system without locks: nothing stops another run from training into it at the same time"
            )
        }
        return held
    }

    /// When SIGINT or SIGTERM asked for a stop (``StopRequest``): writes a checkpoint of the steps done and throws
    /// ``TrainingError/interrupted(signal:step:)``. Resuming from it continues bit for bit (batch `k`, the
    /// step's random draws and the learning rate depend on `k` only; the optimiser and GECO states are in the
    /// checkpoint).
    func stopIfRequested() throws(TrainingError) {
        guard let signal = StopRequest.receivedSignal else { return }
        try saveCheckpoint()
        throw .interrupted(signal: signal, step: completedSteps)
    }
}
