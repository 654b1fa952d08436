#!/usr/bin/env bash
# Measures physgen's throughput per node through Slurm: each preset given runs as a physgen job array
# (scripts/slurm/physgen-array.sbatch, --shards 4, one task per node at a time: --cpus-per-task=CPUS --jobs CPUS),
# every task timed by /usr/bin/time; prints one Markdown row per preset: CPU time (user + sys), node time = CPU time /
# CPUS (as if the task's cores served it alone; an upper bound on the rate when the machine is shared), sequences per
# second per node, size on disk, the array's wall time, what Slurm added per task (the array's wall time minus the
# tasks' own, over the tasks) and the load average around it. Every folder is validated, then
# deleted.
#
#   scripts/slurm/physgen-throughput.sh [--local-cluster] [--cpus N] [--work DIR] [preset ...]
#
# The presets default to the four standard ones. The work folder (default ./physgen-throughput, on a file system the
# nodes share) holds the datasets while they are measured. --local-cluster starts a private single-node Slurm on this
# machine first (Tests/slurm/cluster.sh; needs root) and stops it at the end; without it the cluster configured for
# sbatch is used. physgen: $PHYSGEN, else .build/release/physgen.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

local_cluster=0 cpus=2 work=$root/physgen-throughput presets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --local-cluster) local_cluster=1 ;;
        --cpus) cpus=$2; shift ;;
        --work) work=$2; shift ;;
        -*) echo "physgen-throughput: unknown option '$1' (known: --local-cluster, --cpus N, --work DIR)" >&2; exit 2 ;;
        *) presets+=("$1") ;;
    esac
    shift
done
[ ${#presets[@]} -gt 0 ] || presets=(pendulum mass-spring two-body three-body)
physgen=${PHYSGEN:-$root/.build/release/physgen}
[ -x "$physgen" ] || { echo "physgen-throughput: $physgen is missing; build it: swift build -c release --product physgen" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "physgen-throughput: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }

mkdir -p "$work"
work=$(cd "$work" && pwd)
if [ "$local_cluster" -eq 1 ]; then
    # shellcheck source=Tests/slurm/cluster.sh
    source Tests/slurm/cluster.sh
    cluster_install
    SLURM_TEST_DIR=$(mktemp -d /tmp/physgen-throughput-slurm.XXXXXX)
    trap 'cluster_stop; rm -rf "$SLURM_TEST_DIR"' EXIT
    cluster_start
fi

# Every task runs physgen under /usr/bin/time, appending "wall user sys" to the preset's timing file.
wrapper=$work/physgen-timed
cat >"$wrapper" <<EOF
#!/usr/bin/env bash
exec /usr/bin/time -f "%e %U %S" -a -o "\$TIMINGS" "$physgen" "\$@"
EOF
chmod +x "$wrapper"

echo "| preset | tasks | CPU time | node time (CPU / $cpus) | sequences/s per node | on disk | array wall time | Slurm per task | load average before -> after |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for preset in "${presets[@]}"; do
    out=$work/$preset
    rm -rf "$out" "$work/$preset.timings"
    args=(--preset "$preset" --shards 4 --jobs "$cpus" --quiet --out "$out")
    tasks=$("$physgen" generate --count-shards "${args[@]}")
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s.%N)
    job=$(PHYSGEN=$wrapper TIMINGS=$work/$preset.timings sbatch --parsable --array=0-$((tasks - 1)) \
        --cpus-per-task="$cpus" --output="$work/$preset-%a.out" scripts/slurm/physgen-array.sbatch "${args[@]}")
    while [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; do sleep 0.25; done   # sbatch --wait polls too seldom
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    [ -e "$out/manifest.json" ] || { echo "physgen-throughput: the $preset array did not finish; see $work/$preset-*.out" >&2; exit 1; }
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    "$physgen" validate "$out" --resimulate 1 --quiet >/dev/null \
        || { echo "physgen-throughput: $out does not validate" >&2; exit 1; }
    sequences=$(python3 -c 'import json, sys; print(sum(s["trajectories"] for s in json.load(open(sys.argv[1]))["splits"]))' "$out/manifest.json")
    bytes=$(du -sb "$out" | cut -f1)
    awk -v p="$preset" -v t="$tasks" -v c="$cpus" -v n="$sequences" -v b="$bytes" -v w="$wall" -v l0="$before" -v l1="$after" \
        '{ own += $1; cpu += $2 + $3 } END { node = cpu / c; printf "| `%s` | %d | %.1f s | %.1f s | %.0f | %.0f MB | %.0f s | %.2f s | %s -> %s |\n", p, t, cpu, node, n / node, b / 1e6, w, (w - own) / t, l0, l1 }' \
        "$work/$preset.timings"
    rm -rf "$out" "$work/$preset.timings" "$work/$preset"-*.out
done
rm -f "$wrapper"
rmdir "$work" 2>/dev/null || true
