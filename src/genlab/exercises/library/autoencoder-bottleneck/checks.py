"""Checks for autoencoder-bottleneck."""

import torch

from genlab.exercises.checks import check


def parts(t, d):
    torch.manual_seed(0)
    return t.get("Encoder")(d), t.get("Decoder")(d)


@check("the encoder maps (N, 1, 28, 28) to (N, d)")
def encoder_shape(t):
    enc, _ = parts(t, 8)
    t.given("Encoder(8) on a batch of 5 random 28x28 images")
    z = enc(torch.rand(5, 1, 28, 28)).detach()
    t.expect_tensor(z)
    t.expect(tuple(z.shape) == (5, 8), expected="shape (5, 8)", got=str(tuple(z.shape)))


@check("the decoder maps (N, d) back to (N, 1, 28, 28), in [0, 1]")
def decoder_shape(t):
    _, dec = parts(t, 8)
    t.given("Decoder(8) on 5 random codes (times 10, so the range matters)")
    x = dec(torch.randn(5, 8) * 10).detach()
    t.expect(tuple(x.shape) == (5, 1, 28, 28), expected="shape (5, 1, 28, 28)", got=str(tuple(x.shape)))
    t.expect(float(x.min()) >= 0 and float(x.max()) <= 1, expected="values in [0, 1]",
             got=f"values in [{float(x.min()):.3g}, {float(x.max()):.3g}]", why="end the decoder with a sigmoid")


@check("the layer sizes the docstrings give (counted by parameters)")
def size(t):
    enc, dec = parts(t, 16)
    want_enc = (16 * 16 + 16) + (32 * 16 * 16 + 32) + (32 * 49 * 16 + 16)
    want_dec = (16 * 32 * 49 + 32 * 49) + (32 * 16 * 16 + 16) + (16 * 16 + 1)
    t.given("Encoder(16) and Decoder(16)")
    t.expect_equal(sum(p.numel() for p in enc.parameters()), want_enc, what="the encoder's parameter count")
    t.expect_equal(sum(p.numel() for p in dec.parameters()), want_dec, what="the decoder's parameter count")


@check("30 Adam steps on a few digit-like images lower the reconstruction error")
def trains(t):
    enc, dec = parts(t, 4)
    g = torch.Generator().manual_seed(1)
    x = (torch.rand(16, 1, 28, 28, generator=g) > 0.7).float()
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=3e-3)
    t.given("16 random binary images, d = 4, Adam lr 3e-3, 30 steps of MSE")
    first = None
    out = dec(enc(x)).detach()
    t.expect(tuple(out.shape) == tuple(x.shape), expected=f"reconstructions of shape {tuple(x.shape)}",
             got=str(tuple(out.shape)))
    for _ in range(30):
        loss = ((dec(enc(x)) - x) ** 2).mean()
        first = loss.item() if first is None else first
        opt.zero_grad()
        loss.backward()
        opt.step()
    t.expect(loss.item() < first * 0.9, expected="the loss below 90% of its start", got=f"{first:.4f} -> {loss.item():.4f}")
