"""Exercises that check themselves: the learner fills in a function, genlab checks it.

The package is data plus a small engine:

* ``library/<id>/`` holds one exercise each: ``exercise.toml`` (metadata, task, hints),
  ``stub.py`` (what the learner starts from), ``solution.py`` (the reference), ``checks.py``
  (behaviour checks written with :mod:`genlab.exercises.checks`) and ``wrong_*.py`` (plausible
  wrong solutions the integrity tests prove the checks catch).
* :mod:`~genlab.exercises.catalog` reads the metadata (cheap: no numpy, no torch).
* :mod:`~genlab.exercises.runner` runs the checks in a child process with time, CPU, memory and
  output limits (:mod:`~genlab.exercises._child` is that child).
* :mod:`~genlab.exercises.workspace` copies stubs into the learner's workspace and keeps the
  hint and give-up state; :mod:`~genlab.exercises.progress` records outcomes in the roadmap's
  progress database, their one record.
* :mod:`~genlab.exercises.train` loads a learner's function by path, for the labs to plug in.

Importing this package imports nothing heavy.
"""
