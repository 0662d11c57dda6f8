"""Research: implement an equation from a paper, the Gumbel-softmax (Jang et al. 2017, eq. 1).

Sampling a category is not differentiable. The Gumbel-max trick samples it exactly as
argmax_i (log pi_i + g_i) with g_i = -log(-log u_i), u_i ~ U(0, 1); the Gumbel-softmax replaces
the argmax by a softmax at temperature tau,

    y_i = exp((log pi_i + g_i) / tau) / sum_j exp((log pi_j + g_j) / tau),

a point on the simplex that tends to the one-hot sample as tau -> 0 and that gradients flow
through. Discrete latent models (and VQ-VAE's relatives) train with it.

Check your work with:  genlab check gumbel-softmax
"""

import torch


def gumbel_softmax(logits, u, tau=1.0, hard=False):
    """The relaxed sample y (same shape as ``logits``, rows summing to 1) from uniforms ``u`` in
    (0, 1) of that shape. ``hard``: the one-hot argmax forward, the soft gradient backward."""
    g = -torch.log(-torch.log(u))
    y = torch.softmax((logits + g) / tau, dim=-1)
    if not hard:
        return y
    one_hot = torch.zeros_like(y).scatter_(-1, y.argmax(-1, keepdim=True), 1.0)
    return one_hot - y.detach() + y
