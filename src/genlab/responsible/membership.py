"""Membership inference: can an attacker tell the training examples from unseen ones?

The loss-threshold attack (Yeom et al. 2018): a model fits the examples it trained on better, so
a low loss says "member". Scoring every training and held-out example by minus its loss and
sweeping the threshold gives a ROC curve; its area (AUC) is the attack's success. 0.5 is
chance (nothing leaks); 1.0 separates members perfectly. For likelihood models the loss is the
per-example negative ELBO (VAE, cVAE) or the denoising error at fixed noise levels (diffusion).
DP-SGD (``train.dp_epsilon``) bounds how far above 0.5 any attack can get.
"""

from __future__ import annotations

import numpy as np


def loss_threshold_attack(member_losses, nonmember_losses) -> dict:
    """AUC and the ROC curve of the attack 'member if loss < threshold'."""
    from sklearn.metrics import roc_auc_score, roc_curve

    members, others = np.asarray(member_losses, float), np.asarray(nonmember_losses, float)
    truth = np.r_[np.ones(len(members)), np.zeros(len(others))]
    score = -np.r_[members, others]
    fpr, tpr, _ = roc_curve(truth, score)
    keep = np.unique(np.linspace(0, len(fpr) - 1, min(len(fpr), 200)).round().astype(int))
    low = fpr <= 0.01
    return {"auc": float(roc_auc_score(truth, score)), "members": int(len(members)),
            "nonmembers": int(len(others)), "tpr_at_1pct_fpr": float(tpr[low].max()) if low.any() else 0.0,
            "mean_loss_members": float(members.mean()), "mean_loss_nonmembers": float(others.mean()),
            "roc": {"fpr": [round(float(v), 4) for v in fpr[keep]],
                    "tpr": [round(float(v), 4) for v in tpr[keep]]}}


def summary(result: dict) -> str:
    auc = result["auc"]
    verdict = ("members are hard to tell apart" if auc < 0.55 else
               "some membership leaks" if auc < 0.7 else "membership leaks strongly")
    return (f"loss-threshold attack AUC {auc:.3f} ({result['members']} training vs "
            f"{result['nonmembers']} held-out examples; TPR {result['tpr_at_1pct_fpr']:.3f} at 1% FPR): {verdict}")
