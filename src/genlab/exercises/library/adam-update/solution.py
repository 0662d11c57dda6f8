"""Experimentation: one step of the Adam optimizer (Kingma & Ba 2015).

Adam keeps, for every parameter, a moving average of its gradient (m, the direction) and of the
gradient's square (v, its typical size), and steps by m / sqrt(v): each parameter gets its own
step size, large where gradients are small and consistent, small where they are large or noisy.
The averages start at zero, so the first steps divide by (1 - beta^t) to undo that bias.
genlab's trainer uses torch.optim.Adam(W); `genlab optimizers` compares it with SGD and Muon.

Check your work with:  genlab check adam-update
"""

import torch


def adam_step(params, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """Update every tensor in ``params`` (with ``.grad`` set) in place by one Adam step.

    ``state`` is a dict you keep between calls: ``state["t"]`` the number of steps taken so far
    (start it at 0 when missing), ``state["m"]`` and ``state["v"]`` lists with one tensor per
    parameter (start them at zeros). Returns nothing.
    """
    beta1, beta2 = betas
    if "t" not in state:
        state["t"] = 0
        state["m"] = [torch.zeros_like(p) for p in params]
        state["v"] = [torch.zeros_like(p) for p in params]
    state["t"] += 1
    t = state["t"]
    with torch.no_grad():
        for p, m, v in zip(params, state["m"], state["v"]):
            g = p.grad
            m.mul_(beta1).add_((1 - beta1) * g)
            v.mul_(beta2).add_((1 - beta2) * g * g)
            m_hat = m / (1 - beta1 ** t)
            v_hat = v / (1 - beta2 ** t)
            p -= lr * m_hat / (v_hat.sqrt() + eps)
