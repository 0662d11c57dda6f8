"""genlab: the generative-AI roadmap, runnable.

Importing the package is cheap on purpose: no torch, numpy or matplotlib here, so commands
that do not train (roadmap, progress, help) start fast.
"""

__version__ = "0.1.0"
