"""Ethics: membership inference (Shokri et al. 2017; the loss attack of Yeom et al. 2018).

If a model fits its training examples better than new ones, anyone who can compute its loss on
an example can guess whether it was in the training set: a privacy leak, e.g. for medical
images. The simplest attack says "member" when the loss is below a threshold; its ROC AUC over
all thresholds measures the leak (0.5: none). `genlab audit RUN --only membership` runs it on a
likelihood model, and DP-SGD (`--set train.dp_epsilon=E`) bounds it.

Check your work with:  genlab check membership-inference-auc
"""

import numpy as np


def attack_auc(member_losses, other_losses):
    """ROC AUC of the attack "lower loss means member", from the losses of members and of
    non-members (1-D arrays): P(score_member > score_other) + 0.5 P(equal)."""
    s_in, s_out = -np.asarray(member_losses, float), -np.asarray(other_losses, float)
    greater = (s_in[:, None] > s_out[None, :]).mean()
    ties = (s_in[:, None] == s_out[None, :]).mean()
    return float(greater + 0.5 * ties)
