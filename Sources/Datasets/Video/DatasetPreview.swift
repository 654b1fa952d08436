import Foundation
import Rendering

/// Contact sheets of a dataset's trajectories (`physgen preview`): one row per trajectory, evenly spaced frames
/// along it, so a person can see at a glance that the bodies move as they should.
public enum DatasetPreview {
    /// A contact sheet of the first `trajectories` trajectories of a split (or of a shard file).
    ///
    /// - Parameters:
    ///   - path: a dataset folder (its manifest picks the split's first shard) or a shard file.
    ///   - frames: columns; frames are spread evenly from the first to the last.
    ///   - scale: integer magnification of each frame.
    public static func contactSheet(
        path: String, split: String = "train", trajectories: Int, frames: Int, scale: Int
    ) throws(DatasetError) -> ContactSheet {
        let reader = try ShardReader(path: shardPath(path, split: split))
        let rows = min(trajectories, reader.count)
        guard rows > 0 else { throw .validationFailed(path: reader.path, reason: "the shard holds no trajectory") }
        let columns = min(frames, reader.frames)
        let stride = columns > 1 ? max(1, (reader.frames - 1) / (columns - 1)) : 1
        do {
            var sheet = try ContactSheet(
                rows: rows, columns: columns, tileWidth: reader.resolution, tileHeight: reader.resolution, scale: scale,
                separatorWidth: max(1, scale / 2))
            for row in 0..<rows {
                try sheet.placeSequence(try reader.images(row..<(row + 1)), inRow: row, frameStride: stride)
            }
            return sheet
        } catch let error as DatasetError {
            throw error
        } catch {
            throw .io(path: path, reason: "cannot compose the preview: \(error)")
        }
    }

    /// The shard to show: `path` itself, or the first shard of `split` in a folder's manifest.
    static func shardPath(_ path: String, split: String) throws(DatasetError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .io(path: path, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else { return path }
        let manifest = try Manifest.load(folder: path)
        guard let first = try manifest.split(named: split).shards.first else {
            throw .badManifest(path: path, reason: "split '\(split)' lists no shard")
        }
        return (path as NSString).appendingPathComponent(first.file)
    }
}

extension ContactSheet {
    /// Writes the sheet as PNG, with a ``DatasetError`` on failure.
    public func writePNG(to path: String) throws(DatasetError) {
        do {
            try writePNG(toFileAt: path)
        } catch {
            throw .io(path: path, reason: "cannot write the PNG: \(error)")
        }
    }
}
