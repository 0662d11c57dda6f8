"""Entry point of the ``genlab`` command.

Every command module registers itself on one typer app. Modules import torch only inside the
commands that train or sample, so ``genlab --help`` and the roadmap commands stay fast.
Errors a user can fix (:class:`genlab.errors.GenlabError`) become one line on stderr and exit
code 2; Ctrl-C exits with 130; nothing prints a traceback unless ``GENLAB_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from genlab import __version__
from genlab.errors import GenlabError

app = typer.Typer(
    name="genlab",
    help="The generative-AI roadmap, runnable: roadmap, labs, exercises and experiments.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"genlab {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    exercises: Optional[List[str]] = typer.Option(
        None, "--exercises", metavar="DIR",
        help="also the exercises in DIR (a teacher's; repeatable; or $GENLAB_EXERCISES)"),
) -> None:
    """genlab: the generative-AI roadmap, runnable."""
    if exercises:
        from genlab.exercises.catalog import EXTRA_ENV

        extra = [str(Path(d).resolve()) for d in exercises]
        os.environ[EXTRA_ENV] = os.pathsep.join(extra + [p for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p])
    if ctx.invoked_subcommand is None:
        default = getattr(app, "default_command", None)
        if default is None:
            typer.echo(ctx.get_help())
        else:
            ctx.invoke(default)


def _register_commands() -> None:
    # Each module defines ``register(app)``; they must not import torch at module level.
    if app.registered_commands:  # once per process, however often main() runs
        return
    from genlab.cli import lab_cmds

    lab_cmds.register(app)
    from genlab.cli import text_cmds
    text_cmds.register(app)
    from genlab.cli import image_cmds
    image_cmds.register(app)
    from genlab.cli import video_cmds
    video_cmds.register(app)
    from genlab.cli import experiment_cmds

    experiment_cmds.register(app)
    from genlab.cli import exercise_cmds
    exercise_cmds.register(app)
    from genlab.cli import guide_cmds
    guide_cmds.register(app)
    from genlab.cli import application_cmds
    application_cmds.register(app)
    from genlab.cli import ship_cmds
    ship_cmds.register(app)
    from genlab.cli import doctor_cmds
    doctor_cmds.register(app)
    from genlab.cli import review_cmds
    review_cmds.register(app)
    from genlab.cli import responsible_cmds
    responsible_cmds.register(app)
    from genlab.cli import dashboard_cmds
    dashboard_cmds.register(app)
    from genlab.cli import roadmap_cmds
    roadmap_cmds.register(app)


def command_names() -> set[str]:
    """The CLI's top-level command names (the roadmap's link check takes them)."""
    import typer.main

    _register_commands()
    return set(typer.main.get_command(app).commands)


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI. Usage errors are click's (exit 2); GenlabErrors become one line, exit 2."""
    _register_commands()
    try:
        app(args=argv, prog_name="genlab")
    except GenlabError as exc:
        if os.environ.get("GENLAB_DEBUG"):
            raise
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except (ModuleNotFoundError, OSError) as exc:  # the environment, not the input: doctor's hint
        from genlab.doctor import environment_hint

        hint = environment_hint(exc)
        if hint is None or os.environ.get("GENLAB_DEBUG"):
            raise
        fail(hint)
