"""The observation-noise floor of the video presets: which data can the HGN paper's Table 1 numbers come from?

Regenerate everything (11 CPU-minutes, 30 minutes of wall time at load average 4-11 on the shared 2 cores;
builds physgen in release first if it is missing):

    python3 Benchmarks/noise-floor/noise_floor.py

Writes Benchmarks/results/noise-floor/floors.csv (every number), renderer-check.json (the renderer checks),
floors.md (every row, and whether each reported number is reachable on each data) and datasets-table.md (the compact
table for datasets.md); ``--report-only`` rewrites the two Markdown files from the CSV and the checks. Scratch
datasets go to /tmp/hamiltoniansuite-noise-floor (``--work``); physgen regenerates them when absent; never committed.
Needs numpy and h5py; with OpenCV (``pip install opencv-python-headless``) it also checks the replication's drawing
against OpenCV itself.

What it measures, for every preset (pendulum, mass-spring, two-body, three-body), disc and noise level:

- ``floor``: the pixel MSE of the noise-free frames scored against the noisy frames over the 30 scored frames (the
  anchor, frame index 4, and the 29 after it), averaged per sequence, then over the test sequences (mean, standard
  deviation over sequences, 95% interval of the mean). It is what a perfect model scores when it predicts the true,
  sharp frames: the observation noise moves the drawn disc, and no model can know where it moved it.
- ``bayes``: the irreducible error, E |X - E[X | true state]|^2 for the noisy frame X: the pixel variance of the noisy
  frame given the true state, estimated without bias from ``--draws`` independent noise draws per frame (on the first
  ``--bayes-sequences`` sequences). The best possible predictor (the noise-blurred disc, not the sharp one) scores
  exactly this in expectation; no model can score below it on average. ``floor`` = ``bayes`` + the squared distance
  between the sharp and the blurred frame.
- ``mean-frame``: the mean training frame (over 1,000 training sequences of the same data) predicted at every step,
  scored on the same frames: the trivial baseline that a model which has learned only the background reaches.

Data: ``physgen generate --preset X --split test --trajectories 5000`` writes 1,000 test sequences (``--trajectories``
sets the train split's size; test is scaled to a fifth), generated twice, with and without ``--no-noise``: the same
trajectories (the stored true state ``/x`` is checked equal). The train split (``--trajectories 1000``) gives the
mean frame. For our disc, the floor is measured on physgen's own frames. For other discs and noise levels, the
frames are drawn here from the true states ``/x`` by a numpy re-implementation of physgen's renderer
(Sources/Rendering: soft discs of radius sqrt(m / pi) world units with a one-pixel coverage ramp, alpha-blended in
body order over the grey background, rounded like FrameRenderer), which is first shown to reproduce physgen's
noise-free frames exactly (``renderer-check.json``: maximum absolute difference in uint8 levels), and whose noise
(drawn here, seeded) is checked against physgen's noisy frames statistically (the two floors side by side).

Discs:
- ``ours``: radius sqrt(m / pi) world units (DeepMind's convention): 3.19 px for the oscillators (m = 0.5, half-width
  2), 3.01 px for gravity (m = 1, half-width 3).
- ``replication-radius``: our soft disc at the public PyTorch replication's integer radius: int(m / pixel size)
  = 4 px for pendulum and spring, int(0.55 m / pixel size) = 2 px for two-body, int(0.25 m / pixel size) = 1 px for
  three-body (its environments/*.py: pixel size = 2 world half-width / 32).
- ``replication-render``: an emulation of the replication's whole drawing: OpenCV's filled midpoint circle at the
  truncated integer pixel centre and that radius, two 2x2 box blurs (reflect-101 border), the ball colour ADDED to
  the background (81, 88, 93)/255 and clipped at 1, frames kept as floats. When OpenCV (``cv2``) is importable the
  emulation is checked against ``cv2.circle`` and ``cv2.blur`` (``renderer-check.json``).

Noise levels (Gaussian noise on every position coordinate q at every frame, before drawing; the true state stays
noise-free; the noise moves only what is drawn):
- ``none``;
- ``replication``: std 0.1 / 0.1 / 0.05 / 0.2 (pendulum / spring / two-body / three-body): the replication's
  ``noise_level: 1`` times each environment's ``get_max_noise_std()``, added to the whole rollout before drawing,
  train and test alike; the same values as our presets;
- ``variance-reading``: std sqrt(0.1) / sqrt(0.1) / sqrt(0.05) / sqrt(0.2), if the paper's "sigma^2 = 0.1" (no
  readable copy of its sentence was found) gives variances;
- ``replication-alt`` (three-body only): std 0.005, the three-body value in another version of the replication's
  environments/gravity.py (its history holds both 0.2 and 0.005).
"""
import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import time

