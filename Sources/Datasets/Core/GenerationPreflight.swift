import Foundation
import Support

/// The checks a generation passes before it writes anything, so that an absurd request is refused at once with the
/// reason and the estimate, instead of filling the memory or the disk for hours.
///
/// Two stages:
/// 1. **Limits**, from the spec alone and in constant memory whatever the trajectory count (before the shard plan is
///    built, since a plan holds one entry per shard): at most ``maximumShardsPerSplit`` shards per split; for
///    videos, one trajectory's frames (an HDF5 chunk) under 4 GiB and the memory one batch holds at once under
///    ``memoryFraction`` of the machine's memory.
/// 2. **Space**, once the shards still to write are known: their estimated bytes must stay under
///    ``maximumBytes`` and, unless ``GenerationOptions/ignoreFreeSpace``, under the free space of the output's file
///    system (`statvfs`).
///
/// These are refusals made before work starts; they do not replace the handling of a disk that fills during the
/// run (other processes write too), which fails with ``DatasetError/writeFailed(path:reason:)`` and resumes.
public enum GenerationPreflight {
    /// The most shards a split may have: shard numbers in file names have five digits (`-00042-of-00100.h5`), and
    /// beyond them names would no longer sort in shard order.
    public static let maximumShardsPerSplit = 99_999
    /// The most bytes a dataset may take: 1 PB, far beyond any dataset of this suite; a request above it is a typo.
    public static let maximumBytes = 1e15
    /// The share of the machine's memory that one batch (and the frames the workers render) may hold.
    public static let memoryFraction = 0.5

    /// The number of shards of a split of `items` items: what ``ShardPlan`` cuts, computed without overflow and
    /// without building the plan.
    static func shardCount(items: Int, perShard: Int, shardsPerSplit: Int?) -> Int {
        let byRule = items / perShard + (items % perShard == 0 ? 0 : 1)
        return min(items, shardsPerSplit ?? byRule)
    }

    /// Refuses a split that would be cut into more than ``maximumShardsPerSplit`` shards.
    static func checkShardCounts(
        _ splits: [(name: String, items: Int)], perShard: Int, shardsPerSplit: Int?, unit: String
    ) throws(DatasetError) {
        for split in splits {
            let count = shardCount(items: split.items, perShard: perShard, shardsPerSplit: shardsPerSplit)
            guard count <= maximumShardsPerSplit else {
                throw .tooLarge(
                    reason:
                        "split '\(split.name)' of \(split.items) \(unit) would be cut into \(count) shards, more than the \(maximumShardsPerSplit) that shard file names can number; ask for fewer \(unit), or fewer, larger shards (--shards, trajectories_per_shard)"
                )
            }
        }
    }

    /// Refuses a run that would hold more than ``memoryFraction`` of the machine's memory at once.
    static func checkMemory(bytes: Double, detail: String, advice: String) throws(DatasetError) {
        let limit = DiskSpace.physicalMemoryBytes * memoryFraction
        guard bytes <= limit else {
            throw .tooLarge(
                reason:
                    "it would hold about \(text(bytes)) in memory at once (\(detail)), more than half of this machine's \(text(DiskSpace.physicalMemoryBytes)); \(advice)"
            )
        }
    }

    /// Refuses `neededBytes` above ``maximumBytes``, or above the free space of the file system of `folder` (or of
    /// its nearest existing ancestor) unless `ignoreFreeSpace`. `estimate` says how the bytes were estimated.
    static func checkSpace(
        neededBytes: Double, folder: String, estimate: String, ignoreFreeSpace: Bool
    ) throws(DatasetError) {
        guard neededBytes <= maximumBytes else {
            throw .tooLarge(
                reason:
                    "it would write about \(text(neededBytes)) (\(estimate)), beyond the limit of \(text(maximumBytes)) for one dataset; ask for fewer trajectories, frames or a lower resolution"
            )
        }
        guard !ignoreFreeSpace, let available = DiskSpace.availableBytes(at: folder) else { return }
        guard neededBytes <= available else {
            throw .insufficientSpace(
                folder: folder, neededBytes: neededBytes, availableBytes: available, estimate: estimate)
        }
    }

    /// `3.1 GB`.
    static func text(_ bytes: Double) -> String { Formatting.bytes(Int(min(max(bytes, 0), 9e18))) }
}
