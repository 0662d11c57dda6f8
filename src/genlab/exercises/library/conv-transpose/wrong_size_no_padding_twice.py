# Plausible mistake: subtracts the padding only once
"""Deep learning: the transposed convolution, how generators go from 7x7 to 28x28.

A stride-s convolution maps a big image to a small one; a transposed convolution goes the other
way: every input pixel "paints" a copy of the kernel, scaled by its value, into the output at s
times its position, and overlapping copies add up. (It is the gradient of the convolution with
respect to its input, hence the name.) Where copies overlap unevenly it leaves a checkerboard
pattern, a known artefact of GAN samples (Odena et al. 2016).

Check your work with:  genlab check conv-transpose
"""

import torch


def conv_transpose_output_size(n, kernel, stride=1, padding=0, output_padding=0):
    """The output side of a transposed convolution over an input of side ``n``."""
    return (n - 1) * stride - padding + kernel + output_padding


def conv_transpose2d(x, w, stride=1):
    """Transposed convolution of one image ``x`` (H, W) with one kernel ``w`` (k, k), stride
    ``stride``, no padding: out[s*i + a, s*j + b] += x[i, j] * w[a, b]. Returns the output."""
    k = w.shape[0]
    h, wd = x.shape
    out = torch.zeros(conv_transpose_output_size(h, k, stride), conv_transpose_output_size(wd, k, stride),
                      dtype=x.dtype)
    for i in range(h):
        for j in range(wd):
            out[stride * i:stride * i + k, stride * j:stride * j + k] += x[i, j] * w
    return out
