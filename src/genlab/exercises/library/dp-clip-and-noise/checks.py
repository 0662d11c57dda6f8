"""Checks for dp-clip-and-noise: closed-form cases, then Opacus' DPOptimizer on a tiny model."""

import torch

from genlab.exercises.checks import check


@check("per-example norms over two parameters together")
def norms(t):
    grads = [torch.tensor([[3.0, 0.0], [0.0, 0.0]]), torch.tensor([[[4.0]], [[1.0]]])]
    t.given("grads = [(2, 2) tensor with rows [3, 0], [0, 0]; (2, 1, 1) tensor with 4, 1]")
    got = t.call("per_example_norms", grads)
    t.expect_tensor(got)
    t.expect_close(got, torch.tensor([5.0, 1.0]), atol=1e-5,
                   why="one norm per example over every parameter: sqrt(3^2 + 4^2) = 5, not 3 + 4")


@check("an example inside the ball is not clipped; one outside is scaled to norm C")
def clipping(t):
    grads = [torch.tensor([[0.3, 0.4], [6.0, 8.0]])]           # norms 0.5 and 10
    zero = [torch.zeros(2)]
    t.given("two examples with gradient norms 0.5 and 10, max_norm = 1, no noise")
    [got] = t.call("clip_and_noise", grads, 1.0, 0.0, zero)
    t.expect_close(got, torch.tensor([(0.3 + 0.6) / 2, (0.4 + 0.8) / 2]), atol=1e-5,
                   why="clip each example to min(1, C / norm) of itself, then sum and divide by B")


@check("the noise has standard deviation sigma * C before the division by B")
def noise(t):
    grads = [torch.zeros(4, 3)]
    z = [torch.tensor([1.0, -2.0, 0.5])]
    t.given("zero gradients of 4 examples, max_norm = 2, noise_multiplier = 1.5, noise = [1, -2, 0.5]")
    [got] = t.call("clip_and_noise", grads, 2.0, 1.5, z)
    t.expect_close(got, 1.5 * 2.0 * z[0] / 4, atol=1e-6, why="noise_multiplier * max_norm * noise, divided by B")


@check("the same private gradient as Opacus' DPOptimizer on a tiny model")
def against_opacus(t):
    import warnings

    from opacus import GradSampleModule
    from opacus.optimizers import DPOptimizer

    warnings.filterwarnings("ignore", message="Full backward hook is firing")
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    x, y = torch.randn(6, 3) * 3, torch.tensor([0, 1, 1, 0, 1, 0])
    sigma, c = 0.8, 0.5
    hooked = GradSampleModule(model)
    opt = DPOptimizer(torch.optim.SGD(model.parameters(), lr=0.1), noise_multiplier=sigma,
                      max_grad_norm=c, expected_batch_size=6, generator=torch.Generator().manual_seed(7))
    torch.nn.functional.cross_entropy(hooked(x), y).backward()
    params = [p for p in model.parameters()]
    grads = [p.grad_sample.detach().clone() for p in params]       # each example's own gradient
    opt.pre_step()                                                  # Opacus: clip, noise, average
    want = [p.grad.detach().clone() for p in params]
    regen = torch.Generator().manual_seed(7)                        # the same noise, standardised
    noises = [torch.normal(0, sigma * c, p.shape, generator=regen) / (sigma * c) for p in params]
    t.given("a 3-4-2 MLP, 6 examples, max_norm = 0.5, noise_multiplier = 0.8, Opacus' noise")
    got = t.call("clip_and_noise", grads, c, sigma, noises)
    t.expect(isinstance(got, (list, tuple)) and len(got) == len(want), expected=f"a list of {len(want)} tensors",
             got=type(got).__name__)
    for i, (g, w) in enumerate(zip(got, want)):
        t.expect_close(g, w, what=f"the private gradient of parameter {i}", atol=1e-5)
