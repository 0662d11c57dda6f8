"""Checks for convlstm-cell, against genlab's own ConvLSTMCell (all gates in one convolution)."""

import torch

from genlab.exercises.checks import check


def make(b, cin, ch, size, k, seed):
    from genlab.models.convlstm import ConvLSTMCell

    torch.manual_seed(seed)
    cell = ConvLSTMCell(cin, ch, k)
    with torch.no_grad():
        for p in cell.parameters():
            p.mul_(3.0)  # larger weights make every gate matter
    x, h, c = torch.randn(b, cin, size, size), torch.randn(b, ch, size, size), torch.randn(b, ch, size, size)
    return cell, x, h, c


def case(t, b, cin, ch, size, k, seed):
    cell, x, h, c = make(b, cin, ch, size, k, seed)
    t.given(f"batch {b}, {cin} input and {ch} hidden channels, {size}x{size} maps, a {k}x{k} kernel "
            f"(seed {seed})")
    got = t.call("convlstm_cell", x, h, c, cell.gates.weight, cell.gates.bias)
    h_new, c_new = t.unpack(got, ("h_new", "c_new"))
    with torch.no_grad():
        wh, wc = cell(x, (h, c))
    t.expect_close(c_new, wc, what="c_new", atol=1e-5,
                   why="cat([x, h]) in that order, padding k // 2, gates i, f, o, g; c_new = f * c + i * g")
    t.expect_close(h_new, wh, what="h_new", atol=1e-5, why="h_new = o * tanh(c_new)")


@check("one step, 3x3 kernel")
def small(t):
    case(t, 2, 3, 4, 6, 3, 0)


@check("a 5x5 kernel on a non-square batch of channels")
def wider(t):
    case(t, 1, 1, 6, 8, 5, 1)


@check("a 1x1 kernel: every pixel its own LSTM")
def pointwise(t):
    case(t, 3, 2, 2, 4, 1, 2)


@check("unrolled over a clip of 5 frames")
def sequence(t):
    cell, x, h, c = make(2, 1, 3, 5, 3, 3)
    frames = torch.randn(5, 2, 1, 5, 5)
    t.given("5 random frames, batch 2, from h = c = 0, a 3x3 kernel: the final states")
    h = c = torch.zeros(2, 3, 5, 5)
    wh = wc = torch.zeros(2, 3, 5, 5)
    for frame in frames:
        h, c = t.unpack(t.call("convlstm_cell", frame, h, c, cell.gates.weight, cell.gates.bias),
                        ("h_new", "c_new"))
        with torch.no_grad():
            wh, wc = cell(frame, (wh, wc))
    t.expect_close(h, wh, what="the final h", atol=1e-4)
    t.expect_close(c, wc, what="the final c", atol=1e-4)


@check("gradients flow back to the weights")
def gradients(t):
    cell, x, h, c = make(2, 2, 3, 4, 3, 4)
    t.given("batch 2, 2 input and 3 hidden channels; the gradient of h_new.sum() + c_new.sum() w.r.t. the weight")
    h_new, c_new = t.unpack(t.call("convlstm_cell", x, h, c, cell.gates.weight, cell.gates.bias),
                            ("h_new", "c_new"))
    t.expect_tensor(h_new, "h_new")
    (h_new.sum() + c_new.sum()).backward()
    got = cell.gates.weight.grad.clone()
    cell.zero_grad()
    wh, wc = cell(x, (h, c))
    (wh.sum() + wc.sum()).backward()
    t.expect_close(got, cell.gates.weight.grad, what="weight.grad", atol=1e-4)
