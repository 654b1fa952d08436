"""Reads a physgen dataset folder with h5py alone and checks everything a Python user relies on.

Usage: python3 check_shards.py DATASET_DIR
Exits non-zero with a message on the first failed check.
"""
import hashlib
import json
import os
import sys

import h5py
import numpy as np


def fail(message):
    print(f"check_shards: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_shard(path, manifest, split, entry, index):
    spec = manifest["spec"]
    with h5py.File(path, "r") as f:
        a = f.attrs
        for key in ["system", "dt", "integrator", "tolerance", "split", "shard_index", "shard_count",
                    "schema_version", "generator_version", "spec_json"]:
            check(key in a, f"{path}: root attribute {key!r} missing")
        check(isinstance(a["system"], str), f"{path}: 'system' should read as str, got {type(a['system'])}")
        check(a["system"] == manifest["system"], f"{path}: system {a['system']!r}")
        check(a["split"] == split["name"], f"{path}: split {a['split']!r}")
        check(int(a["shard_index"]) == index and int(a["shard_count"]) == len(split["shards"]), f"{path}: shard index/count")
        check(int(a["schema_version"]) == 1, f"{path}: schema_version")
        check(json.loads(a["spec_json"]) == spec, f"{path}: spec_json differs from the manifest's spec")

        n, t, r = entry["trajectories"], split["frames"], spec["rendering"]["resolution"]
        image = f["image"]
        check(image.dtype == np.uint8 and image.shape == (n, t, r, r, 3), f"{path}: /image {image.dtype} {image.shape}")
        check(image.chunks == (1, t, r, r, 3), f"{path}: /image chunks {image.chunks}")
        check(image.compression == "gzip" and image.shuffle, f"{path}: /image filters {image.compression}, shuffle {image.shuffle}")
        x = f["x"][...]
        d = x.shape[2]
        check(f["x"].dtype == np.float64 and x.shape == (n, t, d) and d % 2 == 0, f"{path}: /x {x.shape}")
        check(f["dx_dt"].shape == (n, t, d) and f["dx_dt"].dtype == np.float64, f"{path}: /dx_dt")
        energy = f["energy"][...]
        check(energy.shape == (n, t), f"{path}: /energy {energy.shape}")
        check(f["seed"].dtype == np.uint64 and f["seed"].shape == (n,), f"{path}: /seed")
        check(len(set(f["seed"][...].tolist())) == n, f"{path}: seeds are not unique")
        times = f["t"][...]
        check(np.allclose(times, np.arange(t) * float(a["dt"]), rtol=0, atol=1e-15), f"{path}: /t")
        check(len(f["other"].keys()) > 0, f"{path}: /other is empty")
        for name, values in f["other"].items():
            check(values.shape == (n,) and values.dtype == np.float64, f"{path}: /other/{name}")

        images = image[...]
        background = np.array(a["background"], dtype=np.uint8)
        corner = images[:, :, 0, 0, :]
        check((corner == background).all(axis=-1).mean() > 0.9, f"{path}: corners are not the documented background")
        check(images.max() > background.max(), f"{path}: no body drawn")

        drift = np.abs(energy - energy[:, :1]) / np.abs(energy[:, :1])
        bound = 1e-6 if manifest["system"] in ("two-body", "three-body") else 1e-8
        check(drift.max() < bound, f"{path}: energy drift {drift.max():.3g} above {bound}")

        # The stored derivative is Hamilton's vector field, recomputed here independently with numpy.
        expected = vector_field(manifest["system"], x, {k: v[...] for k, v in f["other"].items()})
        error = np.abs(expected - f["dx_dt"][...]).max() / (np.abs(expected).max() + 1e-300)
        check(error < 1e-12, f"{path}: dx_dt differs from Hamilton's equations by {error:.3g}")
        # And H recomputed from x is the stored energy.
        check(np.abs(hamiltonian(manifest["system"], x, {k: v[...] for k, v in f["other"].items()}) - energy).max()
              <= 1e-12 * np.abs(energy).max(), f"{path}: energy differs from H(x)")
    return n


def vector_field(system, x, other):
    """(dH/dp, -dH/dq) for every frame of every trajectory, x of shape (N, T, 2D)."""
    d = x.shape[2] // 2
    q, p = x[..., :d], x[..., d:]
    if system == "pendulum":
        m, l, g = (other[k][:, None, None] for k in ("mass", "length", "gravity"))
        return np.concatenate([p / (m * l * l), -m * g * l * np.sin(q)], axis=-1)
    if system == "mass-spring":
        m, k = other["mass"][:, None, None], other["spring_constant"][:, None, None]
        return np.concatenate([p / m, -k * q], axis=-1)
    if system == "double-pendulum":
        m1, m2, l1, l2, g = (other[k][:, None] for k in ("mass_1", "mass_2", "length_1", "length_2", "gravity"))
        velocity = double_pendulum_velocity(x, other)
        # Lagrangian form: dT/dq_i = -1/2 qdot^T (dM/dq_i) qdot, with M12 = m2 l1 l2 cos(q1 - q2).
        coupling = m2 * l1 * l2 * velocity[..., 0] * velocity[..., 1] * np.sin(q[..., 0] - q[..., 1])
        dp1 = -coupling - (m1 + m2) * g * l1 * np.sin(q[..., 0])
        dp2 = coupling - m2 * g * l2 * np.sin(q[..., 1])
        return np.concatenate([velocity, dp1[..., None], dp2[..., None]], axis=-1)
    bodies = d // 2
    masses = np.stack([other[f"mass_{i + 1}"] for i in range(bodies)], axis=1)[:, None, :, None]  # (N, 1, B, 1)
    G = other["gravitational_constant"][:, None, None, None]
    qb, pb = q.reshape(*q.shape[:2], bodies, 2), p.reshape(*p.shape[:2], bodies, 2)
    force = np.zeros_like(qb)
    for i in range(bodies):
        for j in range(bodies):
            if i != j:
                r = qb[:, :, j] - qb[:, :, i]
                dist3 = (np.sum(r * r, axis=-1, keepdims=True)) ** 1.5
                force[:, :, i] += G[:, :, 0] * masses[:, :, i] * masses[:, :, j] * r / dist3
    return np.concatenate([(pb / masses).reshape(q.shape), force.reshape(q.shape)], axis=-1)


def double_pendulum_velocity(x, other):
    """qdot = M(q)^-1 p for the double pendulum, from the Lagrangian's mass matrix
    M = [[(m1 + m2) l1^2, m2 l1 l2 cos(q1 - q2)], [m2 l1 l2 cos(q1 - q2), m2 l2^2]] (not from the Hamiltonian's formula)."""
    m1, m2, l1, l2 = (other[k][:, None] for k in ("mass_1", "mass_2", "length_1", "length_2"))
    q1, q2, p1, p2 = (x[..., i] for i in range(4))
    a, b, c = (m1 + m2) * l1 ** 2, m2 * l1 * l2 * np.cos(q1 - q2), m2 * l2 ** 2
    determinant = a * c - b * b
    return np.stack([(c * p1 - b * p2) / determinant, (a * p2 - b * p1) / determinant], axis=-1)


def hamiltonian(system, x, other):
    d = x.shape[2] // 2
    q, p = x[..., :d], x[..., d:]
    if system == "pendulum":
        m, l, g = (other[k][:, None] for k in ("mass", "length", "gravity"))
        return p[..., 0] ** 2 / (2 * m * l * l) + m * g * l * (1 - np.cos(q[..., 0]))
    if system == "mass-spring":
        m, k = other["mass"][:, None], other["spring_constant"][:, None]
        return p[..., 0] ** 2 / (2 * m) + k * q[..., 0] ** 2 / 2
    if system == "double-pendulum":
        m1, m2, l1, l2, g = (other[k][:, None] for k in ("mass_1", "mass_2", "length_1", "length_2", "gravity"))
        kinetic = 0.5 * np.sum(p * double_pendulum_velocity(x, other), axis=-1)  # p^T M^-1 p / 2
        return kinetic + (m1 + m2) * g * l1 * (1 - np.cos(q[..., 0])) + m2 * g * l2 * (1 - np.cos(q[..., 1]))
    bodies = d // 2
    masses = [other[f"mass_{i + 1}"][:, None] for i in range(bodies)]
    G = other["gravitational_constant"][:, None]
    energy = sum(np.sum(p[..., 2 * i:2 * i + 2] ** 2, axis=-1) / (2 * masses[i]) for i in range(bodies))
    for i in range(bodies):
        for j in range(i + 1, bodies):
            r = np.sqrt(np.sum((q[..., 2 * i:2 * i + 2] - q[..., 2 * j:2 * j + 2]) ** 2, axis=-1))
            energy = energy - G * masses[i] * masses[j] / r
    return energy


class _TorchTensor(np.ndarray):
    """Just enough of torch.Tensor for the card's snippet."""

    def permute(self, *axes):
        return np.transpose(self, axes).view(_TorchTensor)


def _torch_stand_in():
    """A minimal numpy stand-in for the parts of torch the card's snippet uses (CI does not install torch)."""
    import types
    torch = types.ModuleType("torch")
    torch.utils = types.ModuleType("torch.utils")
    torch.utils.data = types.ModuleType("torch.utils.data")
    torch.utils.data.Dataset = object

    class DataLoader:
        def __init__(self, dataset, **options):
            self.dataset, self.options = dataset, options

    torch.utils.data.DataLoader = DataLoader
    torch.from_numpy = lambda array: np.asarray(array).view(_TorchTensor)
    return torch


def card_snippets():
    """The python code blocks of datasets.md, in order."""
    card = os.path.join(os.path.dirname(__file__), "..", "..", "datasets.md")
    text = open(card).read()
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.strip() == "```python":
            inside, current = True, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append("\n".join(current))
        elif inside:
            current.append(line)
    check(len(blocks) >= 2, "datasets.md: expected an h5py and a PyTorch snippet")
    return blocks


def check_card_snippets(folder, manifest):
    """Runs the h5py and PyTorch snippets of datasets.md on this dataset."""
    sys.modules.setdefault("torch", _torch_stand_in())
    for code in card_snippets():
        namespace = {}
        exec(compile(code.replace('"data/pendulum"', repr(folder)), "datasets.md", "exec"), namespace)
        if "PhysicsVideos" in namespace:
            data = namespace["PhysicsVideos"](folder, "train")
            split = next(s for s in manifest["splits"] if s["name"] == "train")
            check(len(data) == split["trajectories"], "card snippet: length")
            frames, state = data[len(data) - 1]
            r = manifest["spec"]["rendering"]["resolution"]
            check(frames.shape == (split["frames"], 3, r, r) and frames.dtype == np.float32, f"card snippet: frames {frames.shape}")
            check(0.0 <= frames.min() and frames.max() <= 1.0, "card snippet: frames not in [0, 1]")
            check(state.shape[0] == split["frames"], "card snippet: state")
        else:
            check(namespace["video"].dtype == np.uint8 and namespace["video"].ndim == 4, "card snippet: h5py video")


def main():
    if len(sys.argv) != 2:
        fail("usage: check_shards.py DATASET_DIR")
    folder = sys.argv[1]
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    total = 0
    for split in manifest["splits"]:
        check(sum(s["trajectories"] for s in split["shards"]) == split["trajectories"], f"split {split['name']}: counts")
        for index, entry in enumerate(split["shards"]):
            path = os.path.join(folder, entry["file"])
            check(os.path.getsize(path) == entry["bytes"], f"{path}: size")
            check(sha256(path) == entry["sha256"], f"{path}: sha256")
            total += check_shard(path, manifest, split, entry, index)
    check_card_snippets(folder, manifest)
    print(f"check_shards: {folder}: {manifest['system']}, {total} trajectories in "
          f"{sum(len(s['shards']) for s in manifest['splits'])} shards read with h5py {h5py.__version__}: ok")


if __name__ == "__main__":
    main()
