#!/usr/bin/env bash
# Build the double-clickable Linux app folder: dist/pursuit-journey/ (executable: pursuit-journey).
#
#   packaging/build-linux.sh
#
# Uses (or creates) the virtual environment .venv at the top of the repository, installs the app
# with its `build` extra (PyInstaller, Pillow), builds from packaging/pursuit-journey.spec, and
# checks the result with `--smoke-test` offscreen. Then packaging/install-linux.sh installs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/pip install -q -e ".[build]"
started=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" packaging/pursuit-journey.spec
echo "built dist/pursuit-journey in $(( $(date +%s) - started )) s, $(du -sh dist/pursuit-journey | cut -f1)"
QT_QPA_PLATFORM=offscreen dist/pursuit-journey/pursuit-journey --smoke-test
