"""Reads a physgen video dataset folder with h5py and numpy alone and checks everything a Python user relies on:
layout (schema version 2: every root dataset one row per trajectory, frame times as attributes), attributes, filters,
checksums (hashlib), physics (energy and Hamilton's equations recomputed), and the manifest's normalisation
statistics against numpy's recomputation and against exact arithmetic (math.fsum, fractions).

Usage: python3 check_shards.py DATASET_DIR
Exits non-zero with a message on the first failed check.
"""
import hashlib
import json
import math
import os
import sys
from fractions import Fraction

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
        for key in ["system", "dt", "t0", "integrator", "tolerance", "split", "shard_index", "shard_count",
                    "schema_version", "generator_version", "spec_json", "statistics_sums"]:
            check(key in a, f"{path}: root attribute {key!r} missing")
        check(isinstance(a["system"], str), f"{path}: 'system' should read as str, got {type(a['system'])}")
        check(a["system"] == manifest["system"], f"{path}: system {a['system']!r}")
        check(a["split"] == split["name"], f"{path}: split {a['split']!r}")
        check(int(a["shard_index"]) == index and int(a["shard_count"]) == len(split["shards"]), f"{path}: shard index/count")
        check(int(a["schema_version"]) == 2, f"{path}: schema_version")
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
        # Every root object is a dataset of one row per trajectory, or the /other group of such datasets: the rule
        # Hugging Face datasets' HDF5 builder reads a file by. Frame times are attributes.
        check(sorted(f.keys()) == ["dx_dt", "energy", "image", "other", "seed", "x"], f"{path}: root holds {sorted(f.keys())}")
        for name, item in f.items():
            rows = [item.shape[0]] if isinstance(item, h5py.Dataset) else [d.shape[0] for d in item.values()]
            check(rows and all(r == n for r in rows), f"{path}: /{name} has {rows} rows, not {n}")
        check(float(a["t0"]) == 0.0 and float(a["dt"]) == spec["dt"], f"{path}: t0 {a['t0']}, dt {a['dt']}")
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


def check_statistics(folder, manifest):
    """The manifest's statistics of the train split: numpy's mean and std agree to 1e-12, and an exact recomputation
    (math.fsum for the mean, fractions for n * sum(v^2) - sum(v)^2) to 1e-14 of the mean magnitude and 1e-12 of the
    std; the pixel statistics, integer sums, are the exact ones, bit for bit."""
    split = next((s for s in manifest["splits"] if s["name"] == "train"), None)
    statistics = manifest.get("statistics")
    if split is None:
        check(statistics is None, "statistics without a train split")
        return
    check(statistics is not None and statistics["split"] == "train", "manifest: no statistics of the train split")
    fields = {"x": [], "dx_dt": [], "energy": [], "image": []}
    for entry in split["shards"]:
        with h5py.File(os.path.join(folder, entry["file"]), "r") as f:
            for name in fields:
                fields[name].append(f[name][...])
            sums = json.loads(f.attrs["statistics_sums"])
            check(sums["trajectories"] == entry["trajectories"], f"{entry['file']}: statistics_sums counts")
    x, dx_dt, energy, image = (np.concatenate(fields[k]) for k in ("x", "dx_dt", "energy", "image"))
    columns = {
        "x": x.reshape(-1, x.shape[-1]), "dx_dt": dx_dt.reshape(-1, x.shape[-1]),
        "x_delta": np.diff(x, axis=1).reshape(-1, x.shape[-1]), "energy": energy.reshape(-1, 1),
    }
    check(statistics["trajectories"] == x.shape[0], "statistics: trajectories")
    for name, values in columns.items():
        field = statistics[name]
        check(field["count"] == values.shape[0], f"statistics {name}: count")
        check(np.allclose(field["mean"], values.mean(axis=0), rtol=1e-12, atol=1e-14 * np.abs(values).max()),
              f"statistics {name}: mean {field['mean']} vs numpy {values.mean(axis=0)}")
        check(np.allclose(field["std"], values.std(axis=0), rtol=1e-12, atol=0), f"statistics {name}: std {field['std']} vs numpy {values.std(axis=0)}")
        check(field["min"] == values.min(axis=0).tolist() and field["max"] == values.max(axis=0).tolist(), f"statistics {name}: range")
        for j in range(values.shape[1]):
            column = values[:, j].tolist()
            n = len(column)
            s1 = sum(map(Fraction, column))
            s2 = sum(Fraction(v) * Fraction(v) for v in column)
            exact_mean = math.fsum(column) / n
            exact_std = math.sqrt(float(n * s2 - s1 * s1) / float(n * n))
            scale = math.fsum(map(abs, column)) / n
            check(abs(field["mean"][j] - exact_mean) <= 1e-14 * scale, f"statistics {name}[{j}]: mean {field['mean'][j]!r}, exact {exact_mean!r}")
            check(abs(field["std"][j] - exact_std) <= 1e-12 * exact_std, f"statistics {name}[{j}]: std {field['std'][j]!r}, exact {exact_std!r}")
    pixels = image.reshape(-1, 3).astype(np.int64)
    field = statistics["image"]
    for c in range(3):
        v = pixels[:, c]
        n, s1, s2 = len(v), int(v.sum()), int((v * v).sum())
        check(field["mean"][c] == float(s1) / n and field["std"][c] == math.sqrt(float(n * s2 - s1 * s1) / float(n * n)),
              f"statistics image[{c}]: mean or std not exact")
        check(abs(field["mean"][c] - v.mean()) <= 1e-12 * v.mean() and abs(field["std"][c] - v.std()) <= 1e-9 * v.std(),
              f"statistics image[{c}]: numpy disagrees")
        check(field["min"][c] == v.min() and field["max"][c] == v.max(), f"statistics image[{c}]: range")


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
    check_statistics(folder, manifest)
    print(f"check_shards: {folder}: {manifest['system']}, {total} trajectories in "
          f"{sum(len(s['shards']) for s in manifest['splits'])} shards read with h5py {h5py.__version__}, statistics agree with numpy and exact arithmetic: ok")


if __name__ == "__main__":
    main()
