# Plausible mistake: plots without labels, so the legend has nothing to say
"""Python: a figure with matplotlib, the object-oriented way.

``fig, ax = plt.subplots()`` gives a figure and one axes; everything is then a method of the
axes: ``ax.plot``, ``ax.set_xlabel``, ``ax.legend``. Losses fall over orders of magnitude, so a
log-scaled y axis shows the late part of training instead of a flat line. genlab's run reports
draw their curves this way (``genlab/run_folder/plots.py``).

Check your work with:  genlab check matplotlib-figure
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def loss_figure(train_steps, train_loss, val_steps, val_loss, title, path):
    """A figure with the two curves (labels 'train' and 'val'), x label 'step', y label 'loss',
    the title, a legend and a log y axis, saved to ``path``; returns the figure."""
    fig, ax = plt.subplots()
    ax.plot(train_steps, train_loss)
    ax.plot(val_steps, val_loss)
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.set_title(title)
    ax.set_yscale("log")
    ax.legend()
    fig.savefig(path)
    return fig
