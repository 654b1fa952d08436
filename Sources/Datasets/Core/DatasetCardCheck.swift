import Foundation
import Yams

extension DatasetCard {
    /// Checks the card in `folder` against `expected`, the card of the folder's manifest (`physgen validate`): that
    /// `README.md` exists with YAML front matter that parses (Yams); that its `configs` give every split of the manifest,
    /// in order, with a `data_files` pattern matching exactly that split's shards among the folder's files; that its
    /// `dataset_info` (column types, row counts, sizes) is the manifest's; that it names a licence and a pretty name;
    /// and that its body lists every shard's SHA-256. Prose may be edited freely: it is not compared.
    static func check(
        folder: String, against expected: DatasetCard, manifestSHA256: [String], into report: inout ValidationReport
    ) {
        let subject = fileName
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            report.record(
                subject, false, "missing or unreadable: rerun the same `physgen generate` command to write it")
            return
        }
        guard let (yaml, body) = splitFrontMatter(text) else {
            report.record(subject, false, "has no YAML front matter between '---' lines at its top")
            return
        }
        let card: YAMLValue, reference: YAMLValue
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                report.record(subject, false, "its YAML front matter is empty")
                return
            }
            card = YAMLValue(node)
            reference = try Yams.compose(yaml: expected.frontMatter).map(YAMLValue.init) ?? .scalar("")
        } catch {
            report.record(subject, false, "its YAML front matter does not parse: \(error)")
            return
        }
        let configs = card["configs"]
        report.record(
            subject, configs == reference["configs"],
            configs == reference["configs"]
                ? "configs: one default config, data_files for \(expected.splits.map(\.name).joined(separator: ", "))"
                : "configs differ from the manifest's splits and shards (expected \(expected.splits.map { "\($0.name): \($0.pattern)" }.joined(separator: ", ")))"
        )
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for split in expected.splits {
            let matched = names.filter { fnmatch(split.pattern, $0, 0) == 0 }.sorted()
            report.record(
                subject, matched == split.files.sorted(),
                "data_files pattern \(split.pattern) matches \(matched.count) file(s), the manifest lists \(split.files.count) for \(split.name)"
            )
        }
        let info = card["dataset_info"]
        let expectedInfo = reference["dataset_info"]
        if info == expectedInfo {
            report.record(
                subject, true,
                "dataset_info: features and row counts (\(expected.splits.map { "\($0.name) \($0.rows)" }.joined(separator: ", "))) agree with the manifest"
            )
        } else {
            let differing = ["features", "splits", "download_size", "dataset_size"].filter {
                info?[$0] != expectedInfo?[$0]
            }
            report.record(
                subject, false, "dataset_info differs from the manifest in: \(differing.joined(separator: ", "))")
        }
        for key in ["license", "pretty_name"] {
            let value = card[key]
            report.record(subject, value != nil && value != .scalar(""), value == nil ? "no \(key)" : "\(key) given")
        }
        let missing = manifestSHA256.filter { !body.contains($0) }
        report.record(
            subject, missing.isEmpty,
            missing.isEmpty
                ? "lists the SHA-256 of all \(manifestSHA256.count) shard(s)"
                : "lacks the SHA-256 of \(missing.count) shard(s)")
    }

    /// The YAML between the opening and closing `---` lines, and the rest; `nil` without front matter.
    static func splitFrontMatter(_ text: String) -> (yaml: String, body: String)? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return nil }
        let yaml = lines[1..<end].joined(separator: "\n") + "\n"
        lines.removeSubrange(0...end)
        return (yaml, lines.joined(separator: "\n"))
    }
}

/// A parsed YAML value whose mappings compare without regard to key order.
enum YAMLValue: Equatable {
    case scalar(String)
    case sequence([YAMLValue])
    case mapping([String: YAMLValue])

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar): self = .scalar(scalar.string)
        case .sequence(let sequence): self = .sequence(sequence.map(YAMLValue.init))
        case .mapping(let mapping):
            var values: [String: YAMLValue] = [:]
            for (key, value) in mapping { values[key.string ?? "\(key)"] = YAMLValue(value) }
            self = .mapping(values)
        case .alias: self = .scalar("")
        }
    }

    subscript(key: String) -> YAMLValue? {
        if case .mapping(let values) = self { return values[key] }
        return nil
    }
}
