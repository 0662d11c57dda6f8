# Plausible mistake: starts the warm-up at exactly zero, so step 0 does not train
"""Experimentation: a learning-rate schedule, linear warm-up then cosine decay.

Large steps at the very start can wreck a freshly initialised network (Adam's estimates of the
gradient's size are still poor), so the rate first climbs linearly for ``warmup`` steps. After
that it follows half a cosine from the base rate down to ``min_lr`` at the last step: fast
progress early, small careful steps at the end (Loshchilov & Hutter 2017, "SGDR").

Check your work with:  genlab check cosine-warmup-schedule
"""

import math


def lr_at(step, total, base_lr, warmup=0, min_lr=0.0):
    """The learning rate at ``step`` (0-based) of a ``total``-step run.

    Warm-up: base_lr * (step + 1) / warmup while step < warmup. Then
    min_lr + (base_lr - min_lr) * (1 + cos(pi * p)) / 2 with p = (step - warmup) /
    max(1, total - warmup), clamped to 1 past the end.
    """
    if step < warmup:
        return base_lr * step / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))
