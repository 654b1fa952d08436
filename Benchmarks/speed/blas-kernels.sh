#!/usr/bin/env bash
# What OpenBLASCoreSelection gains on this machine, measured in one run: the HGN training step (`hgnbench speed`,
# release, one thread) with OpenBLAS' own kernel choice (HAMILTONIAN_BLAS_KERNELS=openblas) against the engine's
# choice (auto), alternating, several rounds.
#
#   Benchmarks/speed/blas-kernels.sh [--rounds R] [--steps N]
#
# Each round runs both configurations (the order flips every round), each with 1 untimed and N timed steps of the
# default step (batch 16, 34 frames). The measure is process CPU seconds per step (one thread, so it does not depend
# on what else the machine runs); the ratio is the median over rounds of auto's over the median of openblas'. Standard
# output is a Markdown table, then one JSON line with everything; progress goes to standard error.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3
steps=3
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --steps) steps=$2; shift 2 ;;
        *) echo "blas-kernels.sh: unknown option $1 (known: --rounds R, --steps N)" >&2; exit 2 ;;
    esac
done
for value in "$rounds" "$steps"; do
    case "$value" in ''|*[!0-9]*|0) echo "blas-kernels.sh: --rounds and --steps take positive integers" >&2; exit 2 ;; esac
done

scripts/install-deps.sh
swift build -c release --product hgnbench >&2
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
    order="openblas auto"
    [ $((round % 2)) -eq 0 ] && order="auto openblas"
    for policy in $order; do
        echo "round $round/$rounds: HAMILTONIAN_BLAS_KERNELS=$policy" >&2
        line=$(HAMILTONIAN_BLAS_KERNELS=$policy .build/release/hgnbench speed --threads 1 --steps "$steps" --warmup 1 \
            2>/dev/null | tail -1)
        echo "{\"policy\": \"$policy\", \"round\": $round, \"result\": $line}" >> "$results"
    done
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
summary = {}
for policy in ("openblas", "auto"):
    mine = [r["result"] for r in rows if r["policy"] == policy]
    summary[policy] = {
        "blas_kernels": sorted({r["blas_kernels"] for r in mine}),
        "cpu_s_per_step": [r["cpu_s_per_step_per_thread_median"] for r in mine],
        "cpu_s_per_step_median": statistics.median(r["cpu_s_per_step_per_thread_median"] for r in mine),
        "sgemm_peak_gflops_median": statistics.median(r["sgemm_peak_gflops"] for r in mine),
    }
ratio = summary["auto"]["cpu_s_per_step_median"] / summary["openblas"]["cpu_s_per_step_median"]
print("| HAMILTONIAN_BLAS_KERNELS | OpenBLAS core | CPU s per step (median of rounds) | sgemm peak GFLOP/s |")
print("|---|---|---:|---:|")
for policy in ("openblas", "auto"):
    s = summary[policy]
    print(f"| {policy} | {', '.join(s['blas_kernels'])} | {s['cpu_s_per_step_median']:.3f} | {s['sgemm_peak_gflops_median']:.1f} |")
print(f"\nauto / openblas CPU per step: {ratio:.3f}\n")
print(json.dumps({"ratio_auto_over_openblas": round(ratio, 3), "rounds": len(rows) // 2, **summary}, sort_keys=True))
PY
