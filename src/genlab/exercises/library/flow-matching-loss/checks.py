"""Checks for flow-matching-loss, against closed forms and genlab's own functions."""

import math

import torch

from genlab.exercises.checks import check


def _data(seed=0, shape=(4, 1, 3, 3)):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=g) * 2 - 1, torch.randn(shape, generator=g), torch.rand(shape[0], generator=g)


@check("a network that outputs x - noise has zero loss")
def exact(t):
    x, noise, times = _data()
    t.given("v returns x - noise, the straight line's velocity, whatever it is asked")
    t.expect_close(t.call("flow_matching_loss", lambda x_t, s: x - noise, x, noise, times), 0.0, atol=1e-7)


@check("the network is asked at x_t = (1 - t) noise + t x, with the times as given")
def where(t):
    x, noise, times = _data(1)
    seen = {}

    def v(x_t, s):
        seen["x_t"], seen["t"] = x_t, s
        return torch.zeros_like(x_t)
    t.given("v records its inputs; t = four random times")
    t.call("flow_matching_loss", v, x, noise, times)
    t.expect_close(seen.get("t"), times, what="the times v received", atol=0)
    want = (1 - times.view(-1, 1, 1, 1)) * noise + times.view(-1, 1, 1, 1) * x
    t.expect_close(seen.get("x_t"), want, what="the point v received", atol=1e-6,
                   why="t = 0 is the noise, t = 1 the data: x_t = (1 - t) noise + t x")


@check("the loss is the mean squared error to the velocity x - noise")
def value(t):
    x, noise, times = _data(2)
    t.given("v returns zeros, so the loss is the mean of (x - noise)^2")
    t.expect_close(t.call("flow_matching_loss", lambda x_t, s: torch.zeros_like(x_t), x, noise, times),
                   float(((x - noise) ** 2).mean()), atol=1e-6)


@check("the loss matches genlab's on a small network, for any image shape")
def against_genlab(t):
    from genlab.models.flow_matching import flow_matching_loss

    g = torch.Generator().manual_seed(3)
    w = torch.randn(5, 5, generator=g)
    net = lambda x_t, s: torch.tanh(x_t @ w) + s.view(-1, 1)  # noqa: E731  (a fixed "network")
    x, noise, times = torch.randn(6, 5, generator=g), torch.randn(6, 5, generator=g), torch.rand(6, generator=g)
    t.given("vectors of length 5 (not images), v(x, t) = tanh(x W) + t")
    t.expect_close(t.call("flow_matching_loss", net, x, noise, times), float(flow_matching_loss(net, x, noise, times)),
                   atol=1e-6)


@check("an Euler step with a constant velocity moves x by h * v")
def constant(t):
    x = torch.zeros(2, 3)
    t.expect_close(t.call("euler_step", lambda x, s: torch.ones_like(x) * 2, x, 0.3, 0.25), torch.full((2, 3), 0.5),
                   atol=1e-7)


@check("the step takes the slope at its start, t, as one time per image")
def start_slope(t):
    seen = {}

    def v(x, s):
        seen["t"] = s
        return s.view(-1, 1).expand_as(x)
    x = torch.zeros(3, 2)
    t.given("v(x, t) = t (a velocity that grows with time), from t = 0.5 with h = 0.1")
    out = t.call("euler_step", v, x, 0.5, 0.1)
    times = seen.get("t")
    t.expect(torch.is_tensor(times) and tuple(times.shape) == (3,), expected="v called with a tensor of 3 times",
             got=repr(times), why="the network takes one time per image, as a tensor")
    t.expect_close(out, torch.full((3, 2), 0.05), atol=1e-7, why="Euler's method uses the slope at the start of the step")


@check("a thousand steps of dx/dt = x from t = 0 to 1 multiply x by about e")
def compound(t):
    x = torch.tensor([[1.0, -2.0]])
    for i in range(1000):
        x = t.call("euler_step", lambda x, s: x, x, i / 1000, 1 / 1000)
    t.given("dx/dt = x, 1000 Euler steps of h = 0.001 from x = (1, -2)")
    t.expect_close(x, torch.tensor([[1.0, -2.0]]) * (1 + 1 / 1000) ** 1000, atol=1e-4)
    t.expect(abs(float(x[0, 0]) - math.e) < 2e-3, expected="close to e = 2.718", got=f"{float(x[0, 0]):.4f}")


@check("a step matches genlab's euler_step")
def euler_against_genlab(t):
    from genlab.schedulers.flow import euler_step

    v = lambda x, s: torch.sin(x) * s.view(-1, 1, 1, 1)  # noqa: E731
    x = torch.randn(2, 1, 4, 4, generator=torch.Generator().manual_seed(4))
    t.expect_close(t.call("euler_step", v, x, 0.7, 0.05), euler_step(v, x, 0.7, 0.05), atol=1e-6)
