#!/usr/bin/env bash
# Installs what HamiltonianSuite needs beyond the Swift toolchain, and only what is missing:
#   - Debian packages: libhdf5-dev, libopenblas-dev, zlib1g-dev, libdeflate-dev, pkg-config (through apt-get; sudo when not root)
#   - with --python: the Python packages the interoperability tests use (h5py, numpy), through pip
# Safe to run again: it checks first and does nothing when everything is there.
set -euo pipefail

want_python=0
for arg in "$@"; do
    case "$arg" in
        --python) want_python=1 ;;
        *) echo "install-deps: unknown option '$arg' (known: --python)" >&2; exit 2 ;;
    esac
done

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists hdf5 || missing+=(libhdf5-dev)
    pkg-config --exists openblas || missing+=(libopenblas-dev)
    pkg-config --exists zlib || missing+=(zlib1g-dev)
    pkg-config --exists libdeflate || missing+=(libdeflate-dev)
else
    missing+=(libhdf5-dev libopenblas-dev zlib1g-dev libdeflate-dev)
fi

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        sudo_cmd=()
    elif command -v sudo >/dev/null 2>&1; then
        echo "install-deps: not root, so using sudo to install: ${missing[*]}" >&2
        sudo_cmd=(sudo)
    else
        echo "install-deps: missing ${missing[*]}, and neither root nor sudo is available; install them and retry" >&2
        exit 1
    fi
    echo "install-deps: installing Debian packages: ${missing[*]}" >&2
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want_python" -eq 1 ]; then
    if ! python3 -c 'import h5py, numpy' >/dev/null 2>&1; then
        echo "install-deps: installing Python packages h5py and numpy with pip" >&2
        python3 -m pip install --quiet --disable-pip-version-check h5py numpy
    fi
fi
