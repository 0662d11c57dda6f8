"""Optional TensorBoard logs (``--tensorboard``; needs the ``tensorboard`` package).

The events go to ``<run>/tensorboard/`` so ``tensorboard --logdir runs`` shows every run without
genlab installed.
"""

from __future__ import annotations

from genlab.errors import ConfigError


def require_tensorboard() -> None:
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        raise ConfigError("--tensorboard needs the tensorboard package: "
                          "pip install 'genlab[tensorboard]'") from None


class TensorBoardLogger:
    """Trainer callback mirroring every logged number into TensorBoard event files."""

    def __init__(self, run):
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:
            raise ConfigError("--tensorboard needs the tensorboard package: "
                              "pip install 'genlab[tensorboard]'") from None
        self.writer = SummaryWriter(log_dir=str(run.path / "tensorboard"))

    def on_log(self, trainer, record: dict) -> None:
        self._write(record)

    def on_evaluate(self, trainer, record: dict) -> None:
        self._write(record)

    def _write(self, record: dict) -> None:
        step = record.get("step", 0)
        for key, value in record.items():
            if key not in ("step", "epoch", "time") and isinstance(value, (int, float)) \
                    and not isinstance(value, bool):
                self.writer.add_scalar(key, value, step)
        self.writer.flush()
