#!/usr/bin/env bash
# Interoperability and robustness checks of physgen's output, run by `make test` after the Swift tests:
#   1. a small dataset of every preset is read back with Python's h5py alone (shapes, dtypes, attributes, filters,
#      checksums, physics), plus the PyTorch-style Dataset snippet of datasets.md (numpy only);
#   2. a generation killed with SIGKILL half-way leaves no complete-looking shard, and a rerun ends byte-identical to
#      an uninterrupted run.
# Uses the debug physgen that `swift build --build-tests` leaves in .build/debug.
set -euo pipefail
cd "$(dirname "$0")/../.."
physgen=${PHYSGEN:-.build/debug/physgen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for preset in pendulum mass-spring two-body three-body; do
    "$physgen" generate --preset "$preset" --trajectories 40 --shards 2 --out "$work/$preset" --quiet
    python3 Tests/interop/check_shards.py "$work/$preset"
done

echo "interop: kill -9 half-way, then resume"
"$physgen" generate --preset pendulum --trajectories 4000 --steps 20 --split train --shards 4 --jobs 2 \
    --out "$work/reference" --quiet
"$physgen" generate --preset pendulum --trajectories 4000 --steps 20 --split train --shards 4 --jobs 2 \
    --out "$work/killed" --quiet &
pid=$!
# Kill it once the first shard is complete and the second is being written.
for _ in $(seq 1 600); do
    if [ -e "$work/killed/train-00000-of-00004.h5" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ -e "$work/killed/manifest.json" ]; then
    echo "interop: the run finished before it could be killed; the resume check is not meaningful" >&2
    exit 1
fi
partial=$(ls "$work/killed" | grep -c '\.partial' || true)
complete=$(ls "$work/killed" | grep -c '\.h5$' || true)
echo "interop: after the kill: $complete complete shard(s), $partial partial file(s), no manifest"
"$physgen" generate --preset pendulum --trajectories 4000 --steps 20 --split train --shards 4 --jobs 1 \
    --out "$work/killed" --quiet
for file in $(ls "$work/reference"); do
    cmp "$work/reference/$file" "$work/killed/$file"
done
if ls "$work/killed" | grep -qE '\.partial|\.lock$'; then
    echo "interop: a temporary or lock file survived the resumed run" >&2
    exit 1
fi
"$physgen" validate "$work/killed" --quiet
echo "interop: resumed run is byte-identical to the uninterrupted one"