import h5py
import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ANCHOR, SCORED = 4, 30
BACKGROUND = np.array([81.0, 88.0, 93.0])
YELLOW, RED, GREEN = (173.0, 146.0, 0.0), (173.0, 0.0, 0.0), (0.0, 146.0, 0.0)

# Each preset: masses, world half-width, our body colours (body order), the replication's integer radius factor
# (radius = int(factor * m / pixel size)) and its colour order (gravity.py draws body 1 red, 2 yellow, 3 green).
PRESETS = {
    "pendulum": dict(masses=[0.5], half_width=2.0, colors=[YELLOW], rep_factor=1.0, rep_colors=[YELLOW],
                     noise=0.1),
    "mass-spring": dict(masses=[0.5], half_width=2.0, colors=[YELLOW], rep_factor=1.0, rep_colors=[YELLOW],
                        noise=0.1),
    "two-body": dict(masses=[1.0, 1.0], half_width=3.0, colors=[YELLOW, RED], rep_factor=0.55,
                     rep_colors=[RED, YELLOW], noise=0.05),
    "three-body": dict(masses=[1.0, 1.0, 1.0], half_width=3.0, colors=[YELLOW, RED, GREEN], rep_factor=0.25,
                       rep_colors=[RED, YELLOW, GREEN], noise=0.2),
}

# Pixel MSE x 1e4 reported by the HGN paper (Table 1, lowest row per column: HGN leapfrog / Euler / deterministic)
# and by the replication (leapfrog / Euler / deterministic), as docs/reference.md quotes them.
PAPER = {  # (lowest train, its row), (lowest test, its row)
    "mass-spring": ((0.23, "deterministic"), (3.07, "deterministic")),
    "pendulum": ((0.79, "deterministic"), (10.68, "deterministic")),
    "two-body": ((2.34, "deterministic"), (14.47, "deterministic")),
    "three-body": ((4.1, "deterministic"), (5.17, "deterministic")),
}
REPLICATION = {
    "mass-spring": ((12.15, "leapfrog"), (12.21, "leapfrog")),
    "pendulum": ((44.29, "leapfrog"), (44.12, "leapfrog")),
    "two-body": ((6.28, "leapfrog"), (6.33, "leapfrog")),
    "three-body": ((3.35, "leapfrog"), (3.35, "leapfrog")),
}


def noise_levels(preset):
    sigma = PRESETS[preset]["noise"]
    levels = [("none", 0.0), ("replication", sigma), ("variance-reading", float(np.sqrt(sigma)))]
    if preset == "three-body":
        levels.append(("replication-alt", 0.005))
    return levels


# ---------------------------------------------------------------------------------------------------------------
# Data


def physgen_binary(args):
    binary = args.physgen or os.path.join(REPO, ".build", "release", "physgen")
    if not os.path.exists(binary):
        print("building physgen (release)...", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "physgen"], cwd=REPO, check=True)
    return binary


def generate(binary, preset, split, trajectories, noisy, folder):
    """Runs physgen unless the folder already holds a complete dataset (its manifest is written last)."""
    if os.path.exists(os.path.join(folder, "manifest.json")):
        return
    command = [binary, "generate", "--preset", preset, "--split", split, "--trajectories", str(trajectories),
               "--out", folder, "--quiet"]
    if not noisy:
        command.append("--no-noise")
    subprocess.run(command, check=True)


