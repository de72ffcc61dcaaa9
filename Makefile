# Two commands set everything up on a fresh Debian 12/13 machine (as root):
#   make demo   system packages, .venv, the example briefing built into output/
#   make test   the same set-up, then ruff and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Pango and HarfBuzz for WeasyPrint's text layout; libharfbuzz-subset0 for fast
# font subsetting (without it WeasyPrint falls back to fontTools, ~10x slower);
# Noto for Albanian and more; poppler-utils, qpdf and gettext to check what we make.
SYSTEM_PACKAGES := 'libpango-1.0-0|libpango-1.0-0t64' 'libpangoft2-1.0-0|libpangoft2-1.0-0t64' \
	'libharfbuzz-subset0|libharfbuzz-subset0t64' fonts-noto-core fontconfig poppler-utils qpdf gettext

.PHONY: demo test lint system-packages venv clean messages bench

demo: system-packages venv
	$(BIN)/briefing build

test: system-packages venv
	$(BIN)/ruff check briefing tests benchmarks
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check briefing tests benchmarks

system-packages:
	@bash scripts/system-packages.sh $(SYSTEM_PACKAGES)

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) output *.egg-info

# Refresh locales/messages.pot from templates/ and briefing/, then merge it
# into every catalog (changed strings become fuzzy for translators to review).
messages: venv
	$(BIN)/pybabel -q extract -F pyproject.toml --no-location --sort-output --add-comments TRANSLATORS: \
		--project briefing --version "$$($(BIN)/python -c 'import briefing; print(briefing.__version__)')" \
		--msgid-bugs-address "" --copyright-holder "the briefing developers" -o locales/messages.pot .
	$(BIN)/pybabel -q update -i locales/messages.pot -d locales -D messages --previous

# Time and memory of the command line; rewrites docs/benchmarks.md.
bench: system-packages venv
	$(BIN)/python benchmarks/run.py
