#!/usr/bin/env bash
# The tool as users get it: build the wheel, install it into a clean virtual
# environment, start a workspace with `briefing init` in a temporary folder
# far from this repository, build both editions there, and read the Albanian
# PDF back (tagged, and rebuilt from the briefing it carries). Run by
# `make test` (and so by CI).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The wheel, and what it declares, nothing else. uv (the project venv's, from `make venv`) builds
# and installs as pip does, from the same index, compiling the bytecode as pip would, in about
# 4 s where pip takes about 17; pip when there is no uv.
uv="$root/.venv/bin/uv"
if [[ -x "$uv" ]]; then
  "$python" -m venv --without-pip "$work/venv"
  "$uv" build --quiet --wheel --out-dir "$work/dist" "$root"
  "$uv" pip install --quiet --compile-bytecode --python "$work/venv/bin/python" "$work"/dist/briefing-*.whl
else
  "$python" -m venv "$work/venv"
  "$work/venv/bin/pip" wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$work/dist" "$root"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check "$work"/dist/briefing-*.whl
fi

cd "$work"
export PATH="$work/venv/bin:$PATH"
unset PYTHONPATH BRIEFING_WORKSPACE
briefing init my-briefings
cd my-briefings
briefing build

text="$(pdftotext -enc UTF-8 output/example.sq.pdf - | tr -s '[:space:]' ' ')"
for expected in "Policia shqiptare kontrollon kampin e MEK-ut pranë Tiranës" "Faktet kryesore" "Gjendja më 21 qershor 2023" "rreth 1 000"; do
  if [[ "$text" != *"$expected"* ]]; then
    echo "check-installed-tool: the Albanian edition lacks '$expected'" >&2
    exit 1
  fi
done
if [[ "$text" == *"pa përkthim"* ]]; then
  echo "check-installed-tool: the Albanian edition has untranslated texts" >&2
  exit 1
fi
if ! pdfinfo output/example.sq.pdf | grep -q '^Tagged: *yes$'; then
  echo "check-installed-tool: the Albanian edition is not tagged" >&2
  exit 1
fi
# The PDF carries its source: unpacked and built again, it is the same file.
briefing unpack output/example.sq.pdf --out "$work/unpacked"
briefing build "$work/unpacked/example.sq.yaml" --out "$work/rebuilt"
if ! cmp -s output/example.sq.pdf "$work/rebuilt/example.sq.pdf"; then
  echo "check-installed-tool: the unpacked briefing does not rebuild the same PDF" >&2
  exit 1
fi
# The web edition as installed: its templates and stylesheet come from the wheel.
briefing build --format html --lang sq
if ! grep -q 'Kalo te përmbledhja informative' output/example.sq.html; then
  echo "check-installed-tool: the Albanian web page lacks its skip link" >&2
  exit 1
fi
# The preview as installed: its page, script and the Albanian edition come from the wheel.
python - <<'PREVIEW'
import signal, subprocess, urllib.parse, urllib.request
server = subprocess.Popen(["briefing", "preview"], stdout=subprocess.PIPE, text=True)
try:
    # The printed address carries the run's token (http://127.0.0.1:PORT/?token=...):
    # every request below shows it, as the page's own requests show its cookie.
    printed = next(line.split(" at ", 1)[1].split()[0] for line in server.stdout if " at http://" in line)
    address = urllib.parse.urlsplit(printed)
    base = f"{address.scheme}://{address.netloc}/"
    for path, expected in (("", "/assets/preview.js"), ("assets/preview.js", "EventSource"), ("edition/sq", "Kalo te përmbledhja informative")):
        if expected not in urllib.request.urlopen(f"{base}{path}?{address.query}", timeout=30).read().decode():
            raise SystemExit(f"check-installed-tool: the preview's /{path} lacks {expected!r}")
finally:
    server.send_signal(signal.SIGINT)
    if server.wait(30) != 0:
        raise SystemExit("check-installed-tool: the preview did not stop cleanly on Ctrl-C")
PREVIEW
echo "check-installed-tool: the wheel installs; 'briefing init', 'build', 'unpack' and 'preview' work outside the repository"
