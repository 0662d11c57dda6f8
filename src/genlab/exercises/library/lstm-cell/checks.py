"""Checks for lstm-cell, against torch.nn.LSTMCell and torch.nn.LSTM."""

import torch

from genlab.exercises.checks import check


def make(b, i, hsz, seed):
    torch.manual_seed(seed)
    cell = torch.nn.LSTMCell(i, hsz)
    with torch.no_grad():
        for p in cell.parameters():
            p.mul_(3.0)  # larger weights make every gate matter
    x = torch.randn(b, i)
    h = torch.randn(b, hsz)
    c = torch.randn(b, hsz)
    return cell, x, h, c


def params(cell):
    return cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh


def case(t, b, i, hsz, seed):
    cell, x, h, c = make(b, i, hsz, seed)
    t.given(f"batch {b}, input size {i}, hidden size {hsz}: random x, h, c and an "
            f"nn.LSTMCell's weights (seed {seed})")
    got = t.call("lstm_cell", x, h, c, *params(cell))
    h_new, c_new = t.unpack(got, ("h_new", "c_new"))
    wh, wc = cell(x, (h, c))
    t.expect_close(c_new, wc, what="c_new", atol=1e-5,
                   why="gates in the order i, f, g, o; c_new = f * c + i * g")
    t.expect_close(h_new, wh, what="h_new", atol=1e-5, why="h_new = o * tanh(c_new)")


@check("one step for a small batch")
def small(t):
    case(t, 3, 4, 5, 0)


@check("a single sample with hidden size 1")
def tiny(t):
    case(t, 1, 2, 1, 1)


@check("a larger cell")
def larger(t):
    case(t, 8, 10, 16, 2)


@check("unrolled over a sequence, it matches nn.LSTM")
def sequence(t):
    torch.manual_seed(3)
    lstm = torch.nn.LSTM(3, 4, batch_first=True)
    xs = torch.randn(2, 6, 3)
    t.given("an nn.LSTM(3, 4) over a random sequence of 6 steps, batch 2, from h = c = 0")
    h = torch.zeros(2, 4)
    c = torch.zeros(2, 4)
    for step in range(6):
        h, c = t.unpack(t.call("lstm_cell", xs[:, step], h, c, lstm.weight_ih_l0,
                               lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0),
                        ("h_new", "c_new"))
    out, (wh, wc) = lstm(xs)
    t.given("an nn.LSTM(3, 4) over a random sequence of 6 steps: the final states")
    t.expect_close(h, wh[0], what="the final h", atol=1e-5)
    t.expect_close(c, wc[0], what="the final c", atol=1e-5)


@check("gradients flow back to the weights")
def gradients(t):
    cell, x, h, c = make(2, 3, 4, 4)
    t.given("batch 2, input 3, hidden 4; the gradient of h_new.sum() + c_new.sum() w.r.t. W_hh")
    h_new, c_new = t.unpack(t.call("lstm_cell", x, h, c, *params(cell)), ("h_new", "c_new"))
    t.expect_tensor(h_new, "h_new")
    (h_new.sum() + c_new.sum()).backward()
    got = cell.weight_hh.grad.clone()
    cell.zero_grad()
    wh, wc = cell(x, (h, c))
    (wh.sum() + wc.sum()).backward()
    t.expect_close(got, cell.weight_hh.grad, what="W_hh.grad", atol=1e-5)
