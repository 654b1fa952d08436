#!/usr/bin/env python3
"""Reference generator for the standard pendulum dataset, written the way public HGN replications do it
(numpy + scipy.integrate.solve_ivp + h5py), with a timing harness.

It is a comparison baseline for `physgen generate --preset pendulum`, not our generator: same physics, sampling,
rendering and shard layout, so that generation speed can be compared side by side. The integration, the rendering
and the compression + write phases are timed separately, and the last line printed on stdout is one JSON record.

    python3 Benchmarks/python/pendulum_reference.py --trajectories 5000 --processes 2 --out /tmp/pendulum-py

Physics (see docs/reference.md): H = p^2 / (2 m l^2) + m g l (1 - cos q), m = 0.5, l = 1, g = 3;
r ~ U(1.3, 2.3), theta ~ U(0, 2 pi), (q0, p0) = r (cos theta, sin theta); 34 frames at dt = 0.125; Gaussian noise
of sigma 0.1 added to q before rendering only (the stored /x is the true state).

Rendering (same as Sources/Rendering): bob of radius sqrt(m / pi) world units at (l sin q, -l cos q); the world
square [-2, 2]^2 onto 32 x 32 pixels, y up; per-pixel coverage clamp(r_px - d_px + 0.5, 0, 1) with d_px the
distance in pixels from the pixel centre; alpha-blended over the background (81, 88, 93) in bob colour
(173, 146, 0), rounded half up.
"""

import os

# One BLAS thread per process: parallelism comes from --processes only, as on our side.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import multiprocessing
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

import h5py
import numpy as np
import scipy
from scipy.integrate import solve_ivp

GENERATOR_VERSION = "python-reference 0.1"
SCHEMA_VERSION = 1

# Pendulum constants of the HGN paper's dataset.
MASS = 0.5
LENGTH = 1.0
GRAVITY = 3.0
RADIUS_RANGE = (1.3, 2.3)
OBSERVATION_NOISE = 0.1
DT = 0.125
FRAMES = 34

# Rendering constants of Sources/Rendering.
RESOLUTION = 32
WORLD_HALF_WIDTH = 2.0
BACKGROUND = np.array([81.0, 88.0, 93.0])
BOB_COLOR = np.array([173.0, 146.0, 0.0])

# Compression of /image, as in our shard layout.
GZIP_LEVEL = 4


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to generate one shard."""

    out: str
    seed: int
    total: int
    method: str
    rtol: float
    atol: float
    block: int
    split: str = "train"


@dataclass(frozen=True)
class ShardTask:
    """One shard: its index, the shard count, and the global trajectory indices it holds."""

    index: int
    count: int
    start: int
    stop: int

    @property
    def file_name(self) -> str:
        return f"train-{self.index:05d}-of-{self.count:05d}.h5"


# ---------------------------------------------------------------------------------------------------------------------
# Physics


def energy(q, p):
    """H(q, p) = p^2 / (2 m l^2) + m g l (1 - cos q), elementwise."""
    return p * p / (2 * MASS * LENGTH**2) + MASS * GRAVITY * LENGTH * (1 - np.cos(q))


def vector_field(t, state):
    """Hamilton's equations: dq/dt = dH/dp = p / (m l^2), dp/dt = -dH/dq = -m g l sin q."""
    q, p = state
    return np.array([p / (MASS * LENGTH**2), -MASS * GRAVITY * LENGTH * np.sin(q)])


def trajectory_seed(dataset_seed: int, index: int) -> int:
    """The uint64 seed of trajectory `index`: depends on the dataset seed and the index only, never on the number
    of shards or processes, so one trajectory can be regenerated alone."""
    words = np.random.SeedSequence([dataset_seed, index]).generate_state(2, dtype=np.uint32)
    return int(words[0]) | (int(words[1]) << 32)


