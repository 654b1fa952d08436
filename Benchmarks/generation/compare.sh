#!/usr/bin/env bash
# Generation speed, side by side in one run: physgen (release) against the Python reference generator
# (numpy + scipy solve_ivp + h5py, Benchmarks/python/pendulum_reference.py), on the standard pendulum train split
# (32x32 RGB, 34 frames, dt 0.125), same tolerance (rtol 1e-11), 2 workers each.
#
#   Benchmarks/generation/compare.sh [--trajectories N] [--python-trajectories M]
#
# physgen generates N trajectories (default 50,000: the whole train split); the Python generator generates M
# (default 5,000) and its rate is extrapolated to N, because at the same tolerance it takes minutes per thousand.
# Prints a Markdown table and the raw JSON lines of both tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
trajectories=50000
python_trajectories=5000
while [ $# -gt 0 ]; do
    case "$1" in
        --trajectories) trajectories=$2; shift 2 ;;
        --python-trajectories) python_trajectories=$2; shift 2 ;;
        *) echo "compare.sh: unknown option $1 (known: --trajectories N, --python-trajectories M)" >&2; exit 2 ;;
    esac
done
scripts/install-deps.sh --python
swift build -c release --product physgen >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

swift_json=$(.build/release/physgen generate --preset pendulum --split train --trajectories "$trajectories" \
    --jobs 2 --out "$work/swift" --quiet --json)
python_json=$(python3 Benchmarks/python/pendulum_reference.py --trajectories "$python_trajectories" --processes 2 \
    --rtol 1e-11 --out "$work/python" | tail -n 1)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$swift_json" "$python_json" "$trajectories" <<'PY'
import json, sys
s, p, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
p_rate = p["traj_per_s"]
print(f"| generator | trajectories | wall time | trajectories/s | simulate | render | compress + write |")
print(f"|---|---|---|---|---|---|---|")
mb = s["raw_image_bytes"] / 1e6
print(f"| physgen (Swift, 2 threads) | {s['trajectories']:,} | {s['seconds']:.1f} s | {s['traj_per_s']:,.0f} | "
      f"{s['simulate_cpu_s']:.1f} CPU-s | {s['render_cpu_s']:.1f} CPU-s ({s['frames'] / max(s['render_cpu_s'], 1e-9) / 1e6:.2f} M frames/s per core) | "
      f"{s['compress_cpu_s']:.1f} CPU-s ({mb / max(s['compress_cpu_s'], 1e-9):.0f} MB/s per core) + {s['write_s']:.2f} s write |")
print(f"| Python reference (2 processes) | {p['trajectories']:,} (x{n / p['trajectories']:.0f} extrapolated: {n / p_rate:.0f} s) | "
      f"{p['seconds']:.1f} s | {p_rate:,.0f} | {p['integrate_s']:.1f} s | {p['render_s']:.1f} s | {p['write_s']:.1f} s |")
print()
print(f"physgen is {s['traj_per_s'] / p_rate:.1f}x the Python reference's rate; "
      f"physgen wrote {s['bytes'] / 1e6:.0f} MB ({s['raw_image_bytes'] / max(s['bytes'], 1):.1f}x smaller than the raw frames).")
PY
echo
echo "physgen: $swift_json"
echo "python:  $python_json"
