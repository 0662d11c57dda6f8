"""Models a user can ship (roadmap milestone 21): ``genlab export`` writes a run's model as an
ONNX graph or a self-describing safetensors folder; ``genlab serve-model`` puts a run or an
exported folder behind a small HTTP API. torch is imported inside the commands only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from genlab.errors import ConfigError

RUN_HELP = "run folder, its name under runs/, or 'last'"


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("serve-model")(serve_model)


def export(
    run: str = typer.Argument(..., help=RUN_HELP),
    fmt: str = typer.Option(..., "--format", help="onnx | safetensors-folder"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="file (.onnx) or folder to write "
                                       "(default: RUN/export/)"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Export a run's model: an ONNX graph checked in onnxruntime, or a model folder
    (config.json, model.safetensors, model card, provenance) that genlab.load(DIR) opens offline."""
    from genlab.export import export_run

    result = export_run(run, fmt, out, runs_dir)
    if fmt == "onnx":
        typer.echo(f"wrote {result['file']}: {result['description']}")
        typer.echo(f"checked in onnxruntime: max |onnx - torch| = {result['max_abs_difference']:.2g}")
    else:
        typer.echo(f"wrote {result['folder']}/ ({', '.join(result['files'])}); "
                   f"open it with genlab.load({result['folder']!r})")


def serve_model(
    run: str = typer.Argument(..., help=RUN_HELP + ", or an exported model folder"),
    port: int = typer.Option(8766, "--port", "-p"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; anything but "
                             "loopback lets anyone who reaches this machine use the model"),
    max_images: int = typer.Option(64, help="most images per request"),
    max_steps: int = typer.Option(100, help="most sampling steps per request"),
    max_tokens: int = typer.Option(1000, help="most tokens per request"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Serve a model over HTTP (FastAPI): POST /samples, /generate or /predict; API page at /docs."""
    from genlab.cli.dashboard_cmds import _check_port_free, is_loopback

    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, not {port}")
    for name, value in (("--max-images", max_images), ("--max-steps", max_steps), ("--max-tokens", max_tokens)):
        if value < 1:
            raise ConfigError(f"{name} must be at least 1, got {value}")
    loopback = is_loopback(host)
    if not loopback:
        sys.stderr.write(f"warning: listening on {host}, not loopback: anyone who can reach this "
                         f"machine on port {port} can use the model. Use --host 127.0.0.1 unless you mean it.\n")
    _check_port_free(host, port)
    import uvicorn

    from genlab import api
    from genlab.serving.app import Limits, create_app

    model_run = api.load(run, runs_dir)
    allowed = ["localhost", "127.0.0.1", "::1", host] if loopback else None
    app = create_app(model_run, Limits(max_images, max_steps, max_tokens), allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    sys.stdout.write(f"serving {model_run.name} ({model_run.info.get('model')}) at http://{shown}:{port}/ "
                     f"(API page: /docs); Ctrl-C stops it\n")
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
