#!/usr/bin/env bash
# Installs the independent tools that `make check` (pytest -m check, tests/check/) uses:
#   - Debian: chromium (the real browser), a Java runtime (for the Nu HTML Checker)
#   - npm:    vnu-jar (the Nu HTML Checker), exact version pinned in package.json + package-lock.json;
#             --ignore-scripts: its postinstall would download a Java build, the Debian one is used instead
#   - PyPI:   playwright (driver only: never `playwright install`), axe-playwright-python, linkchecker, feedparser
# Idempotent: runs `apt-get update` once, only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV_BIN=${VENV_BIN:-.venv/bin}
APT_PACKAGES=(chromium default-jre-headless fonts-dejavu-core fonts-noto-core)
PIP_PACKAGES=(playwright==1.65.2 axe-playwright-python==0.1.8 linkchecker==10.6.0 feedparser==6.0.14)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
# Java: any 17+ runtime already on PATH will do.
if command -v java >/dev/null 2>&1; then
    kept=()
    for pkg in "${missing[@]}"; do [[ $pkg == default-jre-headless ]] || kept+=("$pkg"); done
    missing=("${kept[@]+"${kept[@]}"}")
fi
if ((${#missing[@]})); then
    echo "install-check-tools: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]] || ! npm ls --silent >/dev/null 2>&1; then
    echo "install-check-tools: npm ci"
    if [[ -f package-lock.json ]]; then
        npm ci --ignore-scripts --no-audit --no-fund
    else
        npm install --ignore-scripts --no-audit --no-fund --save-exact
    fi
fi

if [[ ! -x $VENV_BIN/pip ]]; then
    echo "install-check-tools: $VENV_BIN/pip not found; run 'make build' first" >&2
    exit 1
fi
frozen=$("$VENV_BIN/pip" freeze --all 2>/dev/null | tr '[:upper:]_' '[:lower:]-')
need=()
for req in "${PIP_PACKAGES[@]}"; do
    norm=$(tr '[:upper:]_' '[:lower:]-' <<<"$req")
    grep -qxF "$norm" <<<"$frozen" || need+=("$req")
done
if ((${#need[@]})); then
    echo "install-check-tools: pip install ${need[*]}"
    "$VENV_BIN/pip" install --quiet "${PIP_PACKAGES[@]}"
fi
echo "install-check-tools: ok"
