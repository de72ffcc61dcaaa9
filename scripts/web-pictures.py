"""Screenshots of the web edition for the README: the example's pages at a phone's and a laptop's width.

Run by scripts/pictures.sh (`make pictures`) with the HTML `build --format html` wrote:
`web-pictures.py OUT_DIR IMAGES_DIR`. Debian's Chromium, through Playwright, as in the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser import chromium

SHOTS = [  # (edition, width, height)
    ("sq", 390, 844),
    ("en", 1280, 800),
    ("en+sq", 1280, 800),
]


def main(out: Path, images: Path) -> None:
    with chromium() as browser:
        for edition, width, height in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto((out / f"albania-mek-raid-2023.{edition}.html").as_uri())
            page.screenshot(path=str(images / f"web-{edition}-{width}.png"))
            page.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
