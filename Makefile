# Two commands set everything up on a fresh Debian 12/13 machine (as root):
#   make demo   system packages, .venv, the example briefing built into output/
#   make test   the same set-up, then ruff, mypy, the test suite, and the wheel in a clean venv
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Pango and HarfBuzz for WeasyPrint's text layout; libharfbuzz-subset0 for fast
# font subsetting (without it WeasyPrint falls back to fontTools, ~10x slower);
# Noto for Albanian and more; poppler-utils, qpdf and gettext to check what we make;
# Chromium and its driver for the preview's tests in a real browser (Playwright drives
# Debian's browser: nothing is downloaded at run time); LibreOffice Writer (no GUI) to
# check that the Word edition opens and converts as it should. Node.js for
# axe-core (npm), which the web edition's tests run in Chromium.
SYSTEM_PACKAGES := 'libpango-1.0-0|libpango-1.0-0t64' 'libpangoft2-1.0-0|libpangoft2-1.0-0t64' \
	'libharfbuzz-subset0|libharfbuzz-subset0t64' fonts-noto-core fontconfig poppler-utils qpdf gettext \
	chromium chromium-driver 'libreoffice-writer-nogui|libreoffice-writer' nodejs

.PHONY: demo test coverage lint system-packages venv clean messages bench bench-pdf check-install pictures

demo: system-packages venv
	$(BIN)/briefing build

# The package's bytecode first, as pip writes it for an installed tool: the tests start
# several hundred `briefing` processes, and with PYTHONDONTWRITEBYTECODE set each would
# compile every module again (about 60 ms a process).
test: system-packages venv lint node_modules/.installed
	$(BIN)/python -m compileall -q briefing
	$(BIN)/python -m pytest -n auto
	PYTHON=$(PYTHON) bash scripts/check-installed-tool.sh

# Coverage is a figure to read, not a gate; it counts the `briefing` processes the tests start.
# Not part of `make test`: its tracer makes the suite take about 2.7 times as long.
coverage: system-packages venv node_modules/.installed
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest -n auto
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report --skip-covered --sort=cover

lint: venv
	$(BIN)/ruff check briefing tests benchmarks
	$(BIN)/ruff format --check briefing tests benchmarks
	$(BIN)/mypy

system-packages:
	@bash scripts/system-packages.sh $(SYSTEM_PACKAGES)

venv: $(VENV)/.installed

# uv installs the project and its ~60 distributions, bytecode compiled as pip does, in about 8 s
# (pip alone: about 26 s, most of it resolving); pip does it where uv cannot be had.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check 'uv>=0.9,<1' \
		&& $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]' \
		|| $(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# axe-core for the web edition's accessibility tests, at the version package-lock.json pins.
# Debian's nodejs comes without npm (NodeSource's brings it): Debian's npm package then.
node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || bash scripts/system-packages.sh npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The wheel in a clean venv, `briefing init` and `briefing build` far from this folder.
check-install: system-packages
	PYTHON=$(PYTHON) bash scripts/check-installed-tool.sh

clean:
	rm -rf $(VENV) output build *.egg-info node_modules

# Refresh the templates (locales/messages.pot from templates/ and briefing/,
# locales/<id>.pot from each briefing) and merge them into every catalog:
# edited texts become fuzzy for translators to review.
messages: venv
	$(BIN)/briefing i18n extract
	$(BIN)/briefing i18n update

# The page pictures of the README and docs/theming.md, from the example.
pictures: system-packages venv
	bash scripts/pictures.sh

# Time and memory of the command line; rewrites docs/benchmarks.md. Then the
# preview's time from save to reloaded page, in Chromium: its own section.
bench: system-packages venv
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/preview.py
	$(BIN)/python benchmarks/evidence.py
	$(BIN)/python benchmarks/sandbox.py

# Only the accessible vs plain PDF section of docs/benchmarks.md.
bench-pdf: system-packages venv
	$(BIN)/python benchmarks/run.py pdf-kinds
