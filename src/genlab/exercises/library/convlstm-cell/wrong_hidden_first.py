# Plausible mistake: stacks the hidden maps before the input (the weight expects x first)
"""Video prediction: one step of a convolutional LSTM (ConvLSTM) cell.

A ConvLSTM is an LSTM whose states are feature maps instead of vectors and whose gates are
convolutions instead of matrix products: every position of the map has its own memory, and it
is updated from its neighbourhood only, with the same weights everywhere. That is what lets a
small model follow digits that move across a frame.

Check your work with:  genlab check convlstm-cell      (then add --train to train the lab with it)
"""

import torch
import torch.nn.functional as F


def convlstm_cell(x, h, c, weight, bias):
    """One ConvLSTM step. Returns ``(h_new, c_new)``.

    x: (B, C_in, H, W); h, c: (B, C_h, H, W); weight: (4*C_h, C_in + C_h, k, k) with k odd;
    bias: (4*C_h,). The 4*C_h output channels hold, in this order, the input gate i, the forget
    gate f, the output gate o and the candidate g:

        i, f, o, g = split(conv2d(cat([x, h], channels), weight, bias, padding=k // 2)) in 4
        i, f, o = sigmoid(i), sigmoid(f), sigmoid(o);   g = tanh(g)
        c_new = f * c + i * g
        h_new = o * tanh(c_new)
    """
    k = weight.shape[-1]
    gates = F.conv2d(torch.cat([h, x], dim=1), weight, bias, padding=k // 2)
    i, f, o, g = gates.chunk(4, dim=1)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_new = torch.sigmoid(o) * torch.tanh(c_new)
    return h_new, c_new
