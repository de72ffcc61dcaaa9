"""Where the project's templates, styles and locale catalogs live.

They sit at the top of the project (not inside the package) so that designers
and translators find them without knowing Python; the package is installed in
editable mode by `make demo`, so the project root is the package's parent.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STYLES_DIR = PROJECT_ROOT / "styles"
LOCALES_DIR = PROJECT_ROOT / "locales"
BRIEFINGS_DIR = Path("briefings")
OUTPUT_DIR = Path("output")
