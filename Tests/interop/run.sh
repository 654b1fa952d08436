#!/usr/bin/env bash
# Interoperability and robustness checks of physgen's output, run by `make test` after the Swift tests:
#   1. a small dataset of every video preset `physgen presets` lists (each system's standard and -noisy one) is read back with h5py and numpy alone (layout, dtypes, attributes,
#      filters, checksums, physics, the normalisation statistics recomputed exactly), then with Hugging Face's own
#      libraries (the card's metadata with PyYAML and huggingface_hub, datasets.load_dataset(folder) against h5py,
#      and the card's snippets, PyTorch's with 2 DataLoader workers where torch is installed); a density dataset too;
#   2. every Python snippet of datasets.md and README.md runs on these datasets;
#   3. a generation killed with SIGKILL half-way leaves no complete-looking shard, and a rerun ends byte-identical to
#      an uninterrupted run (card and manifest included).
# Hugging Face `datasets` is installed with pip into a virtual environment under .build (which sees the system's
# h5py, numpy and, where installed, torch); torch itself is not installed here (it is large): without it the PyTorch
# snippets are skipped with a message. Uses the debug physgen that `swift build --build-tests` leaves in .build/debug.
set -euo pipefail
cd "$(dirname "$0")/../.."
physgen=${PHYSGEN:-.build/debug/physgen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS

venv=.build/interop-python
python=$venv/bin/python
datasets_requirement="datasets>=5.2,<6"
if ! "$python" -c 'import datasets, huggingface_hub, yaml, h5py, numpy' >/dev/null 2>&1; then
    echo "interop: installing $datasets_requirement with pip into $venv (once)"
    python3 -m venv --system-site-packages --upgrade-deps "$venv"
    "$python" -m pip install --quiet --disable-pip-version-check "$datasets_requirement"
fi
export HF_DATASETS_CACHE="$work/hf-cache" HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1 HF_DATASETS_DISABLE_PROGRESS_BARS=1
echo "interop: Python environment ready after $((SECONDS - start)) s"

# Every video preset `physgen presets` lists (each registered system's standard and -noisy one), so a new system is
# checked with no edit here.
video_presets=$("$physgen" presets | awk '/^density datasets/ { exit } /^[a-z]/ { print $1 }')
for preset in $video_presets; do
    "$physgen" generate --preset "$preset" --trajectories 40 --shards 2 --out "$work/$preset" --quiet
    python3 Tests/interop/check_shards.py "$work/$preset"
done
"$physgen" generate --preset density-ring --samples 300 --shards 2 --out "$work/density-ring" --quiet
# Density preset version 2: a valid split between train and test (λ of `hgnbench flows` is chosen on it).
python3 -c 'import json, sys; s = [x["name"] for x in json.load(open(sys.argv[1]))["splits"]]; \
sys.exit(0 if s == ["train", "valid", "test"] else f"interop: density-ring splits {s}, expected train, valid, test")' \
    "$work/density-ring/manifest.json"
# shellcheck disable=SC2086  # one folder per preset
"$python" Tests/interop/check_huggingface.py $(printf "$work/%s " $video_presets) "$work/density-ring"
"$python" Tests/interop/run_doc_snippets.py pendulum="$work/pendulum" density-ring="$work/density-ring"
echo "interop: reading checks done after $((SECONDS - start)) s"

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
if [ -e "$work/killed/manifest.json" ] || [ -e "$work/killed/README.md" ]; then
    echo "interop: the run finished before it could be killed; the resume check is not meaningful" >&2
    exit 1
fi
partial=$(ls "$work/killed" | grep -c '\.partial' || true)
complete=$(ls "$work/killed" | grep -c '\.h5$' || true)
echo "interop: after the kill: $complete complete shard(s), $partial partial file(s), no manifest, no card"
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
echo "interop: resumed run is byte-identical to the uninterrupted one (shards, manifest, card)"
echo "interop: all checks passed in $((SECONDS - start)) s"
