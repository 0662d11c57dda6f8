"""``genlab course build``: the static course site (MkDocs), built offline, opened in a browser."""

from __future__ import annotations


import pytest

from tests.conftest import needs_chromium, run_cli



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    env = {"GENLAB_GUIDE_TINY": "1", "GENLAB_RUNS": str(root / "runs")}
    proc = run_cli("course", "build", "--out", str(root / "site"), "--guide", "vae", env=env, cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def test_the_site_has_the_roadmap_every_milestone_the_guides_and_the_exercises(site):
    from genlab.roadmap.loader import load_curriculum

    index = (site / "index.html").read_text()
    curriculum = load_curriculum()
    for m in curriculum.milestones:
        assert (site / "milestones" / f"{m.id}.html").is_file()
        assert f"milestones/{m.id}.html" in index
    seven = (site / "milestones" / "7.html").read_text()
    assert "../guides/vae.html" in seven and "genlab exercise start vae-reparam-kl" in seven
    guide = (site / "guides" / "vae.html").read_text()
    assert "tiny test run" in guide and "data:image/png;base64" in guide  # executed: outputs shown
    assert "numpy-vectorise" in (site / "exercises.html").read_text()
    assert "fonts.googleapis" not in index  # no web fonts: it works offline


def test_a_bad_guide_name_is_one_line(tmp_path):
    proc = run_cli("course", "build", "--out", str(tmp_path / "s"), "--guide", "nope")
    assert proc.returncode == 2 and "unknown guide 'nope'" in proc.stderr and "Traceback" not in proc.stderr


@needs_chromium
def test_a_browser_opens_the_home_page_and_a_milestone_offline(site, offline_page):
    page, outside = offline_page
    page.goto((site / "index.html").as_uri())
    assert "Generative AI roadmap" in page.title() or page.locator("h1").first.inner_text()
    page.click("text=Advanced generative models")
    assert page.url.endswith("milestones/7.html")
    assert page.locator("h1").first.inner_text().startswith("7.")
    assert not outside, outside
