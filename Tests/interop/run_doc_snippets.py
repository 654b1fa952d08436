"""Runs the Python snippets of datasets.md and README.md on real datasets, so the documents show code that works.

Every ```python block reads a folder named by a literal "data/<dataset>"; the block runs with that literal replaced by
the folder given for that dataset on the command line. Blocks that import torch are skipped, with a message, where
torch is not installed. Fails when a block names no given dataset, or when a document shows none of the three ways
to load a video dataset (Hugging Face datasets, h5py, a PyTorch Dataset).

Usage: python3 run_doc_snippets.py NAME=FOLDER [NAME=FOLDER ...]   e.g. pendulum=/tmp/x/pendulum
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import snippets  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DOCUMENTS = ["datasets.md", "README.md"]


def main():
    folders = dict(argument.split("=", 1) for argument in sys.argv[1:])
    ran = skipped = 0
    for document in DOCUMENTS:
        blocks = snippets.python_blocks(os.path.join(ROOT, document))
        ways = {"load_dataset": False, "h5py.File": False, "torch.utils.data.Dataset": False}
        for line, code in blocks:
            name = snippets.dataset_of(code)
            if name not in folders:
                snippets.fail("run_doc_snippets", f"{document}:{line}: the block reads data/{name}, not one of {sorted(folders)}")
            for way in ways:
                ways[way] |= way in code and name == "pendulum"
            if snippets.needs_torch(code) and not snippets.torch_available():
                print(f"run_doc_snippets: torch is not installed: {document}:{line} is skipped (pip install torch to run it)")
                skipped += 1
                continue
            snippets.run(code, folders[name], f"{document}:{line}")
            ran += 1
        missing = [way for way, shown in ways.items() if not shown]
        if missing:
            snippets.fail("run_doc_snippets", f"{document} does not show how to load a video dataset with {', '.join(missing)}")
    print(f"run_doc_snippets: {ran} snippet(s) of {', '.join(DOCUMENTS)} ran on real datasets" + (f", {skipped} skipped" if skipped else ""))


if __name__ == "__main__":
    main()
