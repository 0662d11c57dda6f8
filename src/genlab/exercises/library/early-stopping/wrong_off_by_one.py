# Plausible mistake: waits one evaluation too many
"""Experimentation: early stopping, the simplest guard against overfitting.

The validation loss usually falls, flattens, then rises again as the model starts to memorise
its training set. Early stopping keeps the best value seen, and stops once ``patience``
evaluations in a row failed to beat it by more than ``min_delta``; the checkpoint of
``best_step`` is the one to keep. (Optuna's pruners in `genlab sweep` stop bad trials early in
the same spirit.)

Check your work with:  genlab check early-stopping
"""


class EarlyStopping:
    """``stopper = EarlyStopping(patience=3, min_delta=0.0)``; after each evaluation call
    ``stopper.step(val_loss, step)``, which returns True when training should stop.
    ``stopper.best`` and ``stopper.best_step`` are the best loss and where it was seen."""

    def __init__(self, patience=3, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best, self.best_step, self.bad = float("inf"), None, 0

    def step(self, loss, step):
        """Record ``loss`` at ``step``; True when ``patience`` evaluations in a row did not improve."""
        if loss < self.best - self.min_delta:
            self.best, self.best_step, self.bad = loss, step, 0
        else:
            self.bad += 1
        return self.bad > self.patience