def load(folder, split):
    """Frames uint8 [N, T, H, W, 3], true states [N, T, 2D] and the shard attributes, in trajectory order."""
    files = sorted(glob.glob(os.path.join(folder, f"{split}-*.h5")))
    if not files:
        raise SystemExit(f"{folder}: no {split} shards (delete the folder and rerun)")
    images, states, attributes = [], [], None
    for path in files:
        with h5py.File(path, "r") as f:
            images.append(f["image"][...])
            states.append(f["x"][...])
            if attributes is None:
                attributes = {k: f.attrs[k] for k in ("world_half_width", "body_radii", "observation_noise",
                                                       "resolution", "background")}
                attributes["other"] = {k: f["other"][k][...] for k in f["other"].keys()}
    return np.concatenate(images), np.concatenate(states), attributes


def body_positions(preset, states, lengths=None):
    """World positions [N, T, bodies, 2] of the bodies for states [N, T, 2D] (positions first)."""
    if preset == "pendulum":
        q = states[..., 0]
        length = lengths[:, None] if lengths is not None else 1.0
        return np.stack([length * np.sin(q), -length * np.cos(q)], axis=-1)[:, :, None, :]
    if preset == "mass-spring":
        q = states[..., 0]
        return np.stack([q, np.zeros_like(q)], axis=-1)[:, :, None, :]
    bodies = len(PRESETS[preset]["masses"])
    return states[..., : 2 * bodies].reshape(states.shape[0], states.shape[1], bodies, 2)


def noisy_states(states, preset, std, rng):
    """States with N(0, std^2) added to every position coordinate at every frame (momenta untouched)."""
    if std == 0:
        return states
    out = states.copy()
    d = states.shape[-1] // 2
    out[..., :d] += std * rng.standard_normal(out[..., :d].shape)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Renderers


def render_soft(positions, radius_px, colors, half_width, resolution=32):
    """physgen's FrameRenderer in numpy: frames uint8-valued float64 [..., H, W, 3] for positions [..., bodies, 2].

    Per disc in body order: coverage = clamp(r - d + 1/2, 0, 1) with d the distance from the pixel centre to the disc
    centre in pixels; full coverage writes the colour, partial coverage writes floor(old + (colour - old) c + 1/2).
    The arithmetic follows the Swift code operation by operation (IEEE double), so the bytes are equal.
    """
    lead = positions.shape[:-2]
    flat = positions.reshape(-1, positions.shape[-2], 2)
    ppu = resolution / (2 * half_width)
    frames = np.empty((flat.shape[0], resolution, resolution, 3))
    frames[...] = BACKGROUND
    centres = np.arange(resolution) + 0.5
    for body in range(flat.shape[1]):
        cx = resolution / 2 + flat[:, body, 0] * ppu
        cy = resolution / 2 - flat[:, body, 1] * ppu
        dx = centres[None, None, :] - cx[:, None, None]
        dy = centres[None, :, None] - cy[:, None, None]
        inside = radius_px - np.sqrt(dx * dx + dy * dy)
        coverage = np.minimum(np.maximum(inside + 0.5, 0.0), 1.0)[..., None]
        color = np.array(colors[body])
        blended = np.floor(frames + (color - frames) * coverage + 0.5)
        frames = np.where(coverage >= 1, color, np.where(coverage > 0, blended, frames))
    return frames.reshape(lead + (resolution, resolution, 3))


def midpoint_circle_offsets(radius):
    """(dy, dx) offsets that OpenCV's filled `Circle` (LINE_8, no sub-pixel shift) paints around an integer centre:
    its integer midpoint algorithm, filling the horizontal spans of the eight octants."""
    offsets = set()
    err, dx, dy, plus, minus = 0, radius, 0, 1, (radius << 1) - 1
    while dx >= dy:
        for y, half in ((dy, dx), (-dy, dx), (dx, dy), (-dx, dy)):
            for x in range(-half, half + 1):
                offsets.add((y, x))
        dy += 1
        err += plus
        plus += 2
        mask = (1 if err <= 0 else 0) - 1
        err -= minus & mask
        dx += mask
        minus -= mask & 2
    return np.array(sorted(offsets))


