"""Fault tests of physgen and hgnbench, run by `make test` (Tests/faults/run.sh) on the debug binaries.

Each test proves one guarantee of README.md, "Failure behaviour":
  disk full     a full disk (a small tmpfs where one can be mounted, else a file-size limit, else an injected
                failure) gives a one-line error naming the file, a status below 128, no incomplete file under a
                final name; after space is freed the same command resumes and ends byte-identical
  sizes         absurd requests are refused at once, in constant memory, with the estimate in the message
  signals       SIGINT and SIGTERM stop generate, train and table within 2 s, leave only finished files, say how
                to resume, end as killed by the signal (130, 143); the rerun ends byte-identical
  concurrency   two generations into one folder share the shards (same spec) or the second refuses (other spec);
                a job array's shards run at once; a second training on one run folder is refused

Usage: python3 Tests/faults/faults.py [--only NAME]...   (PHYSGEN, HGNBENCH override the binaries)
"""
import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHYSGEN = os.environ.get("PHYSGEN", os.path.join(ROOT, ".build/debug/physgen"))
HGNBENCH = os.environ.get("HGNBENCH", os.path.join(ROOT, ".build/debug/hgnbench"))
SIGNAL_DEADLINE = 2.0  # seconds from the signal to the end of the process


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(arguments, timeout=300, env=None, limit_file_size=None):
    """Runs a command to its end; returns (status, stdout, stderr). A negative status is a signal."""
    def limit():
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))
    full_env = dict(os.environ, **(env or {}))
    process = subprocess.run(arguments, capture_output=True, text=True, timeout=timeout, env=full_env,
                             preexec_fn=limit)
    return process.returncode, process.stdout, process.stderr


def check_one_line_error(status, stderr, *fragments):
    """A failed command: status 1..127, its last stderr line is the error, one line naming every fragment."""
    check(0 < status < 128, f"expected an error status below 128, got {status}; stderr:\n{stderr}")
    lines = [line for line in stderr.splitlines() if line.strip()]
    check(lines, "no error message")
    message = lines[-1]
    check(message.startswith("Error: "), f"the last line is not the error: {message!r}")
    for fragment in fragments:
        check(fragment in message, f"the error does not say {fragment!r}: {message!r}")
    check("Fatal error" not in stderr and "Backtrac" not in stderr, f"a crash report:\n{stderr}")
    return message


def files(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def temporaries(folder):
    return [name for name in files(folder) if ".partial" in name or name.endswith(".lock")]


def check_subset_identical(folder, reference):
    """Every file in `folder` is complete: byte-identical to the reference's file of that name."""
    for name in files(folder):
        if ".partial" in name or name.endswith(".lock") or os.path.isdir(os.path.join(folder, name)):
            continue
        path = os.path.join(reference, name)
        check(os.path.exists(path), f"{name} exists in {folder} but not in the reference")
        with open(os.path.join(folder, name), "rb") as a, open(path, "rb") as b:
            check(a.read() == b.read(), f"{folder}/{name} differs from the uninterrupted run's (incomplete?)")


def check_identical(folder, reference, ignore=()):
    names = [n for n in files(folder) if n not in ignore]
    expected = [n for n in files(reference) if n not in ignore]
    check(names == expected, f"{folder} holds {names}, the uninterrupted run {expected}")
    check_subset_identical(folder, reference)


class SmallFileSystem:
    """A tmpfs of a given size (root only), or None where none can be mounted."""

    def __init__(self, path, size):
        self.path = path
        os.makedirs(path, exist_ok=True)
        status = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path],
                                capture_output=True).returncode if os.geteuid() == 0 else 1
        self.mounted = status == 0

    def resize(self, size):
        subprocess.run(["mount", "-o", f"remount,size={size}", self.path], check=True)

    def used(self):
        info = os.statvfs(self.path)
        return (info.f_blocks - info.f_bfree) * info.f_frsize

    def unmount(self):
        if self.mounted:
            subprocess.run(["umount", self.path], check=False)


