#!/usr/bin/env python3
"""Checks shards written by pendulum_reference.py (or any pendulum shards of our layout) with h5py.

    python3 Benchmarks/python/check_shards.py /tmp/pendulum-py [--reference 20]

Checks per shard: dataset names, dtypes, shapes, the /image chunking and filters (shuffle + gzip 4), root attributes,
the frame times (attributes t0 + k dt), that /energy and /dx_dt agree with /x, and that the lit area of every frame is the disc's. Reports the largest
relative energy drift max_t |H(t) - H(0)| / H(0). With --reference K it also re-integrates the first K
trajectories of the first shard from their /seed with DOP853 at rtol = atol = 1e-13 and reports the largest state
error at the frames, and re-renders their frames to compare the bytes.
"""

import argparse
import glob
import json
import os
import sys

import h5py
import numpy as np
from scipy.integrate import solve_ivp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pendulum_reference as ref  # noqa: E402

ROOT_ATTRIBUTES = ("system", "t0", "dt", "integrator", "tolerance", "split", "shard_index", "shard_count",
                   "schema_version", "generator_version", "spec_json")


class LayoutError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise LayoutError(message)


def check_layout(f, path):
    """Checks names, dtypes, shapes, chunking, filters and attributes; returns (N, T)."""
    image = f["image"]
    require(image.dtype == np.uint8 and image.ndim == 5 and image.shape[4] == 3,
            f"{path}: /image must be uint8 [N, T, H, W, 3], is {image.dtype} {image.shape}")
    n, t, height, width, _ = image.shape
    require(image.chunks == (1, t, height, width, 3), f"{path}: /image chunks {image.chunks}")
    require(image.shuffle and image.compression == "gzip" and image.compression_opts == 4,
            f"{path}: /image filters shuffle={image.shuffle} {image.compression} {image.compression_opts}")
    expected = {"x": (np.float64, (n, t, 2)), "dx_dt": (np.float64, (n, t, 2)), "energy": (np.float64, (n, t)),
                "seed": (np.uint64, (n,)), "other/mass": (np.float64, (n,)),
                "other/length": (np.float64, (n,)), "other/gravity": (np.float64, (n,))}
    for name, (dtype, shape) in expected.items():
        require(name in f, f"{path}: /{name} is missing")
        require(f[name].dtype == dtype and f[name].shape == shape,
                f"{path}: /{name} must be {np.dtype(dtype)} {shape}, is {f[name].dtype} {f[name].shape}")
    for name in ROOT_ATTRIBUTES:
        require(name in f.attrs, f"{path}: root attribute '{name}' is missing")
    json.loads(f.attrs["spec_json"])
    require(sorted(f.keys()) == ["dx_dt", "energy", "image", "other", "seed", "x"],
            f"{path}: the root must hold only datasets of one row per trajectory (and /other), holds {sorted(f.keys())}")
    require(f.attrs["t0"] == 0.0, f"{path}: t0 is {f.attrs['t0']}, not 0")
    return n, t


def check_physics(f, path):
    """Checks /energy and /dx_dt against /x; returns per-trajectory relative energy drifts."""
    x, h, dx_dt = f["x"][:], f["energy"][:], f["dx_dt"][:]
    m, l, g = (f[f"other/{name}"][:][:, None] for name in ("mass", "length", "gravity"))
    q, p = x[..., 0], x[..., 1]
    h_from_x = p * p / (2 * m * l * l) + m * g * l * (1 - np.cos(q))
    require(np.allclose(h, h_from_x, rtol=1e-14, atol=0), f"{path}: /energy disagrees with H(/x)")
    require(np.allclose(dx_dt[..., 0], p / (m * l * l), rtol=1e-14, atol=1e-300)
            and np.allclose(dx_dt[..., 1], -m * g * l * np.sin(q), rtol=1e-14, atol=1e-300),
            f"{path}: /dx_dt disagrees with Hamilton's equations at /x")
    return np.max(np.abs(h - h[:, :1]), axis=1) / np.abs(h[:, 0])


def check_lit_area(f, path):
    """Every frame's coverage, read back from the red channel, sums to the disc's area pi r^2 (+ pi / 12 for the
    one-pixel ramp) within rounding; returns the range of the sums."""
    red = f["image"][..., 0].astype(np.float64)
    coverage = (red - ref.BACKGROUND[0]) / (ref.BOB_COLOR[0] - ref.BACKGROUND[0])
    area = coverage.sum(axis=(2, 3))
    expected = np.pi * ref.BOB_RADIUS_PX**2 + np.pi / 12
    require(np.all(np.abs(area - expected) < 0.5), f"{path}: lit area {area.min():.2f}..{area.max():.2f} px, "
            f"expected {expected:.2f}")
    return float(area.min()), float(area.max())


def check_against_reference(f, count):
    """Re-integrates the first `count` trajectories at tight tolerance and re-renders them from their seeds."""
    times = f.attrs["t0"] + np.arange(f["x"].shape[1]) * f.attrs["dt"]
    settings = ref.Settings(out="", seed=0, total=count, method=f.attrs["integrator"].removeprefix("scipy-"),
                            rtol=float(f.attrs["tolerance"]), atol=float(f.attrs["atol"]), block=count)
    worst, identical = 0.0, True
    for i in range(min(count, f["x"].shape[0])):
        seed = int(f["seed"][i])
        stored = f["x"][i]
        truth = solve_ivp(ref.vector_field, (times[0], times[-1]), stored[0], method="DOP853", t_eval=times,
                          rtol=1e-13, atol=1e-13).y.T
        worst = max(worst, float(np.max(np.abs(stored - truth))))
        x, _, _, observed_q = ref.simulate(seed, times, settings)
        identical &= np.array_equal(x, stored) and np.array_equal(ref.render_frames(observed_q), f["image"][i])
    return worst, identical


def main():
    parser = argparse.ArgumentParser(description="Checks pendulum shards: layout, physics, frames.")
    parser.add_argument("folder")
    parser.add_argument("--reference", type=int, default=0, metavar="K",
                        help="re-integrate and re-render the first K trajectories of the first shard")
    args = parser.parse_args()
    paths = sorted(glob.glob(os.path.join(args.folder, "*.h5")))
    if not paths:
        sys.exit(f"no .h5 shards in {args.folder}: give the --out folder of pendulum_reference.py")
    drifts, areas, total = [], [], 0
    seeds = []
    for path in paths:
        with h5py.File(path, "r") as f:
            n, _ = check_layout(f, path)
            total += n
            drifts.append(check_physics(f, path))
            areas.append(check_lit_area(f, path))
            seeds.append(f["seed"][:])
    drift = np.concatenate(drifts)
    seeds = np.concatenate(seeds)
    report = {
        "shards": len(paths),
        "trajectories": total,
        "unique_seeds": bool(np.unique(seeds).size == seeds.size),
        "max_relative_energy_drift": float(drift.max()),
        "median_relative_energy_drift": float(np.median(drift)),
        "p99_relative_energy_drift": float(np.quantile(drift, 0.99)),
        "lit_area_px": [min(a[0] for a in areas), max(a[1] for a in areas)],
    }
    if args.reference > 0:
        with h5py.File(paths[0], "r") as f:
            worst, identical = check_against_reference(f, args.reference)
        report["reference_trajectories"] = args.reference
        report["max_state_error_vs_dop853_1e-13"] = worst
        report["regenerated_bytes_identical"] = bool(identical)
    print(json.dumps(report))


if __name__ == "__main__":
    try:
        main()
    except LayoutError as error:
        sys.exit(f"layout check failed: {error}")
