#!/usr/bin/env bash
# The fault tests of README.md, "Failure behaviour", run by `make test` after the Swift tests on the debug binaries
# that `swift build --build-tests` leaves in .build/debug:
#   faults.py  disk full (a 600 kB tmpfs where one can be mounted, a file-size limit, injected write failures),
#              absurd sizes, SIGINT/SIGTERM during generate, train and table, concurrent runs on one folder;
#   fuzz.py    corrupted variants of a dataset and of a training run through every reader (seeded; FUZZ_SEED,
#              FUZZ_COUNT and FUZZ_SECONDS change the seed, the number of variants and the time allowed).
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 Tests/faults/faults.py
python3 Tests/faults/fuzz.py --seed "${FUZZ_SEED:-16}" --count "${FUZZ_COUNT:-300}" --time-limit "${FUZZ_SECONDS:-75}"
