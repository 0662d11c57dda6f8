"""Checks for ddpm-forward-loss."""

import torch

from genlab.exercises.checks import check


def ref_ab(T=1000):
    return torch.cumprod(1 - torch.linspace(1e-4, 0.02, T, dtype=torch.float64), 0).float()


def ref_q(x0, t, noise, ab):
    a = ab[t].view(-1, *([1] * (x0.dim() - 1)))
    return a.sqrt() * x0 + (1 - a).sqrt() * noise


@check("linear_betas: evenly spaced, both ends included")
def betas(t):
    got = t.call("linear_betas", 5, 0.1, 0.5)
    t.expect_close(got, torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5]))
    got = t.call("linear_betas", 1000)
    t.expect_close(got, torch.linspace(1e-4, 0.02, 1000), atol=1e-7)


@check("alpha_bars: the running product of 1 - beta")
def bars(t):
    b = torch.tensor([0.1, 0.2, 0.5])
    t.expect_close(t.call("alpha_bars", b), torch.tensor([0.9, 0.72, 0.36]), atol=1e-6)
    t.given("alpha_bars(linear_betas(1000))")
    got = t.call("alpha_bars", torch.linspace(1e-4, 0.02, 1000))
    t.expect_close(got, ref_ab(), atol=1e-5, rtol=1e-4)


@check("q_sample at a few steps, one step per sample")
def q(t):
    ab = ref_ab()
    g = torch.Generator().manual_seed(0)
    x0 = torch.randn(4, 3, generator=g)
    noise = torch.randn(4, 3, generator=g)
    steps = torch.tensor([0, 10, 500, 999])
    t.given("x0, noise: (4, 3) random; t = [0, 10, 500, 999]; the standard 1000-step schedule")
    got = t.call("q_sample", x0, steps, noise, ab)
    t.expect_close(got, ref_q(x0, steps, noise, ab), atol=1e-5,
                   why="x_t = sqrt(alpha_bar[t]) x0 + sqrt(1 - alpha_bar[t]) noise, t is 0-based")


@check("q_sample on images broadcasts each sample's coefficient")
def q_images(t):
    ab = ref_ab()
    g = torch.Generator().manual_seed(1)
    x0 = torch.randn(3, 1, 4, 4, generator=g)
    noise = torch.randn(3, 1, 4, 4, generator=g)
    steps = torch.tensor([999, 0, 250])
    t.given("x0, noise: (3, 1, 4, 4); t = [999, 0, 250]")
    got = t.call("q_sample", x0, steps, noise, ab)
    t.expect_close(got, ref_q(x0, steps, noise, ab), atol=1e-5)


@check("noised samples keep unit variance at every step")
def variance(t):
    ab = ref_ab()
    g = torch.Generator().manual_seed(2)
    x0 = torch.randn(20000, 1, generator=g)
    noise = torch.randn(20000, 1, generator=g)
    steps = torch.full((20000,), 300, dtype=torch.long)
    t.given("20000 standard normal x0 and noise at t = 300")
    got = t.call("q_sample", x0, steps, noise, ab)
    t.expect_close(float(got.var()), 1.0, what="the variance of x_t", atol=0.05)


@check("ddpm_loss compares the model's output with the added noise")
def loss(t):
    ab = ref_ab()
    g = torch.Generator().manual_seed(3)
    x0 = torch.randn(5, 2, generator=g)
    noise = torch.randn(5, 2, generator=g)
    steps = torch.tensor([1, 2, 3, 400, 900])
    seen = {}

    def model(x_t, tt):
        seen["x_t"], seen["t"] = x_t, tt
        return 0.5 * x_t

    t.given("a model that returns 0.5 * x_t; x0, noise: (5, 2); t = [1, 2, 3, 400, 900]")
    got = t.call("ddpm_loss", model, x0, steps, noise, ab)
    want_xt = ref_q(x0, steps, noise, ab)
    t.expect("x_t" in seen, expected="the model to be called", got="it was not")
    t.expect_close(seen["x_t"], want_xt, what="the x_t given to the model", atol=1e-5)
    t.expect_close(seen["t"], steps, what="the t given to the model")
    t.expect_close(got, torch.mean((0.5 * want_xt - noise) ** 2), what="the loss", atol=1e-6)


@check("the loss trains the model: gradients reach its parameters")
def grads(t):
    ab = ref_ab()
    torch.manual_seed(4)
    net = torch.nn.Linear(3, 3)
    x0 = torch.randn(6, 3)
    noise = torch.randn(6, 3)
    steps = torch.randint(0, 1000, (6,))
    t.given("model = nn.Linear(3, 3) applied to x_t; x0, noise: (6, 3)")
    got = t.call("ddpm_loss", lambda x, tt: net(x), x0, steps, noise, ab)
    t.expect_tensor(got)
    got.backward()
    w = net.weight.grad.clone()
    net.zero_grad()
    torch.mean((net(ref_q(x0, steps, noise, ab)) - noise) ** 2).backward()
    t.expect_close(w, net.weight.grad, what="the model's weight gradient", atol=1e-5)
