"""A seeded fuzzer over every reader of physgen and hgnbench, run by `make test` (Tests/faults/run.sh).

From a valid dataset folder and a valid training run folder it writes corrupted variants (truncations at random
offsets, random bit flips, zeroed and random blocks, inserted bytes, empty files, swapped shards; JSON files with
values of the wrong type, missing and unknown keys, huge, negative and non-finite numbers, deep nesting, broken
syntax) and runs on each the readers that open the corrupted file:

  physgen inspect, validate, preview and generate (resume)   dataset variants (shards, manifest.json, spec.json)
  physgen generate --spec                                    spec variants
  hgnbench train (resume)                                    run-folder variants (checkpoint.h5, log.json, result.json)
  Python: json and h5py, as datasets.md reads them          every variant

Every run must end with a correct result or a one-line error (`Error: ...` as the last line of stderr, status
1..127; `validate` may instead report failed checks): never a signal (a crash or a Swift runtime trap), never a hang
past the timeout. Variant i depends on the seed and i alone, so a failure reproduces:
  python3 Tests/faults/fuzz.py --seed S --only I

Usage: python3 Tests/faults/fuzz.py [--seed S] [--count N] [--time-limit SECONDS] [--jobs J] [--only I]...
"""
import argparse
import concurrent.futures
import json
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHYSGEN = os.environ.get("PHYSGEN", os.path.join(ROOT, ".build/debug/physgen"))
HGNBENCH = os.environ.get("HGNBENCH", os.path.join(ROOT, ".build/debug/hgnbench"))
READER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "read_with_python.py")
TIMEOUT = 60  # seconds per command (debug builds on a loaded machine)

GENERATE = ["generate", "--preset", "pendulum", "--trajectories", "8", "--steps", "6", "--resolution", "16",
            "--shards", "2", "--quiet"]
TRAIN = ["train", "--profile", "smoke", "--evaluate", "test"]  # test: writes result.json, which a resume reads


# ---------------------------------------------------------------------------------------------------------------
# Corruptions: each takes the file's bytes and a seeded generator, returns the new bytes and a description.

def truncate(data, rng):
    offset = rng.randrange(len(data)) if data else 0
    return data[:offset], f"truncated at byte {offset} of {len(data)}"


def flip_bits(data, rng, region=None):
    if not data:
        return data, "nothing to flip"
    data = bytearray(data)
    end = min(len(data), region or len(data))
    offsets = sorted(rng.randrange(end) for _ in range(rng.randint(1, 8)))
    for offset in offsets:
        data[offset] ^= 1 << rng.randrange(8)
    where = f" in the first {region} bytes" if region else ""
    return bytes(data), f"bits flipped at {offsets}{where}"


def flip_header_bits(data, rng):
    return flip_bits(data, rng, region=4096)


def zero_block(data, rng):
    if not data:
        return data, "nothing to zero"
    size = rng.choice([8, 64, 512, 4096])
    offset = rng.randrange(len(data))
    return data[:offset] + bytes(min(size, len(data) - offset)) + data[offset + size:], f"{size} bytes zeroed at {offset}"


def random_block(data, rng):
    if not data:
        return data, "nothing to overwrite"
    size = rng.choice([4, 32, 256])
    offset = rng.randrange(len(data))
    block = bytes(rng.randrange(256) for _ in range(size))
    return data[:offset] + block[:len(data) - offset] + data[offset + size:], f"{size} random bytes at {offset}"


def insert_bytes(data, rng):
    offset = rng.randrange(len(data) + 1)
    block = bytes(rng.randrange(256) for _ in range(rng.choice([1, 7, 100])))
    return data[:offset] + block + data[offset:], f"{len(block)} bytes inserted at {offset}"


def empty(data, rng):
    return b"", "emptied"


BINARY = [truncate, flip_bits, flip_header_bits, zero_block, random_block, insert_bytes, empty]


