"""Checks for classifier-free-guidance."""

import torch

from genlab.exercises.checks import check


@check("labels are dropped where rand < p, and only there")
def dropping(t):
    labels = torch.arange(8)
    t.given("labels 0..7, p = 0.5, null label 10, generator seeded 0")
    got = t.call("drop_labels", labels, 0.5, 10, torch.Generator().manual_seed(0))
    drop = torch.rand(8, generator=torch.Generator().manual_seed(0)) < 0.5
    t.expect_close(got, torch.where(drop, torch.tensor(10), labels), atol=0)
    t.expect_close(labels, torch.arange(8), what="the labels passed in (must not change)", atol=0)


@check("the share dropped is p")
def share(t):
    got = t.call("drop_labels", torch.zeros(50_000, dtype=torch.long), 0.1, 3, torch.Generator().manual_seed(1))
    t.expect_close(float((got == 3).float().mean()), 0.1, atol=0.01, what="the share of null labels")


class Toy(torch.nn.Module):
    """eps(x, t, y) = x * (y + 1) + t: a "network" whose two predictions are easy to tell apart."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x, t, y):
        self.calls += 1
        return x * (y.float() + 1).view(-1, 1) + t.float().view(-1, 1)


@check("guidance extrapolates from the unconditional prediction, in one call")
def guidance(t):
    model, x = Toy(), torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    steps, labels = torch.tensor([5, 7]), torch.tensor([1, 2])
    t.given("a toy network eps = x * (y + 1) + t, x = [[1, 2], [3, 4]], t = [5, 7], labels = [1, 2], null 0, w = 3")
    got = t.call("guided_noise", model, x, steps, labels, 0, 3.0)
    cond = x * torch.tensor([[2.0], [3.0]]) + torch.tensor([[5.0], [7.0]])
    uncond = x + torch.tensor([[5.0], [7.0]])
    t.expect_close(got, uncond + 3 * (cond - uncond), atol=1e-6, why="eps_uncond + w * (eps_cond - eps_uncond)")
    t.expect(model.calls == 1, expected="one call of the model", got=f"{model.calls} calls",
             why="concatenate the conditional and the unconditional batch: one forward pass")


@check("w = 1 is the conditional model, w = 0 the unconditional one")
def ends(t):
    x, steps, labels = torch.ones(1, 2), torch.tensor([0]), torch.tensor([4])
    t.expect_close(t.call("guided_noise", Toy(), x, steps, labels, 9, 1.0), torch.full((1, 2), 5.0), atol=1e-6)
    t.expect_close(t.call("guided_noise", Toy(), x, steps, labels, 9, 0.0), torch.full((1, 2), 10.0), atol=1e-6)
