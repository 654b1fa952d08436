extension DatasetSpec {
    /// Applies command-line overrides to this spec.
    ///
    /// - `trajectories` sets the size of the `train` split (or the first split when there is none) and scales every
    ///   other split in proportion, rounding up, so that `--trajectories 500` on a standard preset gives train 500,
    ///   test 100 and long 10.
    /// - `frames` sets the default frame count (splits with their own count, like `long`, keep it).
    public mutating func applyOverrides(
        trajectories: Int? = nil, frames: Int? = nil, dt: Double? = nil, resolution: Int? = nil, seed: UInt64? = nil,
        observationNoiseOff: Bool = false
    ) {
        if let trajectories, let reference = splits.first(where: { $0.name == "train" }) ?? splits.first,
            reference.trajectories > 0
        {
            let original = reference.trajectories
            for i in splits.indices {
                let scaled = splits[i].trajectories.multipliedFullWidth(by: trajectories)
                let (quotient, remainder) = original.dividingFullWidth(scaled)
                splits[i].trajectories = max(1, quotient + (remainder > 0 ? 1 : 0))
            }
        }
        if let frames { self.frames = frames }
        if let dt { self.dt = dt }
        if let resolution { rendering.resolution = resolution }
        if let seed { self.seed = seed }
        if observationNoiseOff { observationNoise = 0 }
    }
}
