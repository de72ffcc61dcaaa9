#!/usr/bin/env bash
# Regenerate the page pictures of the README and docs/theming.md from the example.
# Run after changing how pages look: `make pictures`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
briefing="$root/.venv/bin/briefing"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$briefing" --workspace "$root" build --out "$work/plain" >/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/plain/albania-mek-raid-2023.sq.pdf" "$root/docs/images/page-sq-1"
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/plain/albania-mek-raid-2023.en.pdf" "$root/docs/images/page-en-1"
pdftoppm -png -r 70 -f 2 -l 2 -singlefile "$work/plain/albania-mek-raid-2023.en.pdf" "$root/docs/images/page-en-2"
# The example's default build makes its English and Albanian bilingual edition too.
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/plain/albania-mek-raid-2023.en+sq.pdf" "$root/docs/images/page-bilingual-1"

# The web edition at a phone's width and a laptop's (Chromium, as the tests run it).
"$briefing" --workspace "$root" build --format html --out "$work/web" >/dev/null
"$root/.venv/bin/python" "$root/scripts/web-pictures.py" "$work/web" "$root/docs/images"

# The same example in the example theme: a workspace of its own, sharing the briefing and its catalogs.
mkdir -p "$work/themed"
cp -r "$root/briefings" "$root/locales" "$work/themed/"
cp -r "$root/docs/example-theme" "$work/themed/theme"
"$briefing" --workspace "$work/themed" build --lang en >/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/themed/output/albania-mek-raid-2023.en.pdf" "$root/docs/images/theme-example-1"
echo "pictures: docs/images/page-sq-1.png, page-en-1.png, page-en-2.png, page-bilingual-1.png, theme-example-1.png," \
  "web-sq-390.png, web-en-1280.png, web-en+sq-1280.png"
