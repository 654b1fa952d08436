"""Reads a physgen dataset folder (video or density) with Hugging Face's own libraries and checks what a user gets:

  1. the card README.md: its YAML front matter parses with PyYAML and with huggingface_hub's DatasetCard (the same
     metadata), names a licence, one default config with data_files for every split of the manifest;
  2. datasets.load_dataset(folder), with no other argument: the manifest's splits, in order, with its row counts,
     the card's column types, and every value equal to h5py's (images, states, derivatives, energies, seeds, /other);
  3. the card's own Python snippets (Hugging Face, h5py, PyTorch), run on this folder: the PyTorch one with its
     2-worker DataLoader, then the whole loader compared with h5py. Without torch the PyTorch snippet is skipped with
     a message (CI does not install torch: it is large).

Usage: python3 check_huggingface.py DATASET_DIR [DATASET_DIR ...]
Exits non-zero with a message on the first failed check.
"""
import json
import os
import sys

import datasets
import h5py
import huggingface_hub
import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import snippets  # noqa: E402


def check(condition, message):
    if not condition:
        snippets.fail("check_huggingface", message)


def front_matter(text):
    lines = text.split("\n")
    check(lines[0] == "---" and "---" in lines[1:], "README.md: no YAML front matter")
    end = lines.index("---", 1)
    return "\n".join(lines[1:end])


def check_card(folder, manifest):
    path = os.path.join(folder, "README.md")
    text = open(path, encoding="utf-8").read()
    metadata = yaml.safe_load(front_matter(text))
    card = huggingface_hub.DatasetCard.load(path)
    check(card.data.to_dict() == metadata, "huggingface_hub reads other metadata than PyYAML")
    check(card.data.license == "cc0-1.0" and card.data.pretty_name, "card: licence or pretty name")
    check(card.data.size_categories and card.data.task_categories, "card: size or task categories")
    configs = metadata["configs"]
    check(len(configs) == 1 and configs[0]["config_name"] == "default", "card: one default config")
    names = [s["name"] for s in manifest["splits"]]
    check([d["split"] for d in configs[0]["data_files"]] == names, f"card: data_files splits {configs[0]['data_files']}")
    info = metadata["dataset_info"]
    check([(s["name"], s["num_examples"]) for s in info["splits"]] == [(s["name"], s["trajectories"]) for s in manifest["splits"]],
          "card: dataset_info.splits")
    for split in manifest["splits"]:
        for shard in split["shards"]:
            check(shard["sha256"] in text, f"card: no sha256 of {shard['file']}")
    return text


def h5py_columns(folder, split):
    """Every dataset of a split's shards, concatenated, as h5py reads them (groups as dicts of columns)."""
    columns = {}
    for entry in split["shards"]:
        with h5py.File(os.path.join(folder, entry["file"]), "r") as f:
            for name, item in f.items():
                if isinstance(item, h5py.Group):
                    group = columns.setdefault(name, {})
                    for member, dataset in item.items():
                        group.setdefault(member, []).append(dataset[...])
                else:
                    columns.setdefault(name, []).append(item[...])
    return {name: ({m: np.concatenate(v) for m, v in value.items()} if isinstance(value, dict) else np.concatenate(value))
            for name, value in columns.items()}


def check_load_dataset(folder, manifest):
    loaded = datasets.load_dataset(folder)
    names = [s["name"] for s in manifest["splits"]]
    check(list(loaded.keys()) == names, f"load_dataset: splits {list(loaded.keys())}, manifest {names}")
    for split in manifest["splits"]:
        data = loaded[split["name"]]
        check(data.num_rows == split["trajectories"], f"load_dataset {split['name']}: {data.num_rows} rows")
        expected = h5py_columns(folder, split)
        check(sorted(data.column_names) == sorted(expected), f"load_dataset {split['name']}: columns {data.column_names}")
        rows = data.with_format("numpy", dtype=None)[:]
        for name, values in expected.items():
            if isinstance(values, dict):
                for member, column in values.items():
                    got = np.array([row[member] for row in rows[name]])
                    check(got.dtype == column.dtype and np.array_equal(got, column), f"{split['name']}/{name}/{member}")
            else:
                got = rows[name]
                check(got.dtype == values.dtype, f"{split['name']}/{name}: dtype {got.dtype}, h5py {values.dtype}")
                check(got.shape == values.shape, f"{split['name']}/{name}: shape {got.shape}, h5py {values.shape}")
                check(np.array_equal(got, values), f"{split['name']}/{name}: values differ from h5py's")
    return loaded