def box_blur_2x2(frames):
    """cv2.blur(frame, (2, 2)): the mean over rows i-1..i and columns j-1..j (anchor 1), reflect-101 border."""
    padded = np.concatenate([frames[..., 1:2, :, :], frames], axis=-3)
    padded = np.concatenate([padded[..., :, 1:2, :], padded], axis=-2)
    return (padded[..., :-1, :-1, :] + padded[..., :-1, 1:, :] + padded[..., 1:, :-1, :] + padded[..., 1:, 1:, :]) / 4


def replication_pixel_centres(preset, positions, half_width, resolution=32):
    """The replication's integer pixel centres (column, row): int(res (coordinate + W) / (2 W)) of (x, y), where the
    pendulum is drawn at (l sin q, l cos q) and the spring at (0, q) (its y is not flipped)."""
    if preset == "pendulum":
        x, y = positions[..., 0], -positions[..., 1]
    elif preset == "mass-spring":
        x, y = np.zeros_like(positions[..., 0]), positions[..., 0]
    else:
        x, y = positions[..., 0], positions[..., 1]
    column = np.trunc(resolution * (x + half_width) / (2 * half_width)).astype(int)
    row = np.trunc(resolution * (y + half_width) / (2 * half_width)).astype(int)
    return column, row


def render_replication(preset, positions, radius_px, colors, half_width, resolution=32):
    """The replication's drawing (emulated): frames in [0, 1], float64 [..., H, W, 3]."""
    lead = positions.shape[:-2]
    flat = positions.reshape(-1, positions.shape[-2], 2)
    column, row = replication_pixel_centres(preset, flat, half_width, resolution)
    canvas = np.zeros((flat.shape[0], resolution, resolution, 3))
    offsets = midpoint_circle_offsets(radius_px)
    index = np.arange(flat.shape[0])
    for body in range(flat.shape[1]):
        color = np.array(colors[body]) / 255.0
        for dy, dx in offsets:
            r, c = row[:, body] + dy, column[:, body] + dx
            ok = (r >= 0) & (r < resolution) & (c >= 0) & (c < resolution)
            canvas[index[ok], r[ok], c[ok]] = color
    canvas = box_blur_2x2(box_blur_2x2(canvas)) + BACKGROUND / 255.0
    return np.minimum(canvas, 1.0).reshape(lead + (resolution, resolution, 3))


class Drawing:
    """One way of drawing a preset's bodies: returns frames in [0, 1] for positions [..., bodies, 2]."""

    def __init__(self, preset, disc):
        spec = PRESETS[preset]
        self.preset, self.disc = preset, disc
        pixel = 2 * spec["half_width"] / 32
        if disc == "ours":
            self.radius_px = float(np.sqrt(spec["masses"][0] / np.pi) / pixel)
        else:
            self.radius_px = int(spec["rep_factor"] * spec["masses"][0] / pixel)
        self.spec = spec

    def __call__(self, positions):
        if self.disc == "replication-render":
            return render_replication(self.preset, positions, self.radius_px, self.spec["rep_colors"],
                                      self.spec["half_width"])
        return render_soft(positions, self.radius_px, self.spec["colors"], self.spec["half_width"]) / 255.0


# ---------------------------------------------------------------------------------------------------------------
# Scores


def per_sequence_mse(prediction, target):
    """Pixel MSE per sequence over the scored frames; prediction and target [N, T, H, W, 3] in [0, 1] (prediction may
    be a single frame [H, W, 3])."""
    window = slice(ANCHOR, ANCHOR + SCORED)
    difference = target[:, window] - (prediction[:, window] if prediction.ndim == 5 else prediction)
    return (difference ** 2).mean(axis=(1, 2, 3, 4))


