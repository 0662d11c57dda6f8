"""NLP: the negative-sampling objective of word2vec (Mikolov et al. 2013).

The softmax over a 100,000-word vocabulary is costly to train. Negative sampling replaces it by
k + 1 binary questions per pair: is (centre, context) a real pair? (yes, push sigmoid(u.v) to
1) and for k words drawn from a noise distribution: is this a real pair? (no, push sigmoid(u.n)
to 0). genlab's word2vec lab writes the gradients of this loss by hand.

Check your work with:  genlab check negative-sampling-loss
"""

import torch
import torch.nn.functional as F


def negative_sampling_loss(center, context, negatives):
    """The batch mean of -log sigmoid(u . v) - sum_k log sigmoid(-u . n_k), from centre vectors
    ``center`` (B, D), their contexts ``context`` (B, D) and noise words ``negatives`` (B, k, D)."""
    pos = (center * context).sum(-1)
    neg = torch.einsum("bd,bkd->bk", center, negatives)
    return (-F.logsigmoid(pos) - F.logsigmoid(-neg).sum(-1)).mean()
