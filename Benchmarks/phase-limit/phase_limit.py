"""How far can an ideal predictor follow the disc, given 5 noisy frames?

The presets add Gaussian noise (sigma 0.1) to the phase-space coordinates of every frame before rendering, so the
frames a model reads show q + noise. This script gives an "oracle" the true equations of motion and the true
constants, lets it fit the anchor state (q, p) to the noisy positions of the 5 input frames by least squares (what
the frames can tell at best, short of a prior), rolls the fit out with the true dynamics, and measures how far its
disc lies from the true (noise-free) disc at each of the 29 predicted steps. Distances are in world units; the
disc radius is sqrt(m / pi) = 0.40 and a pixel is 4 / 32 = 0.125 (world half-width 2 at 32x32).

    python3 Benchmarks/phase-limit/phase_limit.py DATASET_FOLDER [DATASET_FOLDER ...]

Reads the `test` split's true states `/x` with h5py (noise is drawn afresh, seed 0, with the preset's sigma).
"""
import glob
import json
import os
import sys

import h5py
import numpy as np


def vector_field(system, constants):
    if system == "pendulum":
        m, l, g = constants["mass"], constants["length"], constants["gravity"]
        return lambda q, p: (p / (m * l * l), -m * g * l * np.sin(q))
    if system == "mass-spring":
        m, k = constants["mass"], constants["spring_constant"]
        return lambda q, p: (p / m, -k * q)
    raise SystemExit(f"{system}: only pendulum and mass-spring have a one-coordinate state")


def flow(field, q, p, time, substeps=40):
    """RK4 over `time` (either sign) in `substeps` steps; vectorised over sequences."""
    h = time / substeps
    for _ in range(substeps):
        k1 = field(q, p)
        k2 = field(q + h / 2 * k1[0], p + h / 2 * k1[1])
        k3 = field(q + h / 2 * k2[0], p + h / 2 * k2[1])
        k4 = field(q + h * k3[0], p + h * k3[1])
        q, p = q + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]), p + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
    return q, p


def positions(system, q, length):
    if system == "pendulum":
        return np.stack([length * np.sin(q), -length * np.cos(q)], axis=-1)
    return np.stack([q, np.zeros_like(q)], axis=-1)


def fit_anchor(field, observed, dt):
    """Least-squares (q, p) at the last of the observed frames, Gauss-Newton with a numerical Jacobian."""
    frames = observed.shape[1]
    q = observed[:, -1].copy()
    slope = np.polyfit(np.arange(frames) * dt, observed.T, 1)[0]
    qdot_per_p = field(np.zeros(1), np.ones(1))[0][0]
    p = slope / qdot_per_p

    def predict(q, p):
        out = [q]
        for _ in range(frames - 1):
            q, p = flow(field, q, p, -dt, substeps=10)
            out.append(q)
        return np.stack(out[::-1], axis=1)

    for _ in range(12):
        base = predict(q, p)
        residual = base - observed
        eps = 1e-6
        jq = (predict(q + eps, p) - base) / eps
        jp = (predict(q, p + eps) - base) / eps
        a11, a12, a22 = (jq * jq).sum(1), (jq * jp).sum(1), (jp * jp).sum(1)
        b1, b2 = (jq * residual).sum(1), (jp * residual).sum(1)
        det = a11 * a22 - a12 * a12
        q = q - (a22 * b1 - a12 * b2) / det
        p = p - (a11 * b2 - a12 * b1) / det
    return q, p


def main(folders):
    rng = np.random.default_rng(0)
    report = {}
    for folder in folders:
        spec = json.load(open(os.path.join(folder, "spec.json")))
        system, constants, sigma, dt = spec["system"], spec["constants"], spec["observation_noise"], spec["dt"]
        files = sorted(glob.glob(os.path.join(folder, "test-*.h5")))
        x = np.concatenate([h5py.File(f, "r")["x"][:] for f in files])
        field = vector_field(system, constants)
        inputs, anchor = 5, 4
        observed = x[:, :inputs, 0] + rng.normal(0.0, sigma, size=(x.shape[0], inputs))
        q, p = fit_anchor(field, observed, dt)
        length = constants.get("length", 1.0)
        distances = []
        for step in range(x.shape[1] - anchor):
            truth = positions(system, x[:, anchor + step, 0], length)
            guess = positions(system, q, length)
            distances.append(np.linalg.norm(truth - guess, axis=-1))
            q, p = flow(field, q, p, dt)
        distances = np.array(distances)  # [step, sequence]
        radius = float(np.sqrt(constants["mass"] / np.pi))
        rows = []
        for step in range(distances.shape[0]):
            d = distances[step]
            rows.append({"step": step, "median": float(np.median(d)), "p90": float(np.percentile(d, 90)),
                         "beyond_radius": float((d > radius).mean())})
        half = next((r["step"] for r in rows if r["beyond_radius"] >= 0.5), None)
        report[spec["name"]] = {"system": system, "sigma": sigma, "sequences": int(x.shape[0]), "radius": radius,
                                "first_step_half_beyond_radius": half, "steps": rows}
        print(f"{spec['name']}: {x.shape[0]} test sequences, observation noise {sigma}, disc radius {radius:.2f}")
        print("  step  median distance  90th percentile  share of sequences farther than a radius")
        for r in rows:
            if r["step"] in (0, 1, 2, 4, 6, 8, 10, 12, 15, 20, 25, 29):
                print(f"  {r['step']:4d}  {r['median']:15.3f}  {r['p90']:15.3f}  {r['beyond_radius']:8.2f}")
        print(f"  half the sequences farther than a disc radius from step: {half}")
    json.dump(report, open(os.environ.get("PHASE_LIMIT_JSON", "/dev/null"), "w"), indent=1)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