def summary(values):
    values = np.asarray(values, dtype=np.float64)
    sd = values.std(ddof=1) if len(values) > 1 else 0.0
    return dict(mean=values.mean(), sd=sd, ci95=1.96 * sd / np.sqrt(len(values)))


def chunked(count, size=100):
    return [slice(start, min(start + size, count)) for start in range(0, count, size)]


def evaluate(drawing, test_states, train_states, lengths_test, lengths_train, std, rng, args):
    """floor, bayes and mean-frame of one drawing and noise level, all drawn here from true states."""
    preset = drawing.preset
    n = test_states.shape[0]
    # The mean training frame of the noisy training frames.
    mean_frame = np.zeros((32, 32, 3))
    for part in chunked(train_states.shape[0]):
        observed = noisy_states(train_states[part], preset, std, rng)
        mean_frame += drawing(body_positions(preset, observed, lengths_train[part])).sum(axis=(0, 1))
    mean_frame /= train_states.shape[0] * train_states.shape[1]
    floors, means = [], []
    for part in chunked(n):
        clean = drawing(body_positions(preset, test_states[part], lengths_test[part]))
        noisy = drawing(body_positions(preset, noisy_states(test_states[part], preset, std, rng), lengths_test[part]))
        floors.append(per_sequence_mse(clean, noisy))
        means.append(per_sequence_mse(mean_frame, noisy))
    bayes = []
    if std > 0:
        for part in chunked(min(args.bayes_sequences, n), 25):
            states = test_states[part][:, ANCHOR:ANCHOR + SCORED]
            draws = np.stack([drawing(body_positions(preset, noisy_states(states, preset, std, rng),
                                                     lengths_test[part])) for _ in range(args.draws)])
            bayes.append(draws.var(axis=0, ddof=1).mean(axis=(1, 2, 3, 4)))
    return (summary(np.concatenate(floors)), summary(np.concatenate(bayes)) if bayes else summary([0.0, 0.0]),
            summary(np.concatenate(means)))


