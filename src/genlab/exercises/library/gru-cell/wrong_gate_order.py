# Plausible mistake: reads the gates as [update, reset, new]
"""Deep learning: the gated recurrent unit (Cho et al. 2014).

A GRU is an LSTM with fewer parts: no separate cell state, two gates. The update gate z decides
how much of the old state to keep; the reset gate r decides how much of it the candidate state
may look at. Keeping the old state unchanged (z = 1) is easy, so gradients survive long spans.

Check your work with:  genlab check gru-cell
"""

import torch


def gru_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    """One GRU step. ``x`` (B, I), ``h`` (B, H); ``w_ih`` (3H, I), ``w_hh`` (3H, H), biases (3H,),
    the gates stacked as [reset, update, new] like torch.nn.GRUCell. Returns h' (B, H)."""
    i_z, i_r, i_n = (x @ w_ih.T + b_ih).chunk(3, dim=-1)
    h_z, h_r, h_n = (h @ w_hh.T + b_hh).chunk(3, dim=-1)
    r = torch.sigmoid(i_r + h_r)
    z = torch.sigmoid(i_z + h_z)
    n = torch.tanh(i_n + r * h_n)
    return (1 - z) * n + z * h