def json_paths(value, path=()):
    """Every (path, value) of a JSON document."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from json_paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from json_paths(child, path + (index,))


def replace_at(document, path, new):
    if not path:
        return new
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    return document


def json_edit(edit):
    """Wraps an edit of a parsed JSON document as a byte corruption (the document is written back as JSON)."""
    def corruption(data, rng):
        try:
            document = json.loads(data)
        except ValueError:
            return flip_bits(data, rng)
        document, description = edit(document, rng)
        return json.dumps(document, indent=1, allow_nan=True).encode(), description
    corruption.__name__ = edit.__name__
    return corruption


def pick(document, rng, leaves_only=False, containers_only=False):
    paths = [p for p, v in json_paths(document) if p]
    if leaves_only:
        paths = [p for p in paths if not isinstance(value_at(document, p), (dict, list))] or paths
    if containers_only:
        paths = [p for p in paths if isinstance(value_at(document, p), (dict, list))] or paths
    return rng.choice(paths) if paths else ()


def value_at(document, path):
    for key in path:
        document = document[key]
    return document


@json_edit
def wrong_type(document, rng):
    path = pick(document, rng)
    new = rng.choice(["text", 3, 2.5, True, None, [], {}, [1, "a"], {"k": 1}])
    return replace_at(document, path, new), f"{'.'.join(map(str, path))} replaced by {json.dumps(new)}"


@json_edit
def missing_key(document, rng):
    paths = [p for p, _ in json_paths(document) if p and isinstance(p[-1], str)]
    if not paths:
        return document, "no key to remove"
    path = rng.choice(paths)
    del value_at(document, path[:-1])[path[-1]]
    return document, f"key {'.'.join(map(str, path))} removed"


@json_edit
def unknown_key(document, rng):
    containers = [p for p, v in json_paths(document) if isinstance(v, dict)]
    path = rng.choice(containers) if containers else ()
    value_at(document, path)["unexpected_key"] = 1
    return document, f"unknown key added at {'.'.join(map(str, path)) or 'the top'}"


@json_edit
def extreme_number(document, rng):
    path = pick(document, rng, leaves_only=True)
    new = rng.choice([10 ** 30, 2 ** 63 - 1, 2 ** 63, -(2 ** 63) - 1, 1e308, -1, 0, -1e308, 1e-320,
                      float("nan"), float("inf"), float("-inf")])
    return replace_at(document, path, new), f"{'.'.join(map(str, path))} replaced by {new!r}"


@json_edit
def negative_size(document, rng):
    paths = [p for p, v in json_paths(document) if p and isinstance(v, int) and not isinstance(v, bool)]
    if not paths:
        return document, "no integer"
    path = rng.choice(paths)
    new = -abs(value_at(document, path)) - rng.choice([1, 1000])
    return replace_at(document, path, new), f"{'.'.join(map(str, path))} replaced by {new}"


def deep_nesting(data, rng):
    depth = rng.choice([100, 1000, 100_000])
    opening, closing = rng.choice([("[", "]"), ('{"a":', "}")])
    try:
        document = json.loads(data)
        path = pick(document, rng)
        marker = "\u0000NEST\u0000"
        text = json.dumps(replace_at(document, path, marker), indent=1)
        text = text.replace(json.dumps(marker), opening * depth + "1" + closing * depth)
        return text.encode(), f"{'.'.join(map(str, path))} nested {depth} deep"
    except ValueError:
        return (opening * depth + "1" + closing * depth).encode(), f"replaced by a document {depth} deep"


def broken_syntax(data, rng):
    text = data
    offset = rng.randrange(len(text) + 1)
    token = rng.choice([b"", b"{", b"]", b",", b'"', b"\xff\xfe", b"NaN", b"Infinity", b"\x00"])
    return text[:offset] + token + text[offset + rng.choice([0, 1, 5]):], f"syntax broken at {offset} with {token!r}"


JSON = [wrong_type, missing_key, unknown_key, extreme_number, negative_size, deep_nesting, broken_syntax, truncate,
        flip_bits, empty]


# ---------------------------------------------------------------------------------------------------------------
# Variants and the readers run on them

def dataset_commands(folder, scratch):
    return [
        ("inspect", [PHYSGEN, "inspect", folder]),
        ("validate", [PHYSGEN, "validate", folder, "--quiet", "--resimulate", "1"]),
        ("preview", [PHYSGEN, "preview", folder, "--out", os.path.join(scratch, "preview.png")]),
        ("generate (resume)", [PHYSGEN] + GENERATE + ["--out", folder]),
    ]


def corrupt(source, destination, rng):
    """Writes a corruption of `source` (binary for .h5 files, JSON otherwise) to `destination`; describes it."""
    corruption = rng.choice(BINARY if source.endswith(".h5") else JSON)
    with open(source, "rb") as f:
        new, detail = corruption(f.read(), rng)
    with open(destination, "wb") as f:
        f.write(new)
    return f"{corruption.__name__}: {detail}"


def make_variant(index, seed, base, work):
    """Writes variant `index` into its own folder; returns (description, commands, python reader arguments)."""
    rng = random.Random(f"{seed}:{index}")
    dataset, run_folder, run_work = base["dataset"], base["run"], base["run_work"]
    folder = os.path.join(work, f"variant-{index}")
    scratch = os.path.join(folder, "scratch")
    kind = rng.choices(["shard", "manifest", "spec", "spec file", "swap", "checkpoint", "run json"],
                       weights=[34, 16, 8, 8, 4, 22, 8])[0]
    if kind in ("shard", "manifest", "spec", "swap"):
        target = os.path.join(folder, "data")
        shutil.copytree(dataset, target)
        os.makedirs(scratch)
        shards = sorted(name for name in os.listdir(target) if name.endswith(".h5"))
        if kind == "swap":
            a, b = rng.sample(shards, 2)
            os.rename(os.path.join(target, a), os.path.join(target, "swap"))
            os.rename(os.path.join(target, b), os.path.join(target, a))
            os.rename(os.path.join(target, "swap"), os.path.join(target, b))
            description = f"shards {a} and {b} swapped"
        else:
            name = {"manifest": "manifest.json", "spec": "spec.json"}.get(kind) or rng.choice(shards)
            path = os.path.join(target, name)
            description = f"{name}: {corrupt(path, path, rng)}"
        commands = dataset_commands(target, scratch)
        if kind == "shard":
            commands.insert(0, ("inspect shard", [PHYSGEN, "inspect", path]))
        return description, commands, ["dataset", target]
    if kind == "spec file":
        os.makedirs(scratch)
        path = os.path.join(folder, "spec.json")
        description = corrupt(os.path.join(dataset, "spec.json"), path, rng)
        out = os.path.join(scratch, "out")
        return (f"--spec file: {description}",
                [("generate --spec", [PHYSGEN, "generate", "--spec", path, "--out", out, "--quiet", "--jobs", "1"])],
                ["json", path])
    # A run folder: the checkpoint or a JSON file of the trainer.
    target_work = os.path.join(folder, "work")
    shutil.copytree(run_work, target_work, symlinks=True)
    target_run = os.path.join(target_work, os.path.relpath(run_folder, run_work))
    name = "checkpoint.h5" if kind == "checkpoint" else rng.choice(["log.json", "result.json", "record.json"])
    path = os.path.join(target_run, name)
    description = corrupt(path, path, rng)
    commands = [("hgnbench train (resume)",
                 [HGNBENCH] + TRAIN + ["--steps", "4", "--work", target_work, "--dataset", base["run_dataset"]])]
    if name.endswith(".h5"):
        commands.append(("inspect", [PHYSGEN, "inspect", path]))
    return f"run {name}: {description}", commands, ["checkpoint" if name.endswith(".h5") else "json", path]


def verdict(name, status, stdout, stderr):
    """None when the run ended acceptably, else what went wrong."""
    if status < 0:
        return f"killed by signal {-status}"
    if "Fatal error" in stderr or "Swift runtime failure" in stderr or "Backtrac" in stderr:
        return "a Swift runtime trap"
    if status == 0:
        return None
    if name == "validate" and status == 1 and stdout.strip().splitlines()[-1:] and \
            stdout.strip().splitlines()[-1].startswith("invalid:"):
        return None
    lines = [line for line in stderr.splitlines() if line.strip()]
    if status >= 128:
        return f"status {status}"
    if not lines or not lines[-1].startswith("Error: "):
        return f"status {status} without a one-line error: {lines[-3:]}"
    return None


def run_command(arguments):
    """Runs a command with the timeout; returns (status, stdout, stderr), status None on a timeout."""
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               errors="replace", start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
        return process.returncode, stdout, stderr
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        return None, "", ""


def check_variant(index, seed, base, work):
    """Runs every reader on variant `index`; returns (description, [problems], runs)."""
    description, commands, reader = make_variant(index, seed, base, work)
    problems = []
    for name, arguments in commands:
        status, stdout, stderr = run_command(arguments)
        problem = f"hung past {TIMEOUT} s" if status is None else verdict(name, status, stdout, stderr)
        if problem:
            problems.append(f"{name}: {problem}")
    problem = python_reader().read(*reader)
    if problem:
        problems.append(f"python ({reader[0]}): {problem}")
    shutil.rmtree(os.path.join(work, f"variant-{index}"), ignore_errors=True)
    return description, problems, len(commands) + 1


class PythonReader:
    """A Python process reading variants with json and h5py (read_with_python.py --serve), restarted after a crash."""

    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen([sys.executable, READER, "--serve"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def read(self, kind, path):
        """None when the reader answered (a result or a Python exception), else what went wrong."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        self.process.stdin.write(json.dumps({"kind": kind, "path": path}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], TIMEOUT)
        if not ready:
            self.process.kill()
            self.process.wait()
            return f"hung past {TIMEOUT} s"
        if not self.process.stdout.readline():
            status = self.process.wait()
            return f"the interpreter died (status {status})"
        return None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()


