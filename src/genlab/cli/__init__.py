"""The ``genlab`` command line (typer + rich). Sub-modules register their commands lazily."""
