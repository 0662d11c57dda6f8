"""Reviews that make it stick: short cards per milestone, scheduled by FSRS (``genlab review``).

Cards are data (:mod:`genlab.review.cards`, TOML files in ``cards/``; teachers add their own
folder with ``--cards DIR`` or ``$GENLAB_CARDS``). Each has a question and an answer checked one
of three ways: ``exact`` (case and spacing ignored), ``number`` (within a tolerance) or
``choice`` (one of the listed options). The Free Spaced Repetition Scheduler (FSRS, through the
``fsrs`` package) decides when a card comes back: soon after a miss, later and later after each
success. Its state lives in the progress database, so it survives across sessions.
"""