@contextlib.contextmanager
def small_file_system(work, size):
    fs = SmallFileSystem(os.path.join(work, "small-fs"), size)
    try:
        yield fs if fs.mounted else None
    finally:
        fs.unmount()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise Failure(f"timed out waiting for {what}")


# ---------------------------------------------------------------------------------------------------------------
# Disk full

GENERATE_512 = ["generate", "--preset", "pendulum", "--trajectories", "512", "--quiet"]


def test_disk_full_generate(work):
    """The issue's case: 512 pendulum trajectories on a 600 kB file system."""
    reference = os.path.join(work, "reference-512")
    check(run([PHYSGEN] + GENERATE_512 + ["--out", reference])[0] == 0, "reference generation failed")
    with small_file_system(work, "600k") as fs:
        if fs is None:
            print("  (no tmpfs can be mounted here: the file-size-limit variant below stands in)")
            return test_file_size_limit_generate(work, reference)
        out = os.path.join(fs.path, "d")
        # Refused before any work: the estimate exceeds the free space.
        status, _, stderr = run([PHYSGEN] + GENERATE_512 + ["--out", out])
        check_one_line_error(status, stderr, "refusing to start", "needs about", "free", "--ignore-free-space")
        check(not os.path.exists(out), "a refused generation created its folder")
        # Forced past the check, it fills the disk: one line naming the shard and the cause, no crash.
        status, _, stderr = run([PHYSGEN] + GENERATE_512 + ["--out", out, "--ignore-free-space"])
        check_one_line_error(status, stderr, "No space left on device", out + "/train-00000-of-00001.h5")
        check(temporaries(out) == [], f"temporary files left: {temporaries(out)}")
        check_subset_identical(out, reference)
        fs.resize("8m")
        check(run([PHYSGEN] + GENERATE_512 + ["--out", out])[0] == 0, "the resumed generation failed")
        check_identical(out, reference)


def test_file_size_limit_generate(work, reference=None):
    """Without a small file system: a file-size limit (ulimit -f) makes the shard's writes fail (EFBIG)."""
    if reference is None:
        reference = os.path.join(work, "reference-512")
        check(run([PHYSGEN] + GENERATE_512 + ["--out", reference])[0] == 0, "reference generation failed")
    out = os.path.join(work, "limited")
    status, _, stderr = run([PHYSGEN] + GENERATE_512 + ["--out", out], limit_file_size=400_000)
    check_one_line_error(status, stderr, "File too large", "train-00000-of-00001.h5")
    check(temporaries(out) == [], f"temporary files left: {temporaries(out)}")
    check_subset_identical(out, reference)
    check(run([PHYSGEN] + GENERATE_512 + ["--out", out])[0] == 0, "the resumed generation failed")
    check_identical(out, reference)


def test_injected_write_failures(work):
    """spec.json and manifest.json (whole-file writes) failing: HAMILTONIANSUITE_FAIL_WRITES injects it."""
    arguments = ["generate", "--preset", "mass-spring", "--trajectories", "24", "--shards", "2", "--quiet"]
    reference = os.path.join(work, "reference-injected")
    check(run([PHYSGEN] + arguments + ["--out", reference])[0] == 0, "reference generation failed")
    for name in ["spec.json", "manifest.json", "#3"]:
        out = os.path.join(work, "injected-" + name.strip("#"))
        status, _, stderr = run([PHYSGEN] + arguments + ["--out", out],
                                env={"HAMILTONIANSUITE_FAIL_WRITES": name})
        check_one_line_error(status, stderr, "No space left on device", out)
        check(temporaries(out) == [], f"{name}: temporary files left: {temporaries(out)}")
        check("manifest.json" not in files(out), f"{name}: a manifest was written")
        check_subset_identical(out, reference)
        check(run([PHYSGEN] + arguments + ["--out", out])[0] == 0, f"{name}: the resumed generation failed")
        check_identical(out, reference)


TRAIN = ["train", "--profile", "smoke", "--model", "hgn"]


def train_dataset(work):
    """A smoke-profile pendulum dataset on the ordinary disk, shared by the training tests."""
    dataset = os.path.join(work, "train-data", "pendulum-smoke")
    if not os.path.exists(os.path.join(dataset, "manifest.json")):
        status, _, stderr = run([HGNBENCH] + TRAIN + ["--steps", "1", "--work", os.path.join(work, "train-data")])
        check(status == 0, f"could not prepare the training dataset: {stderr}")
    return dataset


