import Foundation
import Systems
import Testing
import Yams

@testable import Datasets

/// The dataset card (`README.md` of a folder): written with the manifest and only then, its Hugging Face metadata
/// parses and matches the manifest, `physgen validate` checks it, and the documents show the loading snippets the
/// cards show, verbatim.
@Suite("Dataset cards")
struct DatasetCardTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func spec() -> DatasetSpec {
        var spec = smallSpec(.pendulum, train: 7)
        spec.splits.append(SplitSpec(name: "long", trajectories: 2, frames: 9))
        return spec
    }

    @Test("the card is written with the manifest, never before, and is the card of that manifest")
    func writtenWithTheManifest() throws {
        let folder = TemporaryDirectory()
        let spec = Self.spec()
        let shards = try ShardPlan(spec: spec, shardsPerSplit: 2).shards.count
        for shard in 0..<(shards - 1) {
            try generate(spec, into: folder.path, shards: 2, only: shard)
            #expect(
                !FileManager.default.fileExists(atPath: folder.file("README.md"))
                    || FileManager.default.fileExists(atPath: folder.file("manifest.json")))
        }
        var options = GenerationOptions()
        options.shardsPerSplit = 2
        options.onlyShard = shards - 1
        options.command = "physgen generate --spec my.json --shards 2"
        _ = try DatasetGenerator(spec: spec, folder: folder.path, options: options).run()
        let manifest = try Manifest.load(folder: folder.path)
        let text = try #require(try? String(contentsOfFile: folder.file("README.md"), encoding: .utf8))
        #expect(text == (try DatasetCard.video(manifest, command: options.command)).text)
        #expect(text.contains("physgen generate --spec my.json --shards 2"))
        #expect(text.contains("physgen generate --spec data/pendulum/spec.json --shards 2 --out data/pendulum"))
        #expect(FileManager.default.fileExists(atPath: folder.file("README.md")))
    }

    @Test("its YAML is Hugging Face's card metadata for this manifest")
    func frontMatter() throws {
        let folder = TemporaryDirectory()
        try generate(Self.spec(), into: folder.path, shards: 2)
        let text = try String(contentsOfFile: folder.file("README.md"), encoding: .utf8)
        let (yaml, body) = try #require(DatasetCard.splitFrontMatter(text))
        let card = YAMLValue(try #require(try Yams.compose(yaml: yaml)))
        #expect(card["license"] == .scalar("cc0-1.0"))
        #expect(card["size_categories"] == .sequence([.scalar("n<1K")]))
        #expect(card["task_categories"] == .sequence([.scalar("time-series-forecasting")]))
        guard case .sequence(let configs)? = card["configs"], configs.count == 1 else {
            Issue.record("one config expected")
            return
        }
        #expect(configs[0]["config_name"] == .scalar("default"))
        #expect(
            configs[0]["data_files"]
                == .sequence([
                    .mapping(["split": .scalar("train"), "path": .scalar("train-*-of-00002.h5")]),
                    .mapping(["split": .scalar("test"), "path": .scalar("test-*-of-00002.h5")]),
                    .mapping(["split": .scalar("long"), "path": .scalar("long-*-of-00002.h5")]),
                ]))
        guard case .sequence(let splits)? = card["dataset_info"]?["splits"] else {
            Issue.record("dataset_info.splits expected")
            return
        }
        #expect(splits.map { $0["name"] } == [.scalar("train"), .scalar("test"), .scalar("long")])
        #expect(splits.map { $0["num_examples"] } == [.scalar("7"), .scalar("5"), .scalar("2")])
        // 6 frames in train and test, 9 in long: the frame axis is left open.
        guard case .sequence(let features)? = card["dataset_info"]?["features"] else {
            Issue.record("dataset_info.features expected")
            return
        }
        let image = features.first { $0["name"] == .scalar("image") }
        #expect(
            image?["dtype"]?["array4_d"]?["shape"]
                == .sequence([.scalar("null"), .scalar("16"), .scalar("16"), .scalar("3")]))
        #expect(image?["dtype"]?["array4_d"]?["dtype"] == .scalar("uint8"))
        #expect(features.map { $0["name"] } == ["dx_dt", "energy", "image", "other", "seed", "x"].map { .scalar($0) })
        let manifest = try Manifest.load(folder: folder.path)
        for shard in manifest.splits.flatMap(\.shards) { #expect(body.contains(shard.sha256)) }
        #expect(body.contains("H = p^2/(2 m l^2) + m g l (1 - cos q)"))
        #expect(body.contains("m = 0.5 (bob mass)"))
    }

    @Test("one frame count for every split gives fixed shapes")
    func fixedShapes() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(.twoBody, train: 4), into: folder.path)
        let card = try DatasetCard.video(try Manifest.load(folder: folder.path))
        #expect(card.features.contains(.array(name: "image", shape: [6, 16, 16, 3], dtype: "uint8")))
        #expect(card.features.contains(.list(name: "energy", dtype: "float64", length: 6)))
        #expect(card.features.contains(.array(name: "x", shape: [6, 8], dtype: "float64")))
        #expect(
            card.features.contains(
                .structure(
                    name: "other",
                    members: [
                        .value(name: "gravitational_constant", dtype: "float64"),
                        .value(name: "mass_1", dtype: "float64"),
                        .value(name: "mass_2", dtype: "float64"),
                    ])))
        #expect(card.frontMatter.contains("    list: float64\n    length: 6\n"))
    }

    @Test("validate checks the card: missing, wrong counts or patterns fail; edited prose does not")
    func validation() throws {
        let folder = TemporaryDirectory()
        try generate(Self.spec(), into: folder.path, shards: 2)
        let path = folder.file("README.md")
        let original = try String(contentsOfFile: path, encoding: .utf8)
        func failures() throws -> [String] {
            try DatasetValidator(folder: folder.path).run().checks.filter { !$0.passed }.map {
                "\($0.subject): \($0.detail)"
            }
        }
        #expect(try failures().isEmpty)

        try (original + "\nA note added by hand.\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try failures().isEmpty)

        try original.replacingOccurrences(of: "num_examples: 7", with: "num_examples: 8").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(try failures().contains { $0.contains("dataset_info differs from the manifest in: splits") })

        try original.replacingOccurrences(of: "train-*-of-00002.h5", with: "train-*.h5").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(try failures().contains { $0.contains("configs differ") })

        try original.replacingOccurrences(of: "configs:\n", with: "configs: [\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(try failures().contains { $0.contains("does not parse") })

        try FileManager.default.removeItem(atPath: path)
        #expect(
            try failures() == [
                "README.md: missing or unreadable: rerun the same `physgen generate` command to write it"
            ])
    }

    @Test("a density folder has a card too, checked by validate")
    func densityCard() throws {
        let folder = TemporaryDirectory()
        let spec = DensitySpec(
            name: "density-ring", target: .ring,
            splits: [DensitySplitSpec(name: "train", samples: 30), DensitySplitSpec(name: "test", samples: 20)],
            samplesPerShard: 10, seed: 11)
        _ = try DensityGenerator(spec: spec, folder: folder.path).run()
        let text = try String(contentsOfFile: folder.file("README.md"), encoding: .utf8)
        #expect(text.contains("    path: \"train-*-of-00003.h5\"") && text.contains("    num_examples: 20"))
        #expect(text.contains("  - name: q\n    list: float64\n    length: 2\n"))
        #expect(try DatasetValidator(folder: folder.path).run().isValid)
    }

    @Test("datasets.md and README.md show the cards' loading snippets verbatim")
    func documentsShowTheSnippets() throws {
        for document in ["datasets.md", "README.md"] {
            let text = try String(contentsOf: Self.repository.appendingPathComponent(document), encoding: .utf8)
            let snippets =
                LoadingSnippets.video(name: "pendulum")
                + (document == "datasets.md" ? LoadingSnippets.density(name: "density-ring") : [])
            for snippet in snippets {
                #expect(
                    text.contains(LoadingSnippets.markdown(snippet) + "\n"),
                    "\(document) lacks the \(snippet.title) snippet as the cards show it")
            }
        }
    }

    @Test("the regenerating command reproduces the shard plan: --shards only when the spec's plan differs")
    func regenerateCommand() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(train: 12), into: folder.path)  // the spec's trajectories_per_shard: 3 + 1 shards
        let card = try DatasetCard.video(try Manifest.load(folder: folder.path))
        #expect(card.body.contains("physgen generate --spec data/pendulum/spec.json --out data/pendulum\n"))
    }
}