def simulate(seed: int, times, settings: Settings):
    """Samples one initial state from `seed` and integrates it with solve_ivp to the frame times.

    Returns (x [T, 2], dx_dt [T, 2], energy [T], observed q [T]) with the observation noise drawn from the same
    generator right after the initial state.
    """
    rng = np.random.default_rng(seed)
    radius = rng.uniform(*RADIUS_RANGE)
    angle = rng.uniform(0.0, 2.0 * np.pi)
    noise = rng.normal(0.0, OBSERVATION_NOISE, size=times.shape[0])
    initial = np.array([radius * np.cos(angle), radius * np.sin(angle)])

    solution = solve_ivp(
        vector_field, (times[0], times[-1]), initial, method=settings.method, t_eval=times,
        rtol=settings.rtol, atol=settings.atol)
    if not solution.success:
        raise RuntimeError(
            f"solve_ivp failed for trajectory seed {seed}: {solution.message}; try a looser --rtol/--atol")
    q, p = solution.y
    x = np.stack([q, p], axis=-1)
    dx_dt = np.stack([p / (MASS * LENGTH**2), -MASS * GRAVITY * LENGTH * np.sin(q)], axis=-1)
    return x, dx_dt, energy(q, p), q + noise


# ---------------------------------------------------------------------------------------------------------------------
# Rendering

PIXELS_PER_UNIT = RESOLUTION / (2 * WORLD_HALF_WIDTH)
BOB_RADIUS_PX = np.sqrt(MASS / np.pi) * PIXELS_PER_UNIT
PIXEL_CENTRES = np.arange(RESOLUTION, dtype=np.float64) + 0.5


def render_frames(q):
    """Renders the bob at angles `q` [T] into uint8 frames [T, H, W, 3], vectorised over the frames.

    The arithmetic follows FrameRenderer.swift operation by operation, so equal angles give equal bytes.
    """
    bob_x = LENGTH * np.sin(q)
    bob_y = -LENGTH * np.cos(q)
    centre_column = RESOLUTION / 2 + bob_x * PIXELS_PER_UNIT
    centre_row = RESOLUTION / 2 - bob_y * PIXELS_PER_UNIT
    dx = PIXEL_CENTRES[None, None, :] - centre_column[:, None, None]
    dy = PIXEL_CENTRES[None, :, None] - centre_row[:, None, None]
    inside = BOB_RADIUS_PX - np.sqrt(dx * dx + dy * dy)
    coverage = np.minimum(np.maximum(inside + 0.5, 0.0), 1.0)
    frames = np.empty(coverage.shape + (3,), dtype=np.uint8)
    # One channel plane at a time: broadcasting over a trailing axis of 3 is about 8x slower in numpy.
    # Assigning the float plane truncates a value in [0.5, 255.5): round half up, as FrameRenderer.
    for channel in range(3):
        background = BACKGROUND[channel]
        frames[..., channel] = background + (BOB_COLOR[channel] - background) * coverage + 0.5
    return frames


# ---------------------------------------------------------------------------------------------------------------------
# Shards


def spec_json(settings: Settings) -> str:
    """The settings in the shape of our DatasetSpec JSON, stored in every shard's `spec_json` attribute."""
    spec = {
        "name": "pendulum",
        "system": "pendulum",
        "constants": {"mass": MASS, "length": LENGTH, "gravity": GRAVITY},
        "sampling": {"radius": list(RADIUS_RANGE)},
        "observation_noise": OBSERVATION_NOISE,
        "dt": DT,
        "frames": FRAMES,
        "rendering": {"resolution": RESOLUTION, "world_half_width": WORLD_HALF_WIDTH},
        "integrator": {"name": f"scipy-{settings.method}", "rtol": settings.rtol, "atol": settings.atol},
        "splits": [{"name": settings.split, "trajectories": settings.total}],
        "seed": settings.seed,
    }
    return json.dumps(spec, sort_keys=True, indent=2)