def run_folder(work_folder):
    return os.path.join(work_folder, "runs", "smoke", "pendulum", "hgn-leapfrog", "seed-1")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def train_reference(work, steps):
    dataset = train_dataset(work)
    reference = os.path.join(work, f"train-reference-{steps}")
    if not os.path.exists(os.path.join(run_folder(reference), "checkpoint.h5")):
        status, _, stderr = run([HGNBENCH] + TRAIN + ["--steps", str(steps), "--dataset", dataset, "--work", reference])
        check(status == 0, f"reference training failed: {stderr}")
    return dataset, read(os.path.join(run_folder(reference), "checkpoint.h5"))


def check_checkpoint_write_failure(dataset, work_folder, reference, **limits):
    """Trains 10 steps, then 20 with the disk full: the step-20 checkpoint fails, the step-10 one stays."""
    status, _, stderr = run([HGNBENCH] + TRAIN + ["--steps", "10", "--dataset", dataset, "--work", work_folder])
    check(status == 0, f"the first 10 steps failed: {stderr}")
    folder = run_folder(work_folder)
    before = read(os.path.join(folder, "checkpoint.h5"))
    resize = limits.pop("resize", None)
    if resize:
        resize()
    status, _, stderr = run([HGNBENCH] + TRAIN + ["--steps", "20", "--dataset", dataset, "--work", work_folder],
                            **limits)
    message = check_one_line_error(status, stderr, "checkpoint", folder)
    check("No space left on device" in message or "File too large" in message, f"not the disk's cause: {message}")
    check(read(os.path.join(folder, "checkpoint.h5")) == before, "the previous checkpoint was not kept")
    check(temporaries(folder) == [], f"temporary files left: {temporaries(folder)}")
    return folder


def test_disk_full_train(work):
    """hgnbench train: a checkpoint that cannot be written keeps the previous one; the rerun resumes identically."""
    dataset, reference = train_reference(work, 20)
    # File-size limit (any user): the 150 kB checkpoint exceeds 100 kB.
    limited = os.path.join(work, "train-limited")
    folder = check_checkpoint_write_failure(dataset, limited, reference, limit_file_size=100_000)
    check(run([HGNBENCH] + TRAIN + ["--steps", "20", "--dataset", dataset, "--work", limited])[0] == 0, "resume failed")
    check(read(os.path.join(folder, "checkpoint.h5")) == reference, "the resumed checkpoint differs")
    # A real full disk, where a tmpfs can be mounted: 60 kB free when the step-20 checkpoint is due.
    with small_file_system(work, "4m") as fs:
        if fs is None:
            return
        work_folder = os.path.join(fs.path, "w")
        folder = check_checkpoint_write_failure(
            dataset, work_folder, reference, resize=lambda: fs.resize(str(fs.used() + 60_000)))
        fs.resize("16m")
        status, _, stderr = run([HGNBENCH] + TRAIN + ["--steps", "20", "--dataset", dataset, "--work", work_folder])
        check(status == 0, f"resume failed: {stderr}")
        check(read(os.path.join(folder, "checkpoint.h5")) == reference, "the resumed checkpoint differs")


