"""Build the docs site: ``make docs`` (``python docs/build.py``) writes it to ``site/``.

1. The guides: every guide notebook, executed so the page shows its outputs, goes to
   ``docs/guides/`` (not committed). By default each runs at tiny size (``GENLAB_GUIDE_TINY=1``:
   a few steps on local data, a minute or so each; ``--full`` runs them at laptop size);
   ``--guides-from DIR`` takes notebooks already executed there and runs only the missing ones
   (the test suite leaves its executed guides in ``build/guides/``, so CI runs each guide once).
2. MkDocs, with the same generator as ``genlab course build`` (Material, mkdocs-jupyter), in
   strict mode: a warning, such as a broken link or anchor, fails the build.
3. A link check over the built HTML: every relative ``href`` and ``src`` must name a file of
   the site (this also covers the notebooks' pages and the generated reference).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent


def write_guides(guides_from: Path | None, full: bool, execute: bool) -> list[str]:
    sys.path.insert(0, str(REPO / "src"))
    from genlab.guides import GUIDES, TINY_ENV
    from genlab.guides.notebook import write_notebook

    out = DOCS / "guides"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    if not full:
        os.environ[TINY_ENV] = "1"
    for name in GUIDES:
        ready = guides_from / f"{name}.ipynb" if guides_from else None
        if ready and ready.exists():
            shutil.copy(ready, out / f"{name}.ipynb")
            continue
        print(f"guide {name}" + (" (running it)" if execute else "")
              + (f": not in {guides_from}" if guides_from else ""), flush=True)
        work = REPO / "build" / "guide-work" / name
        path = write_notebook(name, work / f"{name}.ipynb", execute=execute)
        shutil.copy(path, out / f"{name}.ipynb")
    return list(GUIDES)


def build_site(site: Path, guides: list[str]) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from genlab.guides import GUIDES

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.addFilter(_one_line)
    logging.getLogger("mkdocs").addHandler(handler)  # MkDocs' own warnings, as its CLI shows them
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(config_file=str(REPO / "mkdocs.yml"), strict=True, site_dir=str(site))
    nav = list(config["nav"])
    at = next(i for i, item in enumerate(nav) if "Notebooks, guides and papers" in item) + 1
    nav.insert(at, {"Guides": ["guides.md"] + [{GUIDES[g].title: f"guides/{g}.ipynb"} for g in guides]})
    config["nav"] = nav
    try:
        build(config)
    except MkDocsException as exc:
        sys.exit(f"error: the docs site did not build: {exc}")
    except SystemExit:  # mkdocs-macros exits after logging which figure a page asked for
        sys.exit("error: the docs site did not build: a page's figure is missing (see above)")


def _one_line(record: logging.LogRecord) -> bool:
    """mkdocs-macros logs a whole traceback; keep its last line, which names the missing figure."""
    lines = [ln for ln in record.getMessage().splitlines() if ln.strip() and not ln.startswith("```")]
    record.msg, record.args = (lines[-1] if lines else ""), ()
    return True


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.targets.append(value)


def broken_links(site: Path) -> list[str]:
    """Relative links of the built pages that name no file of the site."""
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served for any missing path, so its links are root-absolute
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for target in parser.targets:
            url = urlsplit(target)
            if url.scheme or url.netloc or not url.path or target.startswith("#"):
                continue
            path = (page.parent / unquote(url.path)).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return sorted(set(broken))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--site", type=Path, default=REPO / "site", help="where to write the site")
    p.add_argument("--guides-from", type=Path, help="take executed guides from this folder")
    p.add_argument("--full", action="store_true", help="run the guides at laptop size (long)")
    p.add_argument("--no-execute", action="store_true", help="render the guides without running them")
    args = p.parse_args(argv)
    guides = write_guides(args.guides_from, args.full, not args.no_execute)
    build_site(args.site.resolve(), guides)
    broken = broken_links(args.site)
    if broken:
        print("\n".join(f"broken link: {b}" for b in broken), file=sys.stderr)
        return 1
    pages = len(list(args.site.rglob("*.html")))
    print(f"site: {args.site}/index.html ({pages} pages, links checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
