#!/usr/bin/env bash
# Job arrays on a real Slurm, run by `make test` after the other tests:
#   1. physgen: a one-process run, then the same arguments as an array of K+1 tasks
#      (scripts/slurm/physgen-array.sbatch): the K tasks of the plan complete and the folder is byte-identical to the
#      one-process run; task K (outside the plan) fails with a one-line error "numbered 0 to K-1".
#   2. a task cancelled while it writes its shard leaves an unfinished folder (no manifest; `physgen validate` names
#      the missing shard); resubmitting that index alone completes it byte-identically.
#   3. hgnbench table: a 2-cell smoke table as an array (scripts/slurm/hgnbench-table-array.sbatch), cells writing only
#      in their folders, then the assembly as an afterok-dependent job: the same table1.csv, plots and strips as one
#      process, and one process assembling the same cells rewrites every file byte for byte.
# Uses the debug physgen of `swift build --build-tests` and the release hgnbench of `make bench-smoke`.
# It installs Debian's slurm-wlm and munge when missing, starts a private single-node cluster on localhost in a
# temporary folder (Tests/slurm/cluster.sh: its own munge key and slurm.conf, free ports, /etc untouched), and stops
# the daemons it started on exit. It needs root: it re-runs itself with sudo when it can, and otherwise says why it
# skips. SLURM_TEST=skip skips it on purpose.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
physgen=${PHYSGEN:-$root/.build/debug/physgen}
hgnbench=${HGNBENCH:-$root/.build/release/hgnbench}
export PHYSGEN=$physgen HGNBENCH=$hgnbench   # the array tasks run these binaries

