"""The local dashboard: roadmap progress, runs, curves, comparisons and galleries in a browser.

``genlab serve`` starts it (see :mod:`genlab.cli.dashboard_cmds`); :func:`create_app` builds the
FastAPI app for a runs folder and a progress database. Like every command that does not train,
it imports neither torch nor matplotlib.
"""

from __future__ import annotations


def create_app(*args, **kwargs):
    """See :func:`genlab.dashboard.app.create_app`."""
    from genlab.dashboard.app import create_app as build

    return build(*args, **kwargs)
