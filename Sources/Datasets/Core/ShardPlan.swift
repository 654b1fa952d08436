/// Which trajectories go into which shard file.
///
/// A split of N trajectories is cut into K contiguous shards of near-equal size (the first N mod K shards hold one more).
/// Trajectory `i` of a split always has the same seed and content whatever K is, so the shard count changes only the
/// files, never the data.
public struct ShardPlan: Equatable, Sendable {
    /// One shard: its file name and the global indices of the trajectories it holds.
    public struct Shard: Equatable, Sendable {
        public var split: String
        public var index: Int
        public var count: Int
        /// Global indices (within the split) of the shard's trajectories.
        public var trajectories: Range<Int>
        /// Frames per trajectory.
        public var frames: Int

        /// File name, e.g. `train-00003-of-00008.h5`.
        public var fileName: String {
            "\(split)-\(ShardPlan.zeroPadded(index))-of-\(ShardPlan.zeroPadded(count)).h5"
        }
    }

    /// Shards of every split, in generation order.
    public var shards: [Shard]

    /// Plans the shards of every split of `spec`, either with `spec.trajectoriesPerShard` per shard or, when
    /// `shardsPerSplit` is given, with that many shards in each split (capped at the split's size).
    public init(spec: DatasetSpec, shardsPerSplit: Int? = nil, splits selected: [String]? = nil) throws(DatasetError) {
        if let shardsPerSplit, shardsPerSplit <= 0 {
            throw .invalidSpec(field: "shards", reason: "must be > 0 (got \(shardsPerSplit))")
        }
        var shards: [Shard] = []
        for split in spec.splits where selected?.contains(split.name) ?? true {
            let n = split.trajectories
            let k = GenerationPreflight.shardCount(
                items: n, perShard: spec.trajectoriesPerShard, shardsPerSplit: shardsPerSplit)
            let base = n / k
            let extra = n % k
            var start = 0
            for s in 0..<k {
                let size = base + (s < extra ? 1 : 0)
                shards.append(
                    Shard(
                        split: split.name, index: s, count: k, trajectories: start..<(start + size),
                        frames: spec.frames(of: split)))
                start += size
            }
        }
        if let selected {
            for name in selected where !spec.splits.contains(where: { $0.name == name }) {
                throw .unknownSplit(name, known: spec.splits.map(\.name))
            }
        }
        self.shards = shards
    }

    /// The split, index and count that a shard file name (`train-00003-of-00008.h5`, or a temporary name of it,
    /// `train-00003-of-00008.h5.partial…`) encodes; `nil` for any other name.
    public static func parseFileName(_ file: String) -> (split: String, index: Int, count: Int)? {
        var name = Substring(file)
        if let temporary = name.range(of: ".h5.partial") { name = name[..<temporary.lowerBound] + ".h5" }
        guard name.hasSuffix(".h5") else { return nil }
        let parts = name.dropLast(".h5".count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[parts.count - 2] == "of",
            let index = Int(parts[parts.count - 3]), let count = Int(parts[parts.count - 1])
        else { return nil }
        return (parts.dropLast(3).joined(separator: "-"), index, count)
    }

    static func zeroPadded(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
