"""Checks for adam-update, against torch.optim.Adam."""

import torch

from genlab.exercises.checks import check


def run_both(t, steps, lr=1e-2, betas=(0.9, 0.999), eps=1e-8, seed=0):
    g = torch.Generator().manual_seed(seed)
    w0 = [torch.randn(3, 4, generator=g), torch.randn(4, generator=g)]
    x = torch.randn(8, 3, generator=g)
    mine = [w.clone().requires_grad_() for w in w0]
    ref = [w.clone().requires_grad_() for w in w0]
    opt = torch.optim.Adam(ref, lr=lr, betas=betas, eps=eps)
    state = {}
    t.given(f"a 3 -> 4 linear layer's weight and bias, loss ((x W + b) ** 2).mean() on 8 random rows, "
            f"{steps} steps, lr={lr}, betas={betas}, eps={eps}")
    for _ in range(steps):
        for ws in (mine, ref):
            for w in ws:
                w.grad = None
            ((x @ ws[0] + ws[1]) ** 2).mean().backward()
        t.call("adam_step", mine, state, lr, betas, eps)
        opt.step()
    return mine, ref


@check("the first step moves every parameter by about lr, against the gradient")
def first(t):
    mine, ref = run_both(t, 1)
    for i, (a, b) in enumerate(zip(mine, ref)):
        t.expect_close(a.detach(), b.detach(), what=f"parameter {i} after one step", atol=1e-6,
                       why="with bias correction, m_hat / sqrt(v_hat) = g / |g| on the first step")


@check("twenty steps match torch.optim.Adam")
def many(t):
    mine, ref = run_both(t, 20)
    for i, (a, b) in enumerate(zip(mine, ref)):
        t.expect_close(a.detach(), b.detach(), what=f"parameter {i} after 20 steps", atol=1e-5)


@check("other betas and a large eps")
def other(t):
    mine, ref = run_both(t, 10, lr=0.05, betas=(0.5, 0.9), eps=0.1, seed=1)
    for i, (a, b) in enumerate(zip(mine, ref)):
        t.expect_close(a.detach(), b.detach(), what=f"parameter {i} after 10 steps", atol=1e-5)


@check("the state counts the steps")
def state(t):
    w = torch.zeros(2, requires_grad=True)
    w.grad = torch.ones(2)
    s = {}
    t.given("one parameter with gradient [1, 1], two calls")
    t.call("adam_step", [w], s)
    t.call("adam_step", [w], s)
    t.expect_equal(s.get("t"), 2, what='state["t"]')
