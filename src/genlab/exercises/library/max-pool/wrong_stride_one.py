# Plausible mistake: uses stride 1 by default instead of the window size
"""Deep learning: max pooling.

Max pooling keeps the largest activation of every small window, shrinking the feature map and
making the network less sensitive to small shifts. Gradients flow only to the maxima.

Check your work with:  genlab check max-pool
"""

import torch


def max_pool2d(x, kernel_size, stride=None):
    """Max pooling of ``x`` (N, C, H, W) over ``kernel_size`` x ``kernel_size`` windows.

    ``stride`` defaults to ``kernel_size``. No padding: windows that would run past the edge
    are dropped, so H_out = (H - kernel_size) // stride + 1 (W_out alike). Returns
    (N, C, H_out, W_out). Use tensor operations (not F.max_pool2d) so gradients flow to x.
    """
    stride = 1 if stride is None else stride
    n, c, h, w = x.shape
    h_out = (h - kernel_size) // stride + 1
    w_out = (w - kernel_size) // stride + 1
    out = torch.full((n, c, h_out, w_out), float("-inf"), dtype=x.dtype)
    for u in range(kernel_size):
        for v in range(kernel_size):
            block = x[:, :, u:u + stride * (h_out - 1) + 1:stride,
                      v:v + stride * (w_out - 1) + 1:stride]
            out = torch.maximum(out, block)
    return out
