"""Checks for vector-quantizer: nearest codes, the straight-through gradient, the two loss terms
and their stop-gradients, and agreement with genlab's codebook."""

import torch
import torch.nn.functional as F

from genlab.exercises.checks import check


def _inputs(seed=0, n=2, d=3, hw=2, k=5):
    g = torch.Generator().manual_seed(seed)
    codebook = torch.randn(k, d, generator=g) * torch.tensor([[0.3], [1.0], [2.5], [0.6], [1.7]])[:k]
    return torch.randn(n, d, hw, hw, generator=g), codebook


def _run(t, z_e, codebook, beta=0.25):
    out = t.call("quantize", z_e, codebook, beta)
    return t.unpack(out, ("z_q", "codes", "vq_loss"))


@check("each vector gets the index of its nearest code (Euclidean), in an (N, H, W) grid")
def nearest(t):
    z_e, codebook = _inputs()
    t.given("z_e (2, 3, 2, 2), a codebook of 5 codes of different lengths")
    _, codes, _ = _run(t, z_e, codebook)
    flat = z_e.permute(0, 2, 3, 1).reshape(-1, 3)
    want = torch.cdist(flat, codebook).argmin(1).view(2, 2, 2)
    t.expect_equal(codes, want, what="codes", why="the nearest code by distance; a dot product favours long codes")


@check("z_q holds the chosen code vectors, in z_e's layout (N, D, H, W)")
def values(t):
    z_e, codebook = _inputs(1)
    z_q, codes, _ = _run(t, z_e, codebook)
    t.expect_close(z_q, codebook[codes].permute(0, 3, 1, 2), what="z_q", atol=1e-6)


@check("the decoder's gradient passes straight through to the encoder")
def straight_through(t):
    z_e, codebook = _inputs(2)
    z_e.requires_grad_(True)
    upstream = torch.randn(z_e.shape, generator=torch.Generator().manual_seed(9))
    z_q, _, _ = _run(t, z_e, codebook)
    t.expect(z_q.requires_grad, expected="z_q connected to z_e's graph", got="no gradient path",
             why="z_q = z_e + (e - z_e).detach(): the value of e, the gradient of z_e")
    (z_q * upstream).sum().backward()
    t.expect_close(z_e.grad, upstream, what="d(z_q * w).sum() / dz_e", atol=1e-6,
                   why="straight-through: the gradient with respect to z_e is the identity")


@check("vq_loss = mse(code, z_e) + beta mse(z_e, code), with the right gradients")
def loss(t):
    z_e, codebook = _inputs(3)
    z_e.requires_grad_(True)
    book = codebook.clone().requires_grad_(True)
    t.given("beta = 0.25; gradients of vq_loss alone with respect to z_e and the codebook")
    _, codes, vq = _run(t, z_e, book, 0.25)
    e = codebook[codes].permute(0, 3, 1, 2)
    t.expect_close(vq, float((1.25) * F.mse_loss(z_e.detach(), e)), what="vq_loss", atol=1e-6)
    vq.backward()
    numel = z_e.numel()
    t.expect_close(z_e.grad, 0.25 * 2 * (z_e.detach() - e) / numel, what="d vq_loss / d z_e", atol=1e-6,
                   why="only the commitment term (beta) reaches the encoder: stop the gradient of the codebook term")
    want = torch.zeros_like(codebook)
    want.index_add_(0, codes.flatten(), (2 * (e - z_e.detach()) / numel).permute(0, 2, 3, 1).reshape(-1, 3))
    t.expect_close(book.grad, want, what="d vq_loss / d codebook", atol=1e-6,
                   why="only the codebook term moves the codes: stop the gradient of the commitment term")


@check("the result matches genlab's Codebook")
def against_genlab(t):
    from genlab.models.vqvae import Codebook

    z_e, codebook = _inputs(4, n=3, d=4, hw=3, k=4)
    ref = Codebook(4, 4)
    with torch.no_grad():
        ref.vectors.copy_(codebook)
    with torch.no_grad():
        want_q, want_codes, want_loss = ref(z_e, 0.5)
    z_q, codes, vq = _run(t, z_e, codebook, 0.5)
    t.expect_equal(codes, want_codes, what="codes")
    t.expect_close(z_q, want_q, what="z_q", atol=1e-6)
    t.expect_close(vq, float(want_loss), what="vq_loss", atol=1e-6)