def create_shard(path: str, task: ShardTask, settings: Settings) -> h5py.File:
    """Creates an empty shard with our layout: datasets, chunking, filters and root attributes."""
    n, t, side = task.stop - task.start, FRAMES, RESOLUTION
    f = h5py.File(path, "w")
    f.create_dataset(
        "image", shape=(n, t, side, side, 3), dtype=np.uint8, chunks=(1, t, side, side, 3),
        shuffle=True, compression="gzip", compression_opts=GZIP_LEVEL)
    f.create_dataset("x", shape=(n, t, 2), dtype=np.float64)
    f.create_dataset("dx_dt", shape=(n, t, 2), dtype=np.float64)
    f.create_dataset("energy", shape=(n, t), dtype=np.float64)
    f.create_dataset("seed", shape=(n,), dtype=np.uint64)
    f.create_dataset("t", data=np.arange(t, dtype=np.float64) * DT)
    other = f.create_group("other")
    for name, value in (("mass", MASS), ("length", LENGTH), ("gravity", GRAVITY)):
        other.create_dataset(name, data=np.full(n, value, dtype=np.float64))
    f.attrs.update({
        "system": "pendulum",
        "dt": DT,
        "integrator": f"scipy-{settings.method}",
        "tolerance": settings.rtol,
        "atol": settings.atol,
        "split": settings.split,
        "shard_index": task.index,
        "shard_count": task.count,
        "schema_version": SCHEMA_VERSION,
        "generator_version": (
            f"{GENERATOR_VERSION} (numpy {np.__version__}, scipy {scipy.__version__}, h5py {h5py.__version__}, "
            f"HDF5 {h5py.version.hdf5_version})"),
        "spec_json": spec_json(settings),
    })
    return f


PHASES = ("integrate", "render", "write")


class PhaseClock:
    """Wall-clock and CPU seconds spent in each phase of the generation."""

    def __init__(self):
        self.wall = dict.fromkeys(PHASES, 0.0)
        self.cpu = dict.fromkeys(PHASES, 0.0)

    @contextmanager
    def phase(self, name):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] += time.perf_counter() - wall
            self.cpu[name] += time.process_time() - cpu


def generate_shard(job):
    """Generates one shard block by block, timing each phase; returns the timings, the file size and the largest
    relative energy drift |H(t) - H(0)| / H(0) of its trajectories."""
    task, settings = job
    times = np.arange(FRAMES, dtype=np.float64) * DT
    final_path = os.path.join(settings.out, task.file_name)
    partial_path = final_path + ".partial"
    clock = PhaseClock()
    max_drift = 0.0

    with clock.phase("write"):
        shard = create_shard(partial_path, task, settings)

    for block_start in range(task.start, task.stop, settings.block):
        block_stop = min(block_start + settings.block, task.stop)
        n = block_stop - block_start

        with clock.phase("integrate"):  # sampling, solve_ivp, energy and dx/dt
            seeds = np.empty(n, dtype=np.uint64)
            x = np.empty((n, FRAMES, 2))
            dx_dt = np.empty((n, FRAMES, 2))
            h = np.empty((n, FRAMES))
            observed_q = np.empty((n, FRAMES))
            for i in range(n):
                seeds[i] = trajectory_seed(settings.seed, block_start + i)
                x[i], dx_dt[i], h[i], observed_q[i] = simulate(int(seeds[i]), times, settings)

        with clock.phase("render"):
            images = np.empty((n, FRAMES, RESOLUTION, RESOLUTION, 3), dtype=np.uint8)
            for i in range(n):
                images[i] = render_frames(observed_q[i])

        with clock.phase("write"):  # h5py compresses the image chunks inside these writes
            rows = slice(block_start - task.start, block_stop - task.start)
            shard["image"][rows] = images
            shard["x"][rows] = x
            shard["dx_dt"][rows] = dx_dt
            shard["energy"][rows] = h
            shard["seed"][rows] = seeds

        max_drift = max(max_drift, float(np.max(np.abs(h - h[:, :1]) / np.abs(h[:, :1]))))

    with clock.phase("write"):
        shard.close()
        os.replace(partial_path, final_path)

    result = {"shard": task.index, "trajectories": task.stop - task.start,
              "bytes": os.path.getsize(final_path), "max_relative_energy_drift": max_drift}
    for name in PHASES:
        result[f"{name}_s"] = clock.wall[name]
        result[f"{name}_cpu_s"] = clock.cpu[name]
    return result


def plan_shards(total: int, count: int):
    """Contiguous shards of near-equal size, the first `total % count` one larger (as our ShardPlan)."""
    count = min(count, total)
    base, extra = divmod(total, count)
    tasks, start = [], 0
    for index in range(count):
        size = base + (1 if index < extra else 0)
        tasks.append(ShardTask(index=index, count=count, start=start, stop=start + size))
        start += size
    return tasks


