"""``genlab serve``: the local dashboard (roadmap, runs, curves, galleries) in a browser."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from genlab.errors import ConfigError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_port_free(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); "
                              "is another `genlab serve` running? pick another --port") from None


def serve(
    port: Annotated[int, typer.Option("--port", "-p", help="port to listen on")] = 8765,
    host: Annotated[str, typer.Option(
        "--host", help="address to listen on; anything but loopback exposes your progress "
                       "and runs to the network")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="open the page in a browser")] = False,
    runs_dir: Annotated[Optional[Path], typer.Option(
        "--runs-dir", metavar="DIR", help="runs folder (default: $GENLAB_RUNS or ./runs)")] = None,
    curriculum: Annotated[Optional[Path], typer.Option(
        "--curriculum", metavar="PATH", help="a curriculum TOML file instead of genlab's")] = None,
) -> None:
    """Start the local dashboard: roadmap progress, runs with live curves, compare, gallery."""
    import os

    from genlab.run_folder.run_dir import runs_root

    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, not {port}")
    root = runs_root(runs_dir)
    if runs_dir is not None and not root.is_dir():
        raise ConfigError(f"runs folder {root} does not exist; train a run first or pass "
                          "an existing --runs-dir")
    loopback = is_loopback(host)
    if not loopback:
        sys.stderr.write(f"warning: listening on {host}, not loopback: anyone who can reach "
                         f"this machine on port {port} can read your runs and change your "
                         "progress. Use --host 127.0.0.1 unless you mean it.\n")
    _check_port_free(host, port)

    import uvicorn

    from genlab.dashboard.app import create_app

    allowed = None
    if loopback:  # refuse other Host headers: a guard against DNS rebinding
        allowed = ["localhost", "127.0.0.1", "::1", host]
    app = create_app(root, curriculum_path=curriculum or os.environ.get("GENLAB_CURRICULUM"),
                     allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    sys.stdout.write(f"genlab dashboard at {url} (runs: {root.resolve()}); Ctrl-C stops it\n")
    sys.stdout.flush()
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    # keep-alive longer than uvicorn's 5 s: a client reusing a connection the server is just
    # closing gets no answer (seen under load, when answers queue for seconds)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=30)