_readers = threading.local()
_all_readers = []


def python_reader():
    if not hasattr(_readers, "reader"):
        _readers.reader = PythonReader()
        _all_readers.append(_readers.reader)
    return _readers.reader


def prepare(work):
    """The valid dataset and training run the variants are made from."""
    dataset = os.path.join(work, "base", "dataset")
    subprocess.run([PHYSGEN] + GENERATE + ["--out", dataset], check=True)
    run_work = os.path.join(work, "base", "run-work")
    run_dataset = os.path.join(work, "base", "run-dataset")
    subprocess.run([HGNBENCH] + TRAIN + ["--steps", "2", "--work", run_dataset], check=True, capture_output=True)
    run_dataset = os.path.join(run_dataset, "pendulum-smoke")
    subprocess.run([HGNBENCH] + TRAIN + ["--steps", "2", "--work", run_work, "--dataset", run_dataset], check=True,
                   capture_output=True)
    run = os.path.join(run_work, "runs", "smoke", "pendulum", "hgn-leapfrog", "seed-1")
    return {"dataset": dataset, "run": run, "run_work": run_work, "run_dataset": run_dataset}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "16")))
    parser.add_argument("--count", type=int, default=int(os.environ.get("FUZZ_COUNT", "300")))
    parser.add_argument("--time-limit", type=float, default=float(os.environ.get("FUZZ_SECONDS", "240")),
                        help="stop starting variants after this many seconds (the count reached is printed)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", type=int, action="append", help="run only variant I (repeatable)")
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="fuzz-")
    start = time.monotonic()
    try:
        base = prepare(work)
        indices = options.only or list(range(options.count))
        failures, runs, done = [], 0, 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
            pending = {}
            queue = list(indices)
            while queue or pending:
                while queue and len(pending) < 2 * options.jobs and time.monotonic() - start < options.time_limit:
                    index = queue.pop(0)
                    pending[pool.submit(check_variant, index, options.seed, base, work)] = index
                if not pending:
                    break
                finished, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in finished:
                    index = pending.pop(future)
                    description, problems, count = future.result()
                    runs += count
                    done += 1
                    for problem in problems:
                        failures.append(f"variant {index} ({description}): {problem}")
        seconds = time.monotonic() - start
        print(f"fuzz: seed {options.seed}: {done} of {len(indices)} variants, {runs} runs, "
              f"{len(failures)} failure(s) in {seconds:.0f} s")
        for failure in failures:
            print(f"fuzz: FAIL {failure}")
        if failures:
            print(f"fuzz: reproduce one with: python3 Tests/faults/fuzz.py --seed {options.seed} --only I")
            sys.exit(1)
    finally:
        for reader in _all_readers:
            reader.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
