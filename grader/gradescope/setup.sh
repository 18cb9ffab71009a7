#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu 22.04 or 24.04):
# bubblewrap for the sandbox, a Python >= 3.11, and exactly the locked dependencies (hashes checked).
# Nothing here comes from a submission, and nothing it installs is visible inside the sandbox.
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
VENV="${AUTOGRADER_ROOT:-/autograder}/venv"
TORCH_SPEC="${TORCH_SPEC:-torch==2.13.0}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq bubblewrap ca-certificates
PYTHON=""
for candidate in python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null; then PYTHON="$candidate"; break; fi
done
if [ -z "$PYTHON" ]; then  # Ubuntu 22.04 ships 3.10; its universe has 3.11
  apt-get install -y -qq python3.11 python3.11-venv
  PYTHON=python3.11
fi
apt-get install -y -qq "${PYTHON}-venv" >/dev/null 2>&1 || true
"$PYTHON" -m venv "$VENV"
PIP="$VENV/bin/python -m pip --disable-pip-version-check --quiet"
# torch's CPU wheel (the default PyPI wheel pulls gigabytes of CUDA); then every other pin by hash.
$PIP install --no-deps --index-url https://download.pytorch.org/whl/cpu "$TORCH_SPEC"
$PIP install --no-deps --require-hashes -r "$SOURCE/project/requirements/lock.txt"
$PIP install --no-deps --no-build-isolation "$SOURCE/project"
# The hidden tests and the reference: root only (the sandbox drops to nobody and mounts none of this).
chmod -R go-rwx "$SOURCE/project/solutions" "$SOURCE/settings.json"
command -v bwrap >/dev/null
echo "autograder ready: $($VENV/bin/python --version), $(bwrap --version)"
