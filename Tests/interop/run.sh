#!/usr/bin/env bash
# Interoperability test: generates a small dataset with the debug physgen and reads it back with Python's h5py alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "interop: not yet written (needs physgen generate)"
