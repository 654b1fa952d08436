import Foundation

/// The dataset card of a generated folder: `README.md` beside `manifest.json`, written when the manifest is.
///
/// Its YAML front matter is Hugging Face's dataset-card metadata: `pretty_name`, `license`, `task_categories`,
/// `tags`, `size_categories`, one `default` config whose `data_files` map every split to its shard files, and
/// `dataset_info` with the column types (`features`, as the HDF5 builder reads a shard) and each split's number of
/// rows. So `datasets.load_dataset("path/to/folder")` returns every split with no arguments (and checks the row
/// counts against the card), and the folder can be uploaded to the Hub as it is. The Markdown below it describes the
/// data from the spec and the system's descriptor: physics, generation, splits, fields, how to load them, the
/// normalisation statistics, every file's SHA-256, and the command that regenerates the folder.
///
/// The card depends only on the manifest (and on the command that made it, when given), so it is byte-identical for
/// any `--jobs`, a resumed run or a job array. `physgen validate` checks it against the manifest
/// (``check(folder:against:into:)``).
public struct DatasetCard: Equatable, Sendable {
    /// The card's file name inside its dataset folder.
    public static let fileName = "README.md"
    /// The data are simulated: CC0, no rights reserved.
    public static let license = "cc0-1.0"

    /// One column of the rows Hugging Face `datasets` reads from a shard, in its `features` YAML.
    public indirect enum Feature: Equatable, Sendable {
        /// A scalar per row: `dtype: uint64`.
        case value(name: String, dtype: String)
        /// A list per row, of fixed `length` or (`nil`) of any length: `list: float64`.
        case list(name: String, dtype: String, length: Int?)
        /// An array of rank 2 to 5 per row (`array2_d` … `array5_d`); a `nil` first dimension varies between splits.
        case array(name: String, shape: [Int?], dtype: String)
        /// A group of columns (an HDF5 group): `struct:`.
        case structure(name: String, members: [Feature])
    }

    /// One split: its rows, its files and the pattern the card's `data_files` gives for them.
    public struct Split: Equatable, Sendable {
        public var name: String
        /// Trajectories (or points).
        public var rows: Int
        /// The split's shard files, in order.
        public var files: [String]
        /// Bytes of the files on disk.
        public var fileBytes: Int
        /// Bytes of the values once decompressed (Hugging Face's `num_bytes`).
        public var valueBytes: Int

        /// The `data_files` pattern of the split, matching exactly its shards: `train-*-of-00008.h5`.
        public var pattern: String { "\(name)-*-of-\(ShardPlan.zeroPadded(files.count)).h5" }
    }

    /// The card's title and the Hub's `pretty_name`.
    public var prettyName: String
    /// Hugging Face task categories.
    public var taskCategories: [String]
    /// Hub tags.
    public var tags: [String]
    /// The splits, in the manifest's order.
    public var splits: [Split]
    /// The columns of every split (the same for all of them).
    public var features: [Feature]
    /// The Markdown after the front matter.
    public var body: String

    /// The whole card: front matter between `---` lines, then the body.
    public var text: String { "---\n" + frontMatter + "---\n\n" + body }

    /// Hugging Face's size category of the total number of rows (`n<1K`, `1K<n<10K`, …).
    public var sizeCategory: String {
        let rows = splits.reduce(0) { $0 + $1.rows }
        let bounds: [(Int, String)] = [
            (1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
            (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"),
        ]
        return bounds.first { rows < $0.0 }?.1 ?? "1B<n<10B"
    }

    /// The YAML front matter (without the `---` lines).
    public var frontMatter: String {
        var lines = [
            "pretty_name: \(Self.quoted(prettyName))",
            "license: \(Self.license)",
            "task_categories:",
        ]
        lines += taskCategories.map { "- \($0)" }
        lines.append("tags:")
        lines += tags.map { "- \($0)" }
        lines += ["size_categories:", "- \(sizeCategory)", "configs:", "- config_name: default", "  data_files:"]
        for split in splits {
            lines += ["  - split: \(split.name)", "    path: \(Self.quoted(split.pattern))"]
        }
        lines += ["dataset_info:", "  features:"]
        lines += features.flatMap { Self.yaml($0, indent: "  ") }
        lines.append("  splits:")
        for split in splits {
            lines += [
                "  - name: \(split.name)", "    num_bytes: \(split.valueBytes)", "    num_examples: \(split.rows)",
            ]
        }
        lines.append("  download_size: \(splits.reduce(0) { $0 + $1.fileBytes })")
        lines.append("  dataset_size: \(splits.reduce(0) { $0 + $1.valueBytes })")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The YAML lines of one feature, as `datasets`' `Features._to_yaml_list` writes it.
    static func yaml(_ feature: Feature, indent: String) -> [String] {
        switch feature {
        case .value(let name, let dtype):
            return ["\(indent)- name: \(name)", "\(indent)  dtype: \(dtype)"]
        case .list(let name, let dtype, let length):
            return ["\(indent)- name: \(name)", "\(indent)  list: \(dtype)"]
                + (length.map { ["\(indent)  length: \($0)"] } ?? [])
        case .array(let name, let shape, let dtype):
            let dimensions = shape.map { $0.map(String.init) ?? "null" }.joined(separator: ", ")
            return [
                "\(indent)- name: \(name)", "\(indent)  dtype:", "\(indent)    array\(shape.count)_d:",
                "\(indent)      shape: [\(dimensions)]", "\(indent)      dtype: \(dtype)",
            ]
        case .structure(let name, let members):
            return ["\(indent)- name: \(name)", "\(indent)  struct:"]
                + members.flatMap { yaml($0, indent: indent + "  ") }
        }
    }

    /// A YAML double-quoted scalar (the JSON escapes, which YAML reads the same way).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(character)
            }
        }
        return result + "\""
    }

