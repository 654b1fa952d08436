#!/usr/bin/env bash
# HGN training-step speed, side by side in one run: our engine (`hgnbench speed`, release) against the same step in
# PyTorch (Benchmarks/python/hgn_step_torch.py), both on the same threads, alternating, several rounds.
#
#   Benchmarks/speed/compare.sh [--rounds R] [--steps N] [--threads T] [--python PYTHON]
#
# Two steps:
#   full   batch 16, 34 frames, every predicted frame decoded, frame MSE + KL          (hgnbench speed --seq-len 34)
#   small  the `small` training recipe's step: batch 16, 6 decoded frames, summed squared error + 1e-4 KL, at each
#          curriculum length (8, 12, 16, 24, 34 frames) weighted by the recipe's steps at it (hgnbench speed
#          --recipe small); the PyTorch reference gets the lengths, weights and loss from hgnbench's JSON line.
# Each round runs engine full, torch full, engine small, torch small (the order of the two implementations flips every
# round), each with 1 untimed and N timed steps per length. The ratio is the median over rounds of the engine's
# median step time over the median over rounds of PyTorch's. Progress and the per-round lines go to standard error;
# standard output is a Markdown table, then one JSON line with everything (ratios, per-round medians, CPU seconds,
# load before and after, versions).
#
# Installs what it needs: the Debian packages (scripts/install-deps.sh) and PyTorch when `import torch` fails: a CPU
# build when pip can find one (a local wheel folder in pip's find-links), otherwise PyPI's torch, whose Linux wheels
# also pull several GB of CUDA libraries that a CPU run does not use.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3
steps=5
threads=2
python=python3
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --steps) steps=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --python) python=$2; shift 2 ;;
        *) echo "compare.sh: unknown option $1 (known: --rounds R, --steps N, --threads T, --python PYTHON)" >&2; exit 2 ;;
    esac
done
for value in "$rounds" "$steps" "$threads"; do
    case "$value" in ''|*[!0-9]*|0) echo "compare.sh: --rounds, --steps and --threads take positive integers" >&2; exit 2 ;; esac
done

scripts/install-deps.sh --python
if ! "$python" -c 'import torch' >/dev/null 2>&1; then
    cpu_build=$("$python" -m pip index versions torch 2>/dev/null | sed -n 's/^Available versions: //p' | tr ',' '\n' \
        | tr -d ' ' | grep '+cpu$' | head -n 1 || true)
    echo "compare.sh: installing PyTorch ${cpu_build:-from PyPI} with pip" >&2
    "$python" -m pip install --quiet --disable-pip-version-check "torch${cpu_build:+==$cpu_build}"
fi
swift build -c release --product hgnbench >/dev/null
engine=.build/release/hgnbench
reference=Benchmarks/python/hgn_step_torch.py
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# The small recipe's settings, from the engine, so that they are written once (TrainProfiles.swift).
recipe=$("$engine" speed --recipe small --threads "$threads" --steps 1 --warmup 0 --tiny 2>/dev/null | tail -n 1)
torch_small=$("$python" - "$recipe" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
lengths = sorted(r["seq_len_weights"], key=int)
print(f"--seq-len {','.join(lengths)} --seq-len-weights {','.join(str(r['seq_len_weights'][n]) for n in lengths)} "
      f"--decoded-frames {r['decoded_frames']} --reconstruction {r['reconstruction']} --kl-weight {r['kl_weight']} "
      f"--log-variance-shift {r.get('posterior_log_variance_shift') or 0}")
PY
)

run() {  # run IMPLEMENTATION STEP ROUND
    local line
    if [ "$1" = engine ]; then
        if [ "$2" = full ]; then
            line=$("$engine" speed --batch 16 --seq-len 34 --threads "$threads" --steps "$steps" --warmup 1 2>/dev/null | tail -n 1)
        else
            line=$("$engine" speed --recipe small --threads "$threads" --steps "$steps" --warmup 1 2>/dev/null | tail -n 1)
        fi
    else
        if [ "$2" = full ]; then
            line=$("$python" "$reference" --batch 16 --seq-len 34 --threads "$threads" --steps "$steps" --warmup 1 2>/dev/null | tail -n 1)
        else
            # shellcheck disable=SC2086
            line=$("$python" "$reference" --batch 16 $torch_small --threads "$threads" --steps "$steps" --warmup 1 2>/dev/null | tail -n 1)
        fi
    fi
    echo "$1 $2 $3 $line" >> "$log"
    echo "$1 $2 $3 $line" >&2
    echo "round $3 $1 $2: $(echo "$line" | "$python" -c 'import json, sys; d = json.load(sys.stdin); print("%.3f s/step, cpu %.3f s/thread, load %s -> %s" % (d["s_per_step_median"], d["cpu_s_per_step_per_thread_median"], d["load_before"], d["load_after"]))')" >&2
}

for round in $(seq 1 "$rounds"); do
    for step in full small; do
        if [ $((round % 2)) -eq 1 ]; then
            run engine "$step" "$round"; run torch "$step" "$round"
        else
            run torch "$step" "$round"; run engine "$step" "$round"
        fi
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load after: $load_after" >&2

"$python" - "$log" "$threads" "$rounds" "$steps" "$load_after" <<'PY'
import datetime, json, statistics, subprocess, sys
log, threads, rounds, steps, load_after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
runs = {}
for line in open(log):
    implementation, step, round_, record = line.split(" ", 3)
    runs.setdefault((implementation, step), []).append(json.loads(record))
def med(implementation, step, key):
    return statistics.median(r[key] for r in runs[(implementation, step)])
result = {"date": datetime.date.today().isoformat(), "threads": threads, "rounds": rounds, "steps_per_run": steps,
          "torch": runs[("torch", "full")][0]["torch"], "blas_kernels": runs[("engine", "full")][0]["blas_kernels"],
          "load_before_first_run": runs[("engine", "full")][0]["load_before"], "load_after": load_after}
print("| step | engine s/step (median of rounds) | PyTorch s/step | engine / PyTorch | engine CPU s/thread | PyTorch CPU s/thread |")
print("|---|---:|---:|---:|---:|---:|")
for step in ("full", "small"):
    engine, torch_ = med("engine", step, "s_per_step_median"), med("torch", step, "s_per_step_median")
    engine_cpu = med("engine", step, "cpu_s_per_step_per_thread_median")
    torch_cpu = med("torch", step, "cpu_s_per_step_per_thread_median")
    result[step] = {
        "ratio": round(engine / torch_, 3), "engine_s_per_step": engine, "torch_s_per_step": torch_,
        "cpu_ratio": round(engine_cpu / torch_cpu, 3),
        "engine_cpu_s_per_step_per_thread": engine_cpu, "torch_cpu_s_per_step_per_thread": torch_cpu,
        "engine_rounds": [r["s_per_step_median"] for r in runs[("engine", step)]],
        "torch_rounds": [r["s_per_step_median"] for r in runs[("torch", step)]],
        "engine_s_per_step_by_seq_len": runs[("engine", step)][-1]["s_per_step_by_seq_len"],
        "torch_s_per_step_by_seq_len": runs[("torch", step)][-1]["s_per_step_by_seq_len"],
        "load": [[r["load_before"], r["load_after"]] for pair in zip(runs[("engine", step)], runs[("torch", step)]) for r in pair],
    }
    print(f"| {step} | {engine:.3f} | {torch_:.3f} | **{engine / torch_:.2f}x** | {engine_cpu:.3f} | {torch_cpu:.3f} |")
print()
print(json.dumps(result, sort_keys=True))
PY