def test_disk_full_table(work):
    """hgnbench table --assemble on a full disk: no report file incomplete; after space is freed, the same report.

    The report is assembled from the cell archive in `<out>/cells`, so each report folder starts as a copy of the
    archive the first run wrote; only the report's own files meet the full disk."""
    dataset_work = os.path.join(work, "table-work")
    table = ["table", "--profile", "smoke", "--systems", "pendulum", "--rows", "hgn-leapfrog", "--work", dataset_work]
    first = os.path.join(work, "table-first")
    status, _, stderr = run([HGNBENCH] + table + ["--out", first])
    check(status == 0, f"the table's cell failed: {stderr}")

    def archive_into(out):
        shutil.copytree(os.path.join(first, "cells"), os.path.join(out, "cells"))

    with small_file_system(work, "2m") as fs:
        if fs is None:
            print("  (no tmpfs can be mounted here: only the file-size-limit variant runs)")
            out = os.path.join(work, "table-limited")
            archive_into(out)
            status, _, stderr = run([HGNBENCH] + table + ["--assemble", "--out", out], limit_file_size=3000)
            check_one_line_error(status, stderr, "File too large")
            check(temporaries(out) == [] and all(temporaries(os.path.join(out, d)) == [] for d in files(out)
                                                 if os.path.isdir(os.path.join(out, d))), "temporary files left")
            return
        out = os.path.join(fs.path, "report")
        archive_into(out)
        status, _, stderr = run([HGNBENCH] + table + ["--assemble", "--out", out])
        check(status == 0, f"the reference report failed: {stderr}")
        reference = os.path.join(work, "table-reference")
        shutil.copytree(out, reference)
        shutil.rmtree(out)
        archive_into(out)
        fs.resize(str(fs.used() + 24_000))
        status, _, stderr = run([HGNBENCH] + table + ["--assemble", "--out", out])
        check_one_line_error(status, stderr, "No space left on device")
        for folder, _, names in os.walk(out):
            relative = os.path.relpath(folder, out)
            check(temporaries(folder) == [], f"temporary files left in {folder}: {temporaries(folder)}")
            check_subset_identical(folder, os.path.join(reference, relative))
        fs.resize("2m")
        check(run([HGNBENCH] + table + ["--assemble", "--out", out])[0] == 0, "the rerun failed")
        for folder, _, names in os.walk(reference):
            check_identical(os.path.join(out, os.path.relpath(folder, reference)), folder)


# ---------------------------------------------------------------------------------------------------------------
# Sizes


def test_absurd_sizes(work):
    out = os.path.join(work, "absurd")
    cases = [
        (["--trajectories", "999999999999"], "shards"),
        (["--trajectories", "999999999999", "--shards", "10"], "1.0 PB"),
        (["--trajectories", "999999999999", "--shards", "10", "--ignore-free-space"], "1.0 PB"),
        (["--trajectories", "100", "--steps", "100000000"], "HDF5 chunk"),
        (["--trajectories", "10", "--steps", "4000", "--resolution", "1024"], "HDF5 chunk"),
        (["--trajectories", "10", "--steps", "1300", "--resolution", "1024", "--jobs", "64"], "memory"),
    ]
    for arguments, fragment in cases:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.monotonic()
        status, _, stderr = run([PHYSGEN, "generate", "--preset", "pendulum", "--out", out] + arguments, timeout=30)
        seconds = time.monotonic() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB, the largest child so far
        check_one_line_error(status, stderr, "refusing to start", fragment)
        check(seconds < 5, f"{arguments}: refused only after {seconds:.1f} s")
        check(peak < max(before, 300_000), f"{arguments}: grew to {peak} kB")
        check(not os.path.exists(out), f"{arguments}: the refused generation created {out}")
    status, _, stderr = run([PHYSGEN, "generate", "--preset", "density-ring", "--samples", "999999999999", "--out", out])
    check_one_line_error(status, stderr, "refusing to start")


# ---------------------------------------------------------------------------------------------------------------
# Signals

LONG_GENERATE = ["generate", "--preset", "pendulum", "--trajectories", "4000", "--steps", "20", "--split", "train",
                 "--shards", "4", "--jobs", "2", "--quiet"]


def interrupt(arguments, when, sig, cwd=None):
    """Starts a command, sends `sig` once `when()` holds; returns (status, stderr, seconds from signal to end)."""
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    try:
        wait_for(lambda: when() or process.poll() is not None, 300, "the moment to interrupt")
        check(process.poll() is None, "the run ended before it could be interrupted")
        sent = time.monotonic()
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=30)
        return process.returncode, stderr, time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def check_stopped_by(status, stderr, seconds, sig):
    check(status == -sig, f"expected an end by signal {sig} (status {128 + sig} in a shell), got {status}: {stderr}")
    check(seconds < SIGNAL_DEADLINE, f"stopped {seconds:.2f} s after the signal")
    check("run the same command again" in stderr, f"no resume hint: {stderr}")
    check("Fatal error" not in stderr, stderr)


