"""Build the course site: Markdown pages from the curriculum and the exercise catalog, the
guides as notebooks, then MkDocs (see :mod:`genlab.course`)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from genlab.errors import ConfigError, GenlabError


class SiteBuildFailed(GenlabError):
    """MkDocs refused the site (a broken link, a bad page)."""


def build_course(out: Path, guides: list[str] | None = None, execute: bool = True,
                 curriculum_path: Path | None = None, console=None) -> Path:
    """Write the site to ``out``; ``guides``: which guides to include (default: all)."""
    from genlab.guides import GUIDES, guide

    names = list(GUIDES) if guides is None else [guide(g).name for g in guides]
    with tempfile.TemporaryDirectory(prefix="genlab-course-") as tmp:
        docs = Path(tmp) / "docs"
        write_pages(docs, names, curriculum_path)
        write_guides(docs / "guides", names, execute, Path(tmp) / "work", console)
        config = write_config(Path(tmp), docs, out, names)
        run_mkdocs(config)
    return out


def write_pages(docs: Path, guides: list[str], curriculum_path: Path | None) -> None:
    from genlab.course import pages
    from genlab.roadmap.loader import load_curriculum

    curriculum = load_curriculum(curriculum_path)
    (docs / "milestones").mkdir(parents=True)
    (docs / "index.md").write_text(pages.home(curriculum, guides), encoding="utf-8")
    (docs / "exercises.md").write_text(pages.exercise_list(), encoding="utf-8")
    for m in curriculum.milestones:
        (docs / "milestones" / f"{m.id}.md").write_text(pages.milestone(curriculum, m, guides),
                                                       encoding="utf-8")


def write_guides(folder: Path, names: list[str], execute: bool, work: Path, console) -> None:
    from genlab.guides.notebook import write_notebook

    folder.mkdir(parents=True)
    for name in names:
        if console:
            console.print(f"guide {name}" + (" (running it)" if execute else ""))
        path = write_notebook(name, work / name / f"{name}.ipynb", execute=execute)
        shutil.copy(path, folder / f"{name}.ipynb")


def write_config(root: Path, docs: Path, out: Path, guides: list[str]) -> Path:
    import json

    from genlab.guides import GUIDES

    nav = [{"Roadmap": "index.md"}, {"Exercises": "exercises.md"},
           {"Guides": [{GUIDES[g].title: f"guides/{g}.ipynb"} for g in guides]}]
    config = {
        "site_name": "genlab course", "docs_dir": str(docs), "site_dir": str(Path(out).resolve()),
        "use_directory_urls": False,  # pages open from the file system too
        "theme": {"name": "material", "font": False},  # no web fonts: the site works offline
        "markdown_extensions": ["tables", "admonition", "pymdownx.details"],
        "plugins": [{"search": {}}, {"mkdocs-jupyter": {"include_source": False, "ignore_h1_titles": False}}],
        "nav": nav,
        "validation": {"links": {"not_found": "warn", "absolute_links": "warn", "unrecognized_links": "warn"}},
    }
    path = root / "mkdocs.yml"
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    return path


def run_mkdocs(config: Path) -> None:
    """Build in strict mode: any warning (a broken link) fails the build."""
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError as exc:
        raise ConfigError("building the course needs MkDocs: pip install 'genlab[site]'") from exc
    try:
        build(load_config(config_file=str(config), strict=True))
    except (MkDocsException, SystemExit) as exc:
        raise SiteBuildFailed(f"the site did not build: {exc}") from None
