"""The one trainer every model uses: devices, precision, optimizers, checkpoints, logging."""