# ---------------------------------------------------------------------------------------------------------------
# Main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--physgen", help="physgen binary (default: .build/release/physgen, built when missing)")
    parser.add_argument("--work", default="/tmp/hamiltoniansuite-noise-floor", help="scratch folder for datasets")
    parser.add_argument("--out", default=os.path.join(REPO, "Benchmarks", "results", "noise-floor"))
    parser.add_argument("--presets", nargs="*", default=list(PRESETS))
    parser.add_argument("--bayes-sequences", type=int, default=200)
    parser.add_argument("--draws", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0, help="seed of the noise drawn here")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite floors.md and datasets-table.md from floors.csv and renderer-check.json")
    args = parser.parse_args()
    if args.report_only:
        write_reports(args.out)
        return
    started = time.time()
    binary = physgen_binary(args)
    os.makedirs(args.out, exist_ok=True)
    rows, checks = [], {}
    for preset in args.presets:
        spec = PRESETS[preset]
        folders = {name: os.path.join(args.work, f"{preset}-{name}") for name in ("test-noisy", "test-clean", "train")}
        generate(binary, preset, "test", 5000, True, folders["test-noisy"])
        generate(binary, preset, "test", 5000, False, folders["test-clean"])
        generate(binary, preset, "train", 1000, True, folders["train"])
        noisy_images, states, attributes = load(folders["test-noisy"], "test")
        clean_images, clean_states, clean_attributes = load(folders["test-clean"], "test")
        train_images, train_states, train_attributes = load(folders["train"], "train")
        if not np.array_equal(states, clean_states):
            raise SystemExit(f"{preset}: the noisy and noise-free test sets hold different trajectories")
        lengths = attributes["other"].get("length")
        train_lengths = train_attributes["other"].get("length")
        if lengths is None:  # only the pendulum has a length; the others ignore it
            lengths, train_lengths = np.ones(len(states)), np.ones(len(train_states))
        rng = np.random.default_rng([args.seed, list(PRESETS).index(preset)])

        # 1. The numpy renderer reproduces physgen's noise-free frames.
        ours = Drawing(preset, "ours")
        assert np.allclose(attributes["body_radii"] * 32 / (2 * attributes["world_half_width"]), ours.radius_px)
        redrawn = np.concatenate([render_soft(body_positions(preset, clean_states[p], lengths[p]), ours.radius_px,
                                              spec["colors"], spec["half_width"]) for p in chunked(len(states))])
        difference = np.abs(redrawn - clean_images.astype(np.float64))
        checks[preset] = dict(frames=int(np.prod(clean_images.shape[:2])),
                              max_abs_difference_uint8=float(difference.max()),
                              differing_values=int((difference > 0).sum()))
        print(f"{preset}: numpy renderer vs physgen noise-free frames: max |difference| {difference.max():.0f} "
              f"(uint8 levels) over {checks[preset]['frames']} frames", file=sys.stderr)

        # 2. Physgen's own frames at our disc and the preset's noise.
        noisy01, clean01 = noisy_images / 255.0, clean_images / 255.0
        train_mean = train_images.reshape(-1, 32, 32, 3).mean(axis=0) / 255.0
        floor = summary(per_sequence_mse(clean01, noisy01))
        mean_frame = summary(per_sequence_mse(train_mean, noisy01))
        rows.append(dict(preset=preset, noise="replication", noise_std=float(attributes["observation_noise"]),
                         disc="ours", radius_px=ours.radius_px, frames="physgen", floor=floor, bayes=None,
                         mean_frame=mean_frame))

        # 3. Every disc and noise level drawn here.
        for disc in ("ours", "replication-radius", "replication-render"):
            drawing = Drawing(preset, disc)
            for label, std in noise_levels(preset):
                floor, bayes, mean_frame = evaluate(drawing, states, train_states, lengths, train_lengths, std, rng,
                                                    args)
                rows.append(dict(preset=preset, noise=label, noise_std=std, disc=disc, radius_px=drawing.radius_px,
                                 frames="numpy", floor=floor, bayes=bayes, mean_frame=mean_frame))
                print(f"{preset:11} {disc:19} {label:17} std {std:.3f}: floor {floor['mean'] * 1e4:6.2f}  "
                      f"bayes {bayes['mean'] * 1e4:6.2f}  mean-frame {mean_frame['mean'] * 1e4:6.2f} (x1e-4)",
                      file=sys.stderr)
        checks[preset]["sequences"] = int(len(states))

    checks["opencv"] = opencv_check()
    checks["seconds"] = round(time.time() - started)
    checks["bayes_sequences"], checks["draws"] = args.bayes_sequences, args.draws
    write_csv(rows, os.path.join(args.out, "floors.csv"))
    with open(os.path.join(args.out, "renderer-check.json"), "w") as f:
        json.dump(checks, f, indent=1, sort_keys=True)
        f.write("\n")
    write_reports(args.out)
    print(f"wrote {args.out} in {time.time() - started:.0f} s", file=sys.stderr)


def opencv_check():
    """Compares the emulated replication drawing with OpenCV itself, when OpenCV is installed."""
    try:
        import cv2
    except ImportError:
        return dict(checked=False, reason="cv2 not importable (pip install opencv-python-headless to check)")
    rng = np.random.default_rng(1)
    worst = 0.0
    for radius in (1, 2, 3, 4, 5):
        for _ in range(50):
            centre = tuple(int(v) for v in rng.integers(-2, 34, size=2))
            color = tuple(float(v) for v in rng.uniform(0, 1, size=3))
            reference = cv2.circle(np.zeros((32, 32, 3)), centre, radius, color, -1)
            reference = cv2.blur(cv2.blur(reference, (2, 2)), (2, 2))
            mine = np.zeros((1, 32, 32, 3))
            for dy, dx in midpoint_circle_offsets(radius):
                r, c = centre[1] + dy, centre[0] + dx
                if 0 <= r < 32 and 0 <= c < 32:
                    mine[0, r, c] = color
            mine = box_blur_2x2(box_blur_2x2(mine))[0]
            worst = max(worst, float(np.abs(mine - reference).max()))
    return dict(checked=True, opencv=cv2.__version__, cases=250, max_abs_difference=worst)