if [ "${SLURM_TEST:-}" = skip ]; then
    echo "slurm test: SKIPPED (SLURM_TEST=skip)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        echo "slurm test: not root, re-running with sudo (Slurm's daemons need root)" >&2
        exec sudo -n --preserve-env=PHYSGEN,HGNBENCH,PATH "$0" "$@"
    fi
    echo "slurm test: SKIPPED: starting slurmctld, slurmd and munged needs root, and sudo is not available without a password; run it as root (or with passwordless sudo) to test the job arrays on Slurm"
    exit 0
fi
[ -x "$physgen" ] || { echo "slurm test: $physgen is missing; build it first (swift build --build-tests)" >&2; exit 1; }
[ -x "$hgnbench" ] || { echo "slurm test: $hgnbench is missing; build it first (swift build -c release --product hgnbench)" >&2; exit 1; }

# shellcheck source=Tests/slurm/cluster.sh
source Tests/slurm/cluster.sh
cluster_install
SLURM_TEST_DIR=$(mktemp -d /tmp/hamiltoniansuite-slurm.XXXXXX)
work=$SLURM_TEST_DIR/work
mkdir -p "$work/logs"
cleanup() {
    cluster_stop
    rm -rf "$SLURM_TEST_DIR"
}
trap cleanup EXIT
start=$(date +%s)
cluster_start
echo "slurm test: single-node cluster up in $(($(date +%s) - start)) s ($(nproc) CPUs, $(sinfo --version))"

fail() {
    echo "slurm test: FAILED: $*" >&2
    exit 1
}

# Byte-identity of two dataset folders: the same files, every one equal.
same_folder() {
    [ "$(ls "$1")" = "$(ls "$2")" ] || fail "$2 holds $(ls "$2" | tr '\n' ' ') instead of $(ls "$1" | tr '\n' ' ')"
    for file in $(ls "$1"); do cmp -s "$1/$file" "$2/$file" || fail "$2/$file differs from the one-process run"; done
}

# --- 1. physgen as a job array ---------------------------------------------------------------------------------
# train 8,000 / valid 800 / test 1,600 / long 160 trajectories in 2 shards each (K = 8); a train shard takes a few seconds with one
# thread in a debug build, long enough to be cancelled while it is written (part 2).
args=(--preset pendulum --trajectories 8000 --steps 8 --resolution 16 --shards 2 --jobs 1 --quiet)
"$physgen" generate "${args[@]}" --out "$work/reference"
shards=$("$physgen" generate "${args[@]}" --count-shards)
[ "$shards" = 8 ] || fail "--count-shards printed '$shards', expected 8 (train, valid, test and long, 2 shards each)"

job=$(sbatch --parsable --array=0-"$shards" --cpus-per-task=1 --output="$work/logs/array-%a.out" \
    scripts/slurm/physgen-array.sbatch "${args[@]}" --out "$work/array")
cluster_wait "$job"
for task in $(seq 0 $((shards - 1))); do
    state=$(task_state "$job" "$task")
    [ "$state" = COMPLETED ] || fail "task $task ended $state: $(cat "$work/logs/array-$task.out")"
done
same_folder "$work/reference" "$work/array"
"$physgen" validate "$work/array" --quiet >/dev/null || fail "physgen validate refuses the array's folder"
state=$(task_state "$job" "$shards")
errors=$(grep -v '^physgen-array: ' "$work/logs/array-$shards.out" || true)
[ "$state" = FAILED ] || fail "task $shards (outside the plan) ended $state"
[ "$(printf '%s\n' "$errors" | wc -l)" = 1 ] && [[ "$errors" == *"numbered 0 to $((shards - 1))"* ]] \
    || fail "task $shards (outside the plan) printed: $errors"
echo "slurm test: physgen array of $((shards + 1)) tasks: the $shards shards and the manifest are byte-identical to one process; task $shards: $errors"

# --- 2. a cancelled task, resubmitted alone ---------------------------------------------------------------------
job=$(sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task=1 --output="$work/logs/resumed-%a.out" \
    scripts/slurm/physgen-array.sbatch "${args[@]}" --out "$work/resumed")
# Shard 0 is being written once its temporary file (train-00000-of-00002.h5.partial-<host>-<pid>) exists.
writing() { compgen -G "$work/resumed/train-00000-of-00002.h5.partial*" >/dev/null; }
for _ in $(seq 1 1200); do
    writing && break
    [ -e "$work/resumed/train-00000-of-00002.h5" ] && break
    sleep 0.05
done
writing || fail "task 0 never started writing its shard (or finished before it could be cancelled)"
scancel "${job}_0"
cluster_wait "$job"
[ "$(task_state "$job" 0)" = CANCELLED ] || fail "task 0 ended $(task_state "$job" 0), not CANCELLED (it finished before scancel?)"
[ ! -e "$work/resumed/manifest.json" ] || fail "a manifest was written although shard 0 is missing"
report=$("$physgen" validate "$work/resumed" --quiet || true)
[[ "$report" == *"train-00000-of-00002.h5 (--shard 0)"* ]] || fail "physgen validate did not name the missing shard: $report"
job=$(sbatch --parsable --array=0 --cpus-per-task=1 --output="$work/logs/resubmitted-%a.out" \
    scripts/slurm/physgen-array.sbatch "${args[@]}" --out "$work/resumed")
cluster_wait "$job"
[ "$(task_state "$job" 0)" = COMPLETED ] || fail "the resubmitted task 0 ended $(task_state "$job" 0)"
same_folder "$work/reference" "$work/resumed"
"$physgen" validate "$work/resumed" --quiet >/dev/null || fail "physgen validate refuses the resumed folder"
echo "slurm test: task 0 cancelled while writing (validate then named it), resubmitted alone: byte-identical to one process"

# --- 3. the table as a job array, then the assembly as a dependent job -----------------------------------------
# The smoke cells of two rows (pendulum: hgn-leapfrog and pixelhnn, each with the profile's seeds). Training is bitwise independent of
# the thread count, so the array's table1.csv, plots and strips equal those of one process that trained both cells;
# and one process assembling the array's cells into the same folder rewrites every file byte for byte. Each task
# writes only its run folder under --work and its archive under --out/cells (CellArchive).
targs=(--profile smoke --systems pendulum --rows hgn-leapfrog,pixelhnn)
"$hgnbench" table "${targs[@]}" --work "$work/table-one/work" --out "$work/table-one/out" \
    >/dev/null 2>"$work/logs/table-one.err" || fail "one-process hgnbench table: $(tail -n 3 "$work/logs/table-one.err")"
cells=$("$hgnbench" table "${targs[@]}" --list-cells | wc -l)
seeds=$("$hgnbench" table "${targs[@]}" --list-cells | awk '{print $4}' | sort -u | wc -l)
[ "$seeds" -ge 2 ] && [ "$cells" = $((2 * seeds)) ] || fail "hgnbench table --list-cells listed $cells cells, expected 2 rows x $seeds seeds"
tworkd=$work/table-array/work
tout=$work/table-array/out
job=$(sbatch --parsable --array=0-$((cells - 1)) --cpus-per-task=1 --output="$work/logs/table-%a.out" \
    scripts/slurm/hgnbench-table-array.sbatch "${targs[@]}" --work "$tworkd" --out "$tout")
cluster_wait "$job"
for task in $(seq 0 $((cells - 1))); do
    state=$(task_state "$job" "$task")
    [ "$state" = COMPLETED ] || fail "table task $task ended $state: $(tail -n 5 "$work/logs/table-$task.out")"
done
reported=$( (cd "$tout" 2>/dev/null && find . -type f) | grep -v -E '^\./cells/pendulum/((hgn-leapfrog|pixelhnn)/seed-[0-9]+/[a-z.]+|baselines\.json)$' || true)
[ -z "$reported" ] || fail "a cell wrote into the report folder $tout outside its archive: $reported"
[ "$(find "$tout/cells" -name result.json | wc -l)" = "$cells" ] || fail "not every cell archived its result.json in $tout/cells"
outside=$(cd "$tworkd" && find . -type f | grep -v -E '^\./(pendulum-smoke/|pendulum-smoke\.lock$|runs/smoke/pendulum/(hgn-leapfrog|pixelhnn)/seed-[0-9]+/)' || true)
[ -z "$outside" ] || fail "cells wrote outside their folders and the shared dataset: $outside"
final=$(sbatch --parsable --dependency=afterok:"$job" --cpus-per-task=1 --output="$work/logs/table-assemble.out" \
    scripts/slurm/hgnbench-table-array.sbatch "${targs[@]}" --work "$tworkd" --out "$tout" --assemble)
cluster_wait "$final"
[ "$(job_state "$final")" = COMPLETED ] \
    || fail "the assembly ended $(job_state "$final"): $(tail -n 5 "$work/logs/table-assemble.out")"
for file in table1.csv energy-drift.csv plots/pendulum-learning-curves.png plots/pendulum-mse-by-step.png \
    plots/pendulum-long-mse-by-step.png strips/pendulum-hgn-leapfrog.png strips/pendulum-pixelhnn.png; do
    cmp -s "$work/table-one/out/$file" "$tout/$file" || fail "$file of the array differs from one process's"
done
cp -R "$tout" "$work/table-assembled"
"$hgnbench" table "${targs[@]}" --work "$tworkd" --out "$tout" >/dev/null 2>"$work/logs/table-reassembled.err" \
    || fail "one process could not assemble the array's cells: $(tail -n 3 "$work/logs/table-reassembled.err")"
differences=$(diff -r -q "$work/table-assembled" "$tout" || true)
[ -z "$differences" ] || fail "one process's assembly differs from the array's: $differences"
echo "slurm test: table array of $cells cells + dependent assembly: table1.csv, plots and strips equal one process's; one process re-assembling the cells rewrites every file byte for byte"

echo "slurm test: passed in $(($(date +%s) - start)) s (cluster start to stop)"
