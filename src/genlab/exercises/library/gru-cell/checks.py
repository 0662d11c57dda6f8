"""Checks for gru-cell, against torch.nn.GRUCell."""

import torch

from genlab.exercises.checks import check


def against_torch(t, batch, inp, hid, seed):
    torch.manual_seed(seed)
    cell = torch.nn.GRUCell(inp, hid)
    x, h = torch.randn(batch, inp), torch.randn(batch, hid)
    t.given(f"x: ({batch}, {inp}), h: ({batch}, {hid}), the weights of torch.nn.GRUCell({inp}, {hid})")
    got = t.call("gru_cell", x, h, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    t.expect_tensor(got)
    t.expect_close(got, cell(x, h), atol=1e-5)


@check("one step, as torch.nn.GRUCell")
def one(t):
    against_torch(t, 2, 3, 4, 0)


@check("other sizes: a batch of 5, input 7, hidden 2")
def other(t):
    against_torch(t, 5, 7, 2, 1)


@check("a long run: 20 steps from h = 0 stay equal")
def many(t):
    torch.manual_seed(2)
    cell = torch.nn.GRUCell(3, 3)
    xs = torch.randn(20, 1, 3)
    mine = ref = torch.zeros(1, 3)
    t.given("20 random inputs of size 3 through torch.nn.GRUCell(3, 3)'s weights, from h = 0")
    for x in xs:
        mine = t.call("gru_cell", x, mine, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
        ref = cell(x, ref)
    t.expect_close(mine, ref, atol=1e-5, what="the state after 20 steps")