# ---------------------------------------------------------------------------------------------------------------------
# Command line


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Python reference generator of the pendulum dataset (numpy + scipy solve_ivp + h5py), timed "
                    "per phase; a comparison baseline for physgen. The last stdout line is a JSON record.")
    parser.add_argument("--trajectories", type=int, default=50_000, help="trajectories in the split (default 50000)")
    parser.add_argument("--shards", type=int, default=8, help="shard files (default 8)")
    parser.add_argument("--processes", type=int, default=1,
                        help="worker processes, a multiprocessing Pool over shards (default 1)")
    parser.add_argument("--method", choices=["RK45", "DOP853"], default="RK45", help="solve_ivp method (default RK45)")
    parser.add_argument("--rtol", type=float, default=1e-11, help="relative tolerance (default 1e-11)")
    parser.add_argument("--atol", type=float, default=None, help="absolute tolerance (default: equal to --rtol)")
    parser.add_argument("--out", default="pendulum-python", help="output folder (default ./pendulum-python)")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed (default 1, as the pendulum preset)")
    parser.add_argument("--block", type=int, default=250,
                        help="trajectories per integrate/render/write block inside a shard (default 250)")
    args = parser.parse_args(argv)
    if args.atol is None:
        args.atol = args.rtol
    for name in ("trajectories", "shards", "processes", "block"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name} must be a positive integer (got {getattr(args, name)})")
    if not (0 < args.rtol < 1 and 0 < args.atol < 1):
        parser.error("--rtol and --atol must lie in (0, 1)")
    if not 0 <= args.seed < 2**63:
        parser.error("--seed must lie in [0, 2^63)")
    return args


def main(argv=None):
    args = parse_arguments(argv)
    os.makedirs(args.out, exist_ok=True)
    settings = Settings(out=args.out, seed=args.seed, total=args.trajectories, method=args.method,
                        rtol=args.rtol, atol=args.atol, block=args.block)
    tasks = plan_shards(args.trajectories, args.shards)
    jobs = [(task, settings) for task in tasks]
    load_before = os.getloadavg()

    start = time.perf_counter()
    results = []
    if args.processes == 1:
        for job in jobs:
            results.append(generate_shard(job))
            print(f"shard {results[-1]['shard']} done", file=sys.stderr, flush=True)
    else:
        with multiprocessing.Pool(processes=args.processes) as pool:
            for result in pool.imap_unordered(generate_shard, jobs):
                results.append(result)
                print(f"shard {result['shard']} done", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start

    def total(key):
        return sum(r[key] for r in results)

    frames = args.trajectories * FRAMES
    raw_image_bytes = frames * RESOLUTION * RESOLUTION * 3
    record = {
        "trajectories": args.trajectories,
        "seconds": round(seconds, 3),
        "traj_per_s": round(args.trajectories / seconds, 2),
        # Phase times are summed over the worker processes (worker-seconds), so with P processes they add up to
        # about P times the wall time.
        "integrate_s": round(total("integrate_s"), 3),
        "render_s": round(total("render_s"), 3),
        "write_s": round(total("write_s"), 3),
        "bytes": total("bytes"),
        "processes": args.processes,
        "rtol": args.rtol,
        "atol": args.atol,
        "method": args.method,
        "shards": len(tasks),
        "render_frames_per_s_per_process": round(frames / total("render_s"), 1),
        "write_raw_mb_per_s_per_process": round(raw_image_bytes / 1e6 / total("write_s"), 1),
        "image_compression_ratio": round(raw_image_bytes / total("bytes"), 2),
        # CPU seconds of the workers, per phase: what the phases cost when other jobs share the cores.
        "integrate_cpu_s": round(total("integrate_cpu_s"), 3),
        "render_cpu_s": round(total("render_cpu_s"), 3),
        "write_cpu_s": round(total("write_cpu_s"), 3),
        "max_relative_energy_drift": max(r["max_relative_energy_drift"] for r in results),
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
    }
    print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