def test_signals_generate(work):
    reference = os.path.join(work, "signal-reference")
    check(run([PHYSGEN] + LONG_GENERATE + ["--out", reference])[0] == 0, "reference generation failed")
    for sig in [signal.SIGTERM, signal.SIGINT]:
        out = os.path.join(work, f"signal-{sig}")
        status, stderr, seconds = interrupt(
            [PHYSGEN] + LONG_GENERATE + ["--out", out], lambda: "train-00000-of-00004.h5" in files(out), sig)
        check_stopped_by(status, stderr, seconds, sig)
        check("manifest.json" not in files(out), "a manifest after the interruption")
        check(temporaries(out) == [], f"temporary files left: {temporaries(out)}")
        check_subset_identical(out, reference)
        check(run([PHYSGEN] + LONG_GENERATE + ["--out", out])[0] == 0, "the resumed generation failed")
        check_identical(out, reference)


def learning_curve(folder):
    with open(os.path.join(folder, "record.json")) as f:
        return [point["loss"] for point in json.load(f)["learning_curve"]]


def test_signals_train(work):
    steps = 60
    dataset, reference = train_reference(work, steps)
    reference_curve = learning_curve(run_folder(os.path.join(work, f"train-reference-{steps}")))
    work_folder = os.path.join(work, "train-signal")
    folder = run_folder(work_folder)
    status, stderr, seconds = interrupt(
        [HGNBENCH] + TRAIN + ["--steps", str(steps), "--dataset", dataset, "--work", work_folder],
        lambda: os.path.exists(os.path.join(folder, "checkpoint.h5")), signal.SIGTERM)
    check_stopped_by(status, stderr, seconds, signal.SIGTERM)
    check(temporaries(folder) == [], f"temporary files left: {temporaries(folder)}")
    check("result.json" not in files(folder), "a result after the interruption")
    status, _, stderr = run([HGNBENCH] + TRAIN + ["--steps", str(steps), "--dataset", dataset, "--work", work_folder])
    check(status == 0, f"the resumed training failed: {stderr}")
    check(read(os.path.join(folder, "checkpoint.h5")) == reference, "the resumed checkpoint differs")
    check(learning_curve(folder) == reference_curve, "the resumed learning curve differs")


def test_signals_table(work):
    """SIGINT while a table cell trains (its checkpoint names the dataset's folder, so the reference runs there too)."""
    work_folder = os.path.join(work, "table-signal")
    table = ["table", "--profile", "smoke", "--systems", "mass-spring", "--rows", "hgn-leapfrog", "--work",
             work_folder, "--out", os.path.join(work, "table-signal-out")]
    cell = os.path.join(work_folder, "runs", "smoke", "mass-spring", "hgn-leapfrog", "seed-1")
    check(run([HGNBENCH] + table)[0] == 0, "the reference table failed")
    reference = read(os.path.join(cell, "checkpoint.h5"))
    # Both the run folder and the archived cell go, or the rerun would find the cell finished.
    shutil.rmtree(os.path.join(work_folder, "runs"))
    shutil.rmtree(os.path.join(work, "table-signal-out"))
    status, stderr, seconds = interrupt(
        [HGNBENCH] + table, lambda: os.path.exists(os.path.join(cell, "checkpoint.h5")), signal.SIGINT)
    check_stopped_by(status, stderr, seconds, signal.SIGINT)
    check(temporaries(cell) == [], f"temporary files left: {temporaries(cell)}")
    check("result.json" not in files(cell), "a result after the interruption")
    check(run([HGNBENCH] + table)[0] == 0, "the resumed table failed")
    check(read(os.path.join(cell, "checkpoint.h5")) == reference, "the resumed cell's checkpoint differs")


# ---------------------------------------------------------------------------------------------------------------
# Concurrent runs