def write_csv(rows, path):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["preset", "noise", "noise_std", "disc", "radius_px", "frames", "sequences_bayes",
                         "floor_x1e4", "floor_sd_x1e4", "floor_ci95_x1e4", "bayes_x1e4", "bayes_ci95_x1e4",
                         "mean_frame_x1e4", "mean_frame_sd_x1e4", "floor_over_mean_frame"])
        for r in rows:
            bayes = r["bayes"]
            writer.writerow([r["preset"], r["noise"], f"{r['noise_std']:.4f}", r["disc"], f"{r['radius_px']:.3f}",
                             r["frames"], "" if bayes is None else "yes",
                             f"{r['floor']['mean'] * 1e4:.3f}", f"{r['floor']['sd'] * 1e4:.3f}",
                             f"{r['floor']['ci95'] * 1e4:.3f}",
                             "" if bayes is None else f"{bayes['mean'] * 1e4:.3f}",
                             "" if bayes is None else f"{bayes['ci95'] * 1e4:.3f}",
                             f"{r['mean_frame']['mean'] * 1e4:.3f}", f"{r['mean_frame']['sd'] * 1e4:.3f}",
                             f"{r['floor']['mean'] / r['mean_frame']['mean']:.4f}"])


def verdict(row, reported):
    """Whether a reported number can be an expected score on this data: below the irreducible error (minus its
    interval) it cannot; below the sharp-truth floor only a blurred prediction reaches it."""
    if row["bayes_x1e4"] and reported < float(row["bayes_x1e4"]) - float(row["bayes_ci95_x1e4"]):
        return "no"
    if reported < float(row["floor_x1e4"]):
        return "blurred only"
    return "yes"


