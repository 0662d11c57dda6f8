"""Deep learning: one step of a long short-term memory (LSTM) cell.

An LSTM carries a cell state c through time and decides at every step, with gates between 0
and 1, how much of it to forget, what to write into it and how much of it to show as the
hidden state h. That gating lets gradients survive over long sequences.

Check your work with:  genlab check lstm-cell
"""

import torch


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """One LSTM step with torch.nn.LSTMCell's weight layout. Returns ``(h_new, c_new)``.

    x: (B, I); h, c: (B, H); W_ih: (4H, I); W_hh: (4H, H); b_ih, b_hh: (4H,).
    The 4H rows hold, in this order, the input gate i, the forget gate f, the cell
    candidate g and the output gate o:

        i, f, g, o = split(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh) into 4 parts of H columns
        i, f, o = sigmoid(i), sigmoid(f), sigmoid(o);   g = tanh(g)
        c_new = f * c + i * g
        h_new = o * tanh(c_new)
    """
    # your code here
    raise NotImplementedError("write this part")