def start(arguments):
    return subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process, timeout=300):
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def test_concurrent_generate(work):
    arguments = ["generate", "--preset", "pendulum", "--trajectories", "1200", "--steps", "12", "--shards", "6",
                 "--jobs", "1", "--quiet", "--json"]
    reference = os.path.join(work, "concurrent-reference")
    check(run([PHYSGEN] + arguments + ["--out", reference])[0] == 0, "reference generation failed")
    # The same spec twice at once: they share the shards, one manifest, the reference's bytes.
    out = os.path.join(work, "concurrent-same")
    first, second = start([PHYSGEN] + arguments + ["--out", out]), start([PHYSGEN] + arguments + ["--out", out])
    results = [finish(first), finish(second)]
    for status, _, stderr in results:
        check(status == 0, f"a cooperating run failed: {stderr}")
    written = sum(json.loads(stdout)["shards_written"] for _, stdout, _ in results)
    plan = len([n for n in files(reference) if n.endswith(".h5")])
    check(written == plan, f"the two runs wrote {written} shards for a plan of {plan}: work was done twice")
    check_identical(out, reference)
    # Another spec at the same time into the same folder: exactly one dataset results, never a mix.
    out = os.path.join(work, "concurrent-other")
    other = [a if a != "1200" else "600" for a in arguments]
    first, second = start([PHYSGEN] + arguments + ["--out", out]), start([PHYSGEN] + other + ["--out", out])
    (status_a, _, stderr_a), (status_b, _, stderr_b) = finish(first), finish(second)
    check(sorted([status_a == 0, status_b == 0]) == [False, True], f"statuses {status_a}, {status_b}")
    loser = stderr_b if status_a == 0 else stderr_a
    check_one_line_error(status_b or status_a, loser, "already holds a dataset made from a different spec")
    winner = reference if status_a == 0 else None
    if winner:
        check_identical(out, winner)
    check(run([PHYSGEN, "validate", out, "--quiet", "--resimulate", "0"])[0] == 0, "the folder does not validate")
    # A job array: every shard of the plan at once, one process each.
    out = os.path.join(work, "concurrent-array")
    processes = [start([PHYSGEN] + arguments + ["--out", out, "--shard", str(i)]) for i in range(plan)]
    for process in processes:
        status, _, stderr = finish(process)
        check(status == 0, f"an array task failed: {stderr}")
    check_identical(out, reference)


def test_concurrent_train(work):
    dataset = train_dataset(work)
    work_folder = os.path.join(work, "train-concurrent")
    folder = run_folder(work_folder)
    arguments = [HGNBENCH] + TRAIN + ["--steps", "400", "--dataset", dataset, "--work", work_folder]
    first = start(arguments)
    try:
        wait_for(lambda: os.path.exists(os.path.join(folder, "checkpoint.h5")) or first.poll() is not None, 120,
                 "the first training's checkpoint")
        status, _, stderr = run(arguments, timeout=60)
        check_one_line_error(status, stderr, "in use by another training run", f"pid {first.pid}")
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
    check(temporaries(folder) == [], f"files left after the first run: {temporaries(folder)}")


TESTS = [
    test_absurd_sizes, test_disk_full_generate, test_file_size_limit_generate, test_injected_write_failures,
    test_disk_full_train, test_disk_full_table, test_signals_generate, test_signals_train, test_signals_table,
    test_concurrent_generate, test_concurrent_train,
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", help="run only the tests whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="faults-")
    failures = 0
    try:
        for test in TESTS:
            if options.only and not any(part in test.__name__ for part in options.only):
                continue
            start_time = time.monotonic()
            try:
                test(work)
                print(f"faults: ok   {test.__name__} ({time.monotonic() - start_time:.1f} s)", flush=True)
            except (Failure, subprocess.TimeoutExpired) as error:
                failures += 1
                print(f"faults: FAIL {test.__name__}: {error}", flush=True)
    finally:
        if options.keep:
            print(f"faults: work folder kept: {work}")
        else:
            for folder, _, _ in os.walk(work):
                if os.path.ismount(folder):
                    subprocess.run(["umount", folder], check=False)
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"faults: {failures} test(s) failed")
        sys.exit(1)
    print("faults: every guarantee holds")


if __name__ == "__main__":
    main()
