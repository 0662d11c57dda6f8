"""The docs site (``make docs``): the README stays short and its labs table is what the benchmarks
measured, the site builds in strict mode with every link resolving, and a browser opens it."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import needs_chromium

REPO = Path(__file__).resolve().parents[1]


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(f"docs_{name}", REPO / "docs" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


macros = load_script("macros")


def test_the_readme_is_the_short_front_door():
    text = (REPO / "README.md").read_text()
    assert len(text.splitlines()) <= 170
    for part in ("make demo", "make test", "A five-minute tour", "## The labs", "docs/benchmarks.md"):
        assert part in text


def test_the_readme_labs_table_is_what_the_figures_say():
    text = (REPO / "README.md").read_text()
    assert macros.readme_block() in text, "README labs table is stale: run python docs/macros.py --readme"
    assert macros.augmentation_readme_block() in text, "README augmentation table is stale: run python docs/macros.py --readme"
    assert macros.peers_readme_block() in text, "README peers table is stale: run python docs/macros.py --readme"


def test_a_missing_figure_is_an_error_not_a_blank(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_FIGURES", str(tmp_path))
    with pytest.raises(macros.MissingFigure, match="run python benchmarks/vae.py"):
        macros.vae_table()
    (tmp_path / "vae.json").write_text(json.dumps({"test_nelbo": 1.0}))
    with pytest.raises(macros.MissingFigure, match="no wall_s"):
        macros.get("vae", "wall_s")


def test_benchmarks_record_where_the_docs_read(tmp_path, monkeypatch):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from record import record
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    monkeypatch.setenv("GENLAB_FIGURES", str(tmp_path))
    record("labs", {"recipe": "seq2seq", "wall_s": 60.0}, append=True)
    record("labs", {"recipe": "seq2seq", "wall_s": 30.0}, append=True)
    assert macros.get("labs", "seq2seq", "wall_s") == 30.0  # the newest line counts
    assert macros.get("labs", "seq2seq", "measured", "date")


def test_the_link_check_finds_a_broken_link(tmp_path):
    build = load_script("build")
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/b.html#x">b</a> <img src="missing.png"> '
                                         '<a href="https://example.org/">out</a> <a href="#top">top</a>')
    (tmp_path / "a" / "b.html").write_text('<a href="../index.html">home</a>')
    assert build.broken_links(tmp_path) == ["index.html -> missing.png"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "site"
    proc = subprocess.run([sys.executable, "docs/build.py", "--no-execute", "--site", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "links checked" in proc.stdout
    return out


@pytest.mark.slow
def test_the_site_has_every_part_the_figures_and_the_reference(site):
    for page in ("index", "getting-started", "roadmap", "labs/vae", "labs/images", "labs/language", "exercises",
                 "notebooks", "guides", "experiments", "dashboard", "benchmarks", "development", "changelog",
                 "reference/api", "reference/models"):
        assert (site / f"{page}.html").is_file(), page
    images = (site / "labs" / "images.html").read_text()
    fid = macros.get("images", "dcgan", "fid")
    assert f"{fid:,.1f}" in images and "{{" not in images  # the table came from the figures
    assert "five-minute tour" in (site / "getting-started.html").read_text().lower()  # README snippet
    api = (site / "reference" / "api.html").read_text()
    assert "genlab.api.train" in api or 'id="genlab.api.train"' in api  # generated from the docstrings
    assert "genlab.run_folder" in (site / "changelog.html").read_text()
    assert (site / "guides" / "vae.html").is_file()


@pytest.mark.slow
@needs_chromium
def test_a_browser_opens_the_home_page_and_a_lab_page_offline(site, offline_page):
    page, outside = offline_page
    page.goto((site / "index.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("genlab")
    assert page.locator("table").first.is_visible()  # the labs table
    page.click("text=image generation")
    assert page.url.endswith("labs/images.html")
    assert page.locator("h1").first.inner_text().startswith("Image generation labs")
    assert page.locator("img[alt='DCGAN samples']").evaluate("i => i.naturalWidth") > 0
    assert not outside, outside
