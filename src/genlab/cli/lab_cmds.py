"""Lab commands: train, demo, sample, evaluate, recipes (filled in by the foundation work)."""


def register(app) -> None:
    pass
