"""Responsible AI: audits of what a model generates, privacy, fairness, provenance, model cards.

- :mod:`~genlab.responsible.provenance`: every file genlab generates says where it came from
  (PNG text chunks, or a sidecar JSON), and whether its content is still what was generated.
- :mod:`~genlab.responsible.audit`: ``genlab audit RUN`` runs the audits below on a trained run
  and writes one JSON file and one report section per audit:
  :mod:`~genlab.responsible.balance` (class balance of the samples),
  :mod:`~genlab.responsible.memorization` (the data-copying test of Meehan et al. 2020),
  :mod:`~genlab.responsible.membership` (a loss-threshold membership-inference attack),
  :mod:`~genlab.responsible.text_copying` (verbatim n-gram overlaps of generated text),
  :mod:`~genlab.responsible.interpretability` (latent traversals and Captum attributions).
- DP-SGD training through Opacus (``train.dp_epsilon``) is the trainer's: :mod:`genlab.training.privacy`.
- :mod:`~genlab.responsible.fairness`: a fairness lab with fairlearn.
- :mod:`~genlab.responsible.card`: ``genlab card RUN`` writes a model card (Mitchell et al. 2019).
"""
