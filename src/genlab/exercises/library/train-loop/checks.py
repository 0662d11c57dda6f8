"""Checks for train-loop, against a reference loop."""

import copy

import torch

from genlab.exercises.checks import check


def setup(seed=0, sizes=(8, 8, 3)):
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Dropout(0.0), torch.nn.Linear(8, 1))
    batches = [(torch.randn(n, 4, generator=g), torch.randn(n, 1, generator=g)) for n in sizes]
    return model, batches


def reference(model, batches):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in batches:
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        opt.step()


@check("the weights after one epoch match the reference loop")
def weights(t):
    model, batches = setup()
    ref = copy.deepcopy(model)
    t.given("a 4-8-1 MLP, SGD lr 0.1, MSE, batches of 8, 8 and 3 random examples")
    t.call("train_epoch", model, batches, torch.nn.functional.mse_loss, torch.optim.SGD(model.parameters(), lr=0.1))
    reference(ref, batches)
    for i, (a, b) in enumerate(zip(model.parameters(), ref.parameters())):
        t.expect_close(a.detach(), b.detach(), what=f"parameter {i} after the epoch", atol=1e-6,
                       why="zero the gradients before each backward: they add up otherwise")


@check("the average loss per example, weighting the short last batch by its size")
def average(t):
    model, batches = setup(1)
    probe = copy.deepcopy(model)
    opt = torch.optim.SGD(probe.parameters(), lr=0.1)
    total = 0.0
    for x, y in batches:
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(probe(x), y)
        loss.backward()
        opt.step()
        total += float(loss) * len(x)
    t.given("batches of 8, 8 and 3 examples")
    got = t.call("train_epoch", model, batches, torch.nn.functional.mse_loss, torch.optim.SGD(model.parameters(), lr=0.1))
    t.expect_close(got, total / 19, atol=1e-6)


@check("the model is put in training mode")
def mode(t):
    model, batches = setup(2)
    model.eval()
    t.call("train_epoch", model, batches, torch.nn.functional.mse_loss, torch.optim.SGD(model.parameters(), lr=0.1))
    t.expect(model.training, expected="model.training is True after the epoch", got="False",
             why="call model.train(): dropout and batch norm behave differently in evaluation mode")
