"""Reads physgen datasets, checkpoints and JSON files the way a Python user does (json, h5py), for the fuzzer.

  python3 read_with_python.py KIND PATH     one file or folder; prints `ok` or `error: ...`
  python3 read_with_python.py --serve       one request per stdin line ({"kind": ..., "path": ...}), one JSON
                                            line back per request (so that the fuzzer imports h5py once)

KIND is `dataset` (a folder: its manifest, then every shard it lists, every attribute and dataset read in full),
`checkpoint` (every dataset and attribute of an HDF5 file) or `json`. A Python exception is a clean refusal; only a
crash of the interpreter (a signal inside libhdf5) or a hang is a failure, and the fuzzer detects those.

As the Swift readers do, a file is checked before h5py parses it: a shard against the SHA-256 and size its manifest
records, a checkpoint against the SHA-256 in its user block (README.md, "Failure behaviour"). HDF5 itself does not
validate what it reads: h5py 3.16 (HDF5 2.0.0) hung reading an attribute of a shard with flipped bits.
"""
import hashlib
import json
import os
import sys

import h5py

CHECKPOINT_MARKER = b"HamiltonianSuite checkpoint sha256 "


def sha256(path, offset=0):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(offset)
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_shard(path, entry):
    if os.path.getsize(path) != entry["bytes"] or sha256(path) != entry["sha256"]:
        raise ValueError(f"{path} is not the file its manifest describes (size or SHA-256 differ)")


def verify_checkpoint(path):
    with open(path, "rb") as f:
        block = f.read(512)
    if block.startswith(CHECKPOINT_MARKER):
        recorded = block[len(CHECKPOINT_MARKER):len(CHECKPOINT_MARKER) + 64].decode("ascii", "replace")
        if sha256(path, offset=512) != recorded:
            raise ValueError(f"{path} does not match the SHA-256 in its user block")


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
            path = os.path.join(folder, shard["file"])
            verify_shard(path, shard)
            read_hdf5(path)


def read(kind, path):
    if kind == "dataset":
        read_dataset(path)
    elif kind == "checkpoint":
        verify_checkpoint(path)
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