def check_card_snippets(folder, manifest, card):
    """Runs every snippet of the card on the folder; the PyTorch one with its 2 workers, then checked in full."""
    blocks = snippets.python_blocks_of_text(card)
    check(len(blocks) >= 2, "card: expected at least a Hugging Face and an h5py snippet")
    for line, code in blocks:
        check(snippets.dataset_of(code) == manifest["name"], f"card snippet at line {line} reads another folder")
        if snippets.needs_torch(code) and not snippets.torch_available():
            print(f"check_huggingface: torch is not installed: the card's PyTorch snippet (line {line}) is skipped "
                  "(pip install torch to run it)")
            continue
        namespace = snippets.run(code, folder, f"{folder}/README.md:{line}")
        if "PhysicsVideos" in namespace:
            check_torch_loader(folder, manifest, namespace)


def check_torch_loader(folder, manifest, namespace):
    import torch
    loader = namespace["loader"]
    check(loader.num_workers == 2, "card snippet: the DataLoader should use 2 workers")
    split = next(s for s in manifest["splits"] if s["name"] == "train")
    t, r = split["frames"], manifest["spec"]["rendering"]["resolution"]
    frames, x = namespace["frames"], namespace["x"]
    batch = min(16, split["trajectories"])
    check(tuple(frames.shape) == (batch, t, 3, r, r) and frames.dtype == torch.float32, f"card snippet: frames {tuple(frames.shape)}")
    check(x.dtype == torch.float64 and tuple(x.shape[:2]) == (batch, t), f"card snippet: x {tuple(x.shape)}")
    # The whole split through a 2-worker loader, in order, against h5py.
    dataset = namespace["PhysicsVideos"](folder, "train")
    ordered = torch.utils.data.DataLoader(dataset, batch_size=7, shuffle=False, num_workers=2)
    all_frames = torch.cat([f for f, _ in ordered]).numpy()
    all_states = torch.cat([s for _, s in ordered]).numpy()
    expected = h5py_columns(folder, split)
    stats = manifest["statistics"]["image"]
    raw = all_frames.transpose(0, 1, 3, 4, 2) * np.array(stats["std"], np.float32) + np.array(stats["mean"], np.float32)
    check(np.abs(raw - expected["image"]).max() < 1e-3, "card snippet: standardised frames do not map back to the stored ones")
    check(np.array_equal(all_states, expected["x"]), "card snippet: states differ from h5py's")
    check(abs(float(all_frames.mean())) < 0.5 and 0.5 < float(all_frames.std()) < 1.5,
          "card snippet: frames standardised with the train statistics should have mean ~0 and std ~1")
    print(f"check_huggingface: the card's PyTorch snippet ran (torch {torch.__version__}): {len(dataset)} trajectories "
          "through 2-worker DataLoaders, equal to h5py's")


def main():
    if len(sys.argv) < 2:
        check(False, "usage: check_huggingface.py DATASET_DIR [DATASET_DIR ...]")
    for folder in sys.argv[1:]:
        manifest = json.load(open(os.path.join(folder, "manifest.json")))
        card = check_card(folder, manifest)
        loaded = check_load_dataset(folder, manifest)
        check_card_snippets(folder, manifest, card)
        print(f"check_huggingface: {folder}: {manifest['name']}: card metadata (PyYAML, huggingface_hub "
              f"{huggingface_hub.__version__}) and load_dataset (datasets {datasets.__version__}: "
              f"{', '.join(f'{k} {v.num_rows}' for k, v in loaded.items())}) agree with the manifest and h5py; "
              "the card's snippets run: ok")


if __name__ == "__main__":
    main()