def write_reports(out):
    """floors.md (every row) and datasets-table.md (the compact table for datasets.md), from the CSV and checks."""
    with open(os.path.join(out, "floors.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "renderer-check.json")) as f:
        checks = json.load(f)
    command = "`python3 Benchmarks/noise-floor/noise_floor.py`"
    sequences = checks[next(iter(PRESETS))].get("sequences", 0)

    def cell(value, interval):
        return "–" if value == "" else f"{float(value):.2f} ± {float(interval):.2f}"

    lines = ["# Observation-noise floor of the video presets", "",
             f"Written by {command} (see its docstring for every definition). Pixel MSE x 1e-4 over the 30 scored "
             f"frames (anchor = frame 4, and the 29 after it), {sequences} test sequences per preset; ± is the 95% "
             "interval of the mean over sequences. `floor`: noise-free frames scored against the noisy ones (a "
             "perfect sharp prediction). `bayes`: the irreducible error (pixel variance of the noisy frame given the "
             f"true state; the best possible, blurred, prediction scores this), on the first {checks.get('bayes_sequences', 200)} "
             f"sequences with {checks.get('draws', 8)} noise draws each. "
             "`mean-frame`: the mean training frame, the trivial baseline. Noise std is in world units on every "
             "position coordinate (radians for the pendulum). `frames`: `physgen` = physgen's own noisy and "
             "noise-free frames; `numpy` = drawn by the script from the true states, noise drawn by the script.", "",
             "| preset | disc (radius px) | noise (std) | frames | floor | bayes | mean-frame | floor / mean-frame |",
             "|---|---|---|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['preset']} | {r['disc']} ({float(r['radius_px']):.2f}) | {r['noise']} "
                     f"({float(r['noise_std']):.3f}) | {r['frames']} | {cell(r['floor_x1e4'], r['floor_ci95_x1e4'])} | "
                     f"{cell(r['bayes_x1e4'], r['bayes_ci95_x1e4'])} | {float(r['mean_frame_x1e4']):.2f} | "
                     f"{float(r['floor_over_mean_frame']):.2f} |")
    lines += ["", "## Can the reported numbers be measured on this data?", "",
              "Each cell: the lowest number reported for that system, and whether it lies above the irreducible "
              "error of the data (`yes`), between the irreducible error and the sharp floor (`blurred only`: only a "
              "prediction blurred like the noise reaches it), or below the irreducible error minus its interval "
              "(`no`: no model can score it on average). Test numbers are the evidence: a training number can sit "
              "below the irreducible error when a model memorises the noise of its own training sequences (the "
              "paper's deterministic rows, 0.23 train against 3.07 test on the spring, show that kind of gap).", "",
              "| preset | disc | noise | paper train | paper test | replication train | replication test |",
              "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["frames"] != "numpy":
            continue
        cells = [f"{reported:.2f} ({name}): {verdict(r, reported)}"
                 for source in (PAPER, REPLICATION) for reported, name in source[r["preset"]]]
        lines.append(f"| {r['preset']} | {r['disc']} | {r['noise']} | " + " | ".join(cells) + " |")
    lines += ["", "## Renderer checks", ""]
    for preset in PRESETS:
        if preset in checks:
            c = checks[preset]
            lines.append(f"- {preset}: the numpy renderer redraws physgen's {c['frames']} noise-free test frames with "
                         f"maximum absolute difference {c['max_abs_difference_uint8']:.0f} (uint8 levels), "
                         f"{c['differing_values']} values differ.")
    cv = checks["opencv"]
    if cv["checked"]:
        lines.append(f"- The replication's drawing (emulated) against OpenCV {cv['opencv']} (`cv2.circle` filled + two "
                     f"`cv2.blur` 2x2) on {cv['cases']} random discs: maximum absolute difference "
                     f"{cv['max_abs_difference']:.3g}.")
    else:
        lines.append(f"- The replication's drawing was not checked against OpenCV: {cv['reason']}.")
    if "seconds" in checks:
        lines += ["", f"Run time {checks['seconds']} s."]
    lines.append("")
    with open(os.path.join(out, "floors.md"), "w") as f:
        f.write("\n".join(lines))

    # The compact table for datasets.md: floor / irreducible error per noise level, beside the reported numbers.
    by_key = {(r["preset"], r["disc"], r["noise"]): r for r in rows if r["frames"] == "numpy"}
    table = [f"Pixel MSE x 1e-4 over the 30 scored frames of {sequences} test sequences, written by {command} "
             "(`Benchmarks/results/noise-floor/`). Each noise cell: the sharp floor (noise-free frames against the "
             "noisy ones) / the irreducible error (the best possible, blurred, prediction). Reported: the lowest "
             "test number of each source (paper: HGN deterministic; replication: HGN leapfrog).", "",
             "| preset | disc (radius px) | mean frame, no noise | no noise | replication std | variance reading "
             "(std) | paper test | replication test |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for preset in PRESETS:
        for disc in ("ours", "replication-radius", "replication-render"):
            none = by_key.get((preset, disc, "none"))
            if none is None:
                continue
            cells = []
            for noise in ("replication", "variance-reading"):
                r = by_key[(preset, disc, noise)]
                cells.append(f"{float(r['floor_x1e4']):.2f} / {float(r['bayes_x1e4']):.2f} "
                             f"(σ {float(r['noise_std']):.3g})")
            table.append(f"| {preset} | {disc} ({float(none['radius_px']):.2f}) | {float(none['mean_frame_x1e4']):.2f} "
                         f"| 0 | " + " | ".join(cells) + f" | {PAPER[preset][1][0]:.2f} | {REPLICATION[preset][1][0]:.2f} |")
    alternative = [r for r in rows if r["noise"] == "replication-alt"]
    if alternative:
        table += ["", "Three-body at std 0.005 (the other value in the replication's history), floor / irreducible: "
                  + "; ".join(f"{r['disc']} {float(r['floor_x1e4']):.2f} / {float(r['bayes_x1e4']):.2f}"
                              for r in alternative) + "."]
    with open(os.path.join(out, "datasets-table.md"), "w") as f:
        f.write("\n".join(table) + "\n")


if __name__ == "__main__":
    main()
