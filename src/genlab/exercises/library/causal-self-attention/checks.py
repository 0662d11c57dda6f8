"""Checks for causal-self-attention, against F.scaled_dot_product_attention."""

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check

REAL_SDPA = F.scaled_dot_product_attention


def reference(x, w_qkv, w_out, n_heads):
    B, T, C = x.shape
    q, k, v = (x @ w_qkv).split(C, dim=-1)
    heads = lambda z: z.view(B, T, n_heads, C // n_heads).transpose(1, 2)
    y = REAL_SDPA(heads(q), heads(k), heads(v), is_causal=True)
    return y.transpose(1, 2).reshape(B, T, C) @ w_out


def forbidden(*args, **kwargs):
    raise RuntimeError("scaled_dot_product_attention called: write the attention yourself")


def weights(C, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(C, 3 * C, generator=g) / C ** 0.5,
            torch.randn(C, C, generator=g) / C ** 0.5)


def run(t, x, w_qkv, w_out, n_heads):
    F.scaled_dot_product_attention = forbidden
    try:
        return t.call("causal_self_attention", x, w_qkv, w_out, n_heads)
    finally:
        F.scaled_dot_product_attention = REAL_SDPA


def case(t, B, T, C, n_heads, seed):
    x = torch.randn(B, T, C, generator=torch.Generator().manual_seed(100 + seed))
    w_qkv, w_out = weights(C, seed)
    t.given(f"x: ({B}, {T}, {C}) random, n_heads = {n_heads}, random w_qkv ({C}, {3 * C}) "
            f"and w_out ({C}, {C})")
    got = run(t, x, w_qkv, w_out, n_heads)
    t.expect_close(got, reference(x, w_qkv, w_out, n_heads), atol=1e-5, rtol=1e-4)


@check("one head over a short sequence")
def one_head(t):
    case(t, 1, 4, 8, 1, 0)


@check("four heads and a batch of two")
def four_heads(t):
    case(t, 2, 6, 16, 4, 1)


@check("a single position attends only to itself")
def single_position(t):
    case(t, 3, 1, 8, 2, 2)


@check("the future does not leak: changing later tokens leaves earlier outputs alone")
def causal(t):
    C = 8
    w_qkv, w_out = weights(C, 3)
    x = torch.randn(1, 5, C, generator=torch.Generator().manual_seed(3))
    x2 = x.clone()
    x2[:, 3:] += 10.0
    first = run(t, x, w_qkv, w_out, 2)
    t.given("the same x twice, the second with positions 3 and 4 changed; outputs 0..2")
    second = run(t, x2, w_qkv, w_out, 2)
    t.expect_close(second[:, :3], first[:, :3], what="outputs at positions 0..2", atol=1e-5,
                   why="mask every position j > i before the softmax")


@check("a longer sequence with many heads")
def longer(t):
    case(t, 2, 16, 32, 8, 4)


@check("gradients flow to x and to both weight matrices")
def gradients(t):
    C = 8
    w_qkv, w_out = weights(C, 5)
    w_qkv.requires_grad_(True)
    w_out.requires_grad_(True)
    x = torch.randn(2, 5, C, generator=torch.Generator().manual_seed(5), requires_grad=True)
    t.given("x: (2, 5, 8), n_heads = 2; gradients of (out ** 2).sum()")
    out = run(t, x, w_qkv, w_out, 2)
    t.expect_tensor(out)
    (out ** 2).sum().backward()
    got = [p.grad.clone() for p in (x, w_qkv, w_out)]
    for p in (x, w_qkv, w_out):
        p.grad = None
    (reference(x, w_qkv, w_out, 2) ** 2).sum().backward()
    for name, gv, p in zip(("x.grad", "w_qkv.grad", "w_out.grad"), got, (x, w_qkv, w_out)):
        t.expect_close(gv, p.grad, what=name, atol=1e-4, rtol=1e-4)
