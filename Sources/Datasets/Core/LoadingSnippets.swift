/// The Python code that loads a dataset folder, one snippet per way: h5py, a PyTorch `Dataset`, and Hugging Face
/// `datasets`.
///
/// This is the one source of these snippets: every dataset card (`README.md` of a generated folder) shows them for its
/// own folder, `datasets.md` and the repository's README show them for `data/pendulum` and `data/density-ring`
/// (a test checks that they are these texts, verbatim), and the interoperability test runs every one of them, from the
/// cards and from the documents, on real datasets with the real libraries.
public enum LoadingSnippets {
    /// One snippet: what it shows and its Python code.
    public struct Snippet: Equatable, Sendable {
        /// A heading, e.g. `Hugging Face datasets`.
        public var title: String
        /// Python code reading the folder `data/<name>`.
        public var code: String

        /// Whether the code reads the manifest's normalisation statistics.
        public var usesStatistics: Bool { code.contains("manifest[\"statistics\"]") }
    }

    /// The folder a snippet reads: `data/<dataset name>`, `physgen generate`'s default output folder.
    public static func folder(of name: String) -> String { "data/\(name)" }

    /// The snippets of a video dataset named `name`.
    public static func video(name: String) -> [Snippet] {
        let folder = folder(of: name)
        return [
            Snippet(
                title: "Hugging Face `datasets`",
                code: """
                    from datasets import load_dataset
                    splits = load_dataset("\(folder)")   # every split, as this folder's README.md lists them
                    train = splits["train"].with_format("numpy", dtype=None)   # dtype=None keeps uint8 frames, float64 states
                    sample = train[0]
                    video, x, energy = sample["image"], sample["x"], sample["energy"]   # (T, H, W, 3), (T, 2D), (T,)
                    for_torch = splits["train"].with_format("torch", columns=["image", "x", "dx_dt", "energy"])
                    """),
            Snippet(
                title: "h5py",
                code: """
                    import h5py, json, numpy as np
                    folder = "\(folder)"
                    manifest = json.load(open(f"{folder}/manifest.json"))
                    train = next(s for s in manifest["splits"] if s["name"] == "train")
                    with h5py.File(f"{folder}/{train['shards'][0]['file']}", "r") as f:
                        video = f["image"][0]            # uint8 (T, H, W, 3): one trajectory, decompressed
                        x, dx_dt, energy = f["x"][0], f["dx_dt"][0], f["energy"][0]   # float64 (T, 2D), (T, 2D), (T,)
                        times = f.attrs["t0"] + f.attrs["dt"] * np.arange(len(video))   # frame k is at t0 + k dt
                        constants = {name: f["other"][name][0] for name in f["other"]}  # e.g. mass, length, gravity
                    """),
            Snippet(
                title: "A PyTorch `Dataset`",
                code: """
                    import json, os
                    import h5py, torch

                    class PhysicsVideos(torch.utils.data.Dataset):
                        \"\"\"Frames (T, 3, H, W) standardised with the train split's statistics, and the true state (T, 2D).\"\"\"
                        def __init__(self, folder, split="train"):
                            manifest = json.load(open(os.path.join(folder, "manifest.json")))
                            shards = next(s for s in manifest["splits"] if s["name"] == split)["shards"]
                            self.files = [os.path.join(folder, s["file"]) for s in shards]
                            self.index = [(k, i) for k, s in enumerate(shards) for i in range(s["trajectories"])]
                            pixels = manifest["statistics"]["image"]   # per channel, in 0..255
                            self.mean = torch.tensor(pixels["mean"]).view(1, 3, 1, 1)
                            self.std = torch.tensor(pixels["std"]).view(1, 3, 1, 1)
                            self.handles = {}   # opened lazily, once per worker process

                        def __len__(self):
                            return len(self.index)

                        def __getitem__(self, item):
                            k, i = self.index[item]
                            if k not in self.handles:
                                self.handles[k] = h5py.File(self.files[k], "r")
                            f = self.handles[k]
                            frames = torch.from_numpy(f["image"][i]).permute(0, 3, 1, 2).float()
                            return (frames - self.mean) / self.std, torch.from_numpy(f["x"][i])

                    loader = torch.utils.data.DataLoader(PhysicsVideos("\(folder)"), batch_size=16, shuffle=True, num_workers=2)
                    frames, x = next(iter(loader))   # float32 (16, T, 3, H, W), float64 (16, T, 2D)
                    """),
        ]
    }

    /// The snippets of a density dataset named `name` (points, so no PyTorch `Dataset` is needed: the arrays fit in
    /// memory).
    public static func density(name: String) -> [Snippet] {
        let folder = folder(of: name)
        return [
            Snippet(
                title: "Hugging Face `datasets`",
                code: """
                    from datasets import load_dataset
                    splits = load_dataset("\(folder)")   # every split, as this folder's README.md lists them
                    test = splits["test"].with_format("numpy", dtype=None)
                    q, log_p = test["q"], test["log_density"]   # float64 (N, 2), (N,)
                    """),
            Snippet(
                title: "h5py",
                code: """
                    import h5py, json
                    folder = "\(folder)"
                    manifest = json.load(open(f"{folder}/manifest.json"))
                    test = next(s for s in manifest["splits"] if s["name"] == "test")
                    with h5py.File(f"{folder}/{test['shards'][0]['file']}", "r") as f:
                        q, log_p = f["q"][:], f["log_density"][:]   # float64 (N, 2), (N,)
                        print(f.attrs["formula"], "log Z =", f.attrs["log_normalizer"])
                        print("true NLL of the test points:", -log_p.mean())   # the target's entropy, up to sampling error
                    """),
        ]
    }

    /// A snippet as a fenced Markdown code block.
    public static func markdown(_ snippet: Snippet) -> String {
        "```python\n" + snippet.code + "\n```"
    }
}
