"""Reads physgen datasets, checkpoints and JSON files the way a Python user does (json, h5py), for the fuzzer.

  python3 read_with_python.py KIND PATH     one file or folder; prints `ok` or `error: ...`
  python3 read_with_python.py --serve       one request per stdin line ({"kind": ..., "path": ...}), one JSON
                                            line back per request (so that the fuzzer imports h5py once)

KIND is `dataset` (a folder: its manifest, then every shard it lists, every attribute and dataset read in full),
`checkpoint` (every dataset and attribute of an HDF5 file) or `json`. A Python exception is a clean refusal; only a
crash of the interpreter (a signal inside libhdf5) or a hang is a failure, and the fuzzer detects those.
"""
import json
import os
import sys

import h5py


def read_hdf5(path):
    with h5py.File(path, "r") as f:
        def visit(name, item):
            for key in item.attrs:
                _ = item.attrs[key]
            if isinstance(item, h5py.Dataset):
                _ = item[()]
        for key in f.attrs:
            _ = f.attrs[key]
        f.visititems(visit)


def read_dataset(folder):
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    for split in manifest["splits"]:
        for shard in split["shards"]:
            read_hdf5(os.path.join(folder, shard["file"]))


def read(kind, path):
    if kind == "dataset":
        read_dataset(path)
    elif kind == "checkpoint":
        read_hdf5(path)
    else:
        with open(path, "rb") as f:
            json.loads(f.read())


def attempt(kind, path):
    try:
        read(kind, path)
        return {"ok": True}
    except Exception as error:  # every refusal is fine: the fuzzer looks for crashes and hangs
        return {"ok": False, "error": f"{type(error).__name__}: {str(error)[:200]}"}


def main():
    if sys.argv[1:] == ["--serve"]:
        for line in sys.stdin:
            request = json.loads(line)
            print(json.dumps(attempt(request["kind"], request["path"])), flush=True)
        return
    kind, path = sys.argv[1:3]
    result = attempt(kind, path)
    print("ok" if result["ok"] else f"error: {result['error']}")


if __name__ == "__main__":
    main()
