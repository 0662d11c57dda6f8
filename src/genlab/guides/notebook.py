"""Guides as Jupyter notebooks: the percent-format source read with jupytext, written with
nbformat (neither needs Jupyter itself), and run top to bottom with nbclient."""

from __future__ import annotations

from pathlib import Path

from genlab.errors import ConfigError, GenlabError
from genlab.guides import Guide, guide


class GuideFailed(GenlabError):
    """A guide's cell raised while the guide was executed."""


def to_notebook(name: str):
    """The guide ``name`` as an nbformat notebook (no outputs). Reference figures in its text,
    ``{fig:SOURCE:KEY:FORMAT}``, are filled in from what the benchmarks recorded
    (:mod:`genlab.figures`), so a guide quotes the same number as the docs."""
    import jupytext

    from genlab.figures import fill

    g: Guide = guide(name)
    nb = jupytext.read(g.source, fmt="py:percent")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = fill(cell.source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["genlab"] = {"guide": g.name, "milestones": list(g.milestones)}
    nb.metadata.pop("jupytext", None)  # a plain notebook, not paired with the source
    return nb


def write_notebook(name: str, out: str | Path = ".", execute: bool = False, timeout: int = 1800) -> Path:
    """Write ``<out>/<name>.ipynb`` (``out`` may also be the .ipynb path); with ``execute``,
    run it first so the file carries its outputs."""
    import nbformat

    out = Path(out)
    path = out if out.suffix == ".ipynb" else out / f"{name}.ipynb"
    if out.suffix not in ("", ".ipynb"):
        raise ConfigError(f"--out must be a folder or an .ipynb file, got {out}")
    nb = to_notebook(name)
    if execute:
        nb = run_notebook(nb, path.parent, timeout)
    path.parent.mkdir(parents=True, exist_ok=True)
    from genlab.fileio import write_atomic

    write_atomic(path, nbformat.writes(nb))
    return path


def run_notebook(nb, cwd: str | Path, timeout: int = 1800):
    """Execute every cell in order in a fresh kernel started in ``cwd``; a cell that raises is
    a :class:`GuideFailed` naming the guide, the cell and the error."""
    try:
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as exc:
        raise ConfigError("running a guide needs nbclient and ipykernel: "
                          "pip install 'genlab[notebooks]'") from exc
    Path(cwd).mkdir(parents=True, exist_ok=True)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        name = nb.metadata.get("genlab", {}).get("guide", "?")
        import re

        what = re.sub(r"\x1b\[[0-9;]*m", "", f"{exc.ename}: {exc.evalue}")  # no terminal colours
        raise GuideFailed(f"guide {name}: a cell failed: {what}") from None
    return drop_widget_views(nb)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(nb):
    """Keep the text of widget outputs (the progress bar) but not the widget view: a saved
    notebook or a static page has no live kernel to draw it, only "Loading widget..."."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                del output["data"][WIDGET_VIEW]
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if o.get("data", True)]
    return nb
