# Plausible mistake: flips the kernel (a mathematical convolution, not what layers compute)
"""Deep learning: the forward pass of a 2-D convolution.

A convolution layer slides a small kernel over the image; at every position it takes the dot
product of the kernel with the patch under it, over all input channels, once per output
channel. Writing it once with plain tensor operations shows what shapes go where.

Check your work with:  genlab check conv2d-forward
"""

import torch
import torch.nn.functional as F


def conv2d(x, weight, bias=None, stride=1, padding=0):
    """2-D convolution (a cross-correlation, as in every deep-learning library).

    x: (N, C_in, H, W); weight: (C_out, C_in, kH, kW); bias: (C_out,) or None;
    stride, padding: ints. Pad H and W with ``padding`` zeros on each side; the output has
    shape (N, C_out, H_out, W_out) with H_out = (H + 2 * padding - kH) // stride + 1 (W_out
    alike) and

        out[n, o, i, j] = bias[o] + sum_{c, u, v} x_pad[n, c, i*stride + u, j*stride + v]
                                                  * weight[o, c, u, v]

    Do not call torch's convolution (F.conv2d, torch.conv2d, nn.Conv2d). F.pad, F.unfold,
    einsum and indexing are all fine. Gradients must flow to x, weight and bias.
    """
    if padding:
        x = F.pad(x, (padding, padding, padding, padding))
    n, c, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    h_out = (h - kh) // stride + 1
    w_out = (w - kw) // stride + 1
    out = x.new_zeros((n, c_out, h_out, w_out))
    for u in range(kh):
        for v in range(kw):
            block = x[:, :, u:u + stride * (h_out - 1) + 1:stride,
                      v:v + stride * (w_out - 1) + 1:stride]
            out = out + torch.einsum("nchw,oc->nohw", block, weight[:, :, kh - 1 - u, kw - 1 - v])
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out