    /// The splits of a manifest, with the decompressed size of one row.
    static func splits<Spec>(
        of manifest: DatasetManifest<Spec>, rowBytes: (DatasetManifest<Spec>.Split) -> Int
    ) -> [Split] {
        manifest.splits.map { split in
            Split(
                name: split.name, rows: split.trajectories, files: split.shards.map(\.file),
                fileBytes: split.shards.reduce(0) { $0 + $1.bytes }, valueBytes: split.trajectories * rowBytes(split))
        }
    }

    /// The "Files" section: one row per shard with its size and SHA-256.
    static func filesSection<Spec>(_ manifest: DatasetManifest<Spec>, unit: String) -> [String] {
        var lines = [
            "## Files", "",
            "`manifest.json` lists every shard with its number of \(unit), size and SHA-256 (`sha256sum` or Python's `hashlib` give the same digests); `spec.json` holds the recipe (the same JSON is in every shard's `spec_json` attribute).",
            "", "| file | \(unit) | bytes | sha256 |", "|---|---:|---:|---|",
        ]
        for split in manifest.splits {
            for shard in split.shards {
                lines.append("| `\(shard.file)` | \(shard.trajectories) | \(shard.bytes) | `\(shard.sha256)` |")
            }
        }
        return lines + [""]
    }

    /// The "Loading" section: every snippet, for this folder's dataset.
    static func loadingSection(_ snippets: [LoadingSnippets.Snippet], folder: String) -> [String] {
        var lines = [
            "## Loading", "",
            "The snippets read `\(folder)`: give the path of this folder (for a copy on the Hugging Face Hub, `load_dataset(\"<user>/<name>\")` works the same way).",
            "",
        ]
        for snippet in snippets {
            lines += ["### \(snippet.title)", "", LoadingSnippets.markdown(snippet), ""]
        }
        return lines
    }

    /// The "How it was made" section: the command that regenerates the folder byte for byte (`physgen generate
    /// --spec` with the `--shards` and `--split` options that reproduce the manifest's files; `plan(shardsPerSplit)` is
    /// the generator's shard plan), and the command that made it (when known).
    static func howItWasMadeSection<Spec>(
        _ manifest: DatasetManifest<Spec>, specSplits: [String], command: String?, plan: (Int?) -> [ShardPlan.Shard]
    ) -> [String] {
        let name = manifest.name, folder = LoadingSnippets.folder(of: name)
        let present = manifest.splits.map(\.name)
        let files = Dictionary(uniqueKeysWithValues: manifest.splits.map { ($0.name, $0.shards.map(\.file)) })
        func reproduces(_ shardsPerSplit: Int?) -> Bool {
            let planned = Dictionary(grouping: plan(shardsPerSplit), by: \.split).mapValues { $0.map(\.fileName) }
            return present.allSatisfy { planned[$0] == files[$0] }
        }
        var regenerate = ["physgen generate --spec \(folder)/spec.json"]
        if !reproduces(nil) { regenerate.append("--shards \(files.values.map(\.count).max() ?? 1)") }
        if present != specSplits { regenerate += present.map { "--split \($0)" } }
        regenerate.append("--out \(folder)")
        var lines = [
            "## How it was made", "", "Regenerate this folder byte for byte (`spec.json` is in it), then check it:", "",
            "```sh", regenerate.joined(separator: " "), "physgen validate \(folder)", "```", "",
        ]
        if let command {
            lines += ["It was generated with:", "", "```sh", command, "```", ""]
        }
        return lines
    }
}
