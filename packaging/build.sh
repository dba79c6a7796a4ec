#!/usr/bin/env bash
# Build the installable one-folder app with PyInstaller: dist/claimdesk/claimdesk
# The frozen app still needs the Debian libraries Qt uses (see packaging/bootstrap.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/bootstrap.sh
.venv/bin/python -m pip install -q "pyinstaller>=6"
.venv/bin/pyinstaller --noconfirm --clean packaging/claimdesk.spec
echo "Built dist/claimdesk/claimdesk"
