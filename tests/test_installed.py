"""The distributions whose versions are part of every output's key (briefing/pipeline/installed.py)."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from briefing.pipeline.installed import dependency_versions


def _dist_info(folder: Path, name: str, *requires: str) -> None:
    info = folder / f"{name}.dist-info"
    info.mkdir(parents=True)
    headers = [f"Name: {name.split('-')[0]}", *(f"Requires-Dist: {requirement}" for requirement in requires)]
    # After the headers, a long description that mentions a requirement it does not have.
    (info / "METADATA").write_text("\n".join([*headers, "", "Requires-Dist: not-a-header"]) + "\n", encoding="utf-8")


def test_the_closure_of_requirements_with_versions_but_no_extras(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site-packages", tmp_path / "first-on-the-path"
    _dist_info(site, "app-1.0", "Ruamel.YAML>=0.19", 'docs-tool; extra == "docs"', 'old-backport; python_version < "3"')
    _dist_info(site, "ruamel_yaml-0.19.1", "pillow (>=10)")
    _dist_info(site, "pillow-12.0.0")
    _dist_info(elsewhere, "pillow-13.0.0")  # earlier on the path: the one Python imports
    egg = site / "Legacy_Lib-2.5-py3.11.egg-info"
    egg.mkdir()
    (egg / "requires.txt").write_text("pillow\n\n[test]\npytest\n", encoding="utf-8")
    _dist_info(site, "docs_tool-9.9")
    versions = dependency_versions("app", [str(elsewhere), str(site)])
    assert versions == {"app": "1.0", "old-backport": None, "pillow": "13.0.0", "ruamel-yaml": "0.19.1"}
    assert dependency_versions("legacy-lib", [str(site)]) == {"legacy-lib": "2.5", "pillow": "12.0.0"}


def test_briefing_records_what_it_runs_on_beyond_weasyprint() -> None:
    """Jinja2 writes the HTML, ruamel.yaml reads the briefing, Pillow decodes logos, MarkupSafe escapes."""
    versions = dependency_versions()
    for name in ("weasyprint", "jinja2", "markupsafe", "ruamel-yaml", "pillow", "babel", "pydyf", "tinycss2"):
        assert versions[name] == version(name), name
