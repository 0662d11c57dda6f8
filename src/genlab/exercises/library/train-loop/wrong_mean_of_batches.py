# Plausible mistake: averages the batch losses without weighting by size
"""Generative basics: the training loop, the same four lines in every lab.

For each mini-batch: clear the old gradients (PyTorch adds new ones to them otherwise), compute
the loss, backpropagate it to every parameter's ``.grad``, and let the optimizer update the
parameters. genlab's trainer (``genlab/training/trainer.py``) is this loop with checkpoints,
precision, logging and several processes around it.

Check your work with:  genlab check train-loop
"""


def train_epoch(model, batches, loss_fn, optimizer):
    """One pass over ``batches`` (an iterable of (x, y)); returns the average loss per example
    (each batch's mean loss weighted by its size)."""
    model.train()
    total, count = 0.0, 0
    for x, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
        count += 1
    return total / count
