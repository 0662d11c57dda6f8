# Plausible mistake: uses a uniform 11 x 11 window
"""Image and video generation: SSIM (Wang, Bovik, Sheikh & Simoncelli 2004).

Mean squared error treats every pixel alike; SSIM compares images the way the eye roughly does,
window by window: luminance (local means), contrast (local standard deviations) and structure
(their correlation), each a number in [-1, 1] multiplied together. Blurry predictions, which
MSE favours, score poorly on structure. `genlab evaluate` on the video labs reports it.

Check your work with:  genlab check ssim
"""

import torch
import torch.nn.functional as F


def gaussian_window(size=11, sigma=1.5):
    """The (size, size) Gaussian window, summing to 1."""
    offsets = torch.arange(size, dtype=torch.float32) - (size - 1) / 2
    g = torch.ones_like(offsets)
    g = g / g.sum()
    return g[:, None] * g[None, :]


def ssim(x, y, data_range=1.0):
    """Mean SSIM of two single-channel images ``x``, ``y`` (N, 1, H, W). Both are first padded
    by 5 pixels on every side by reflection (as torchmetrics does), so the map has their size."""
    x, y = F.pad(x, (5, 5, 5, 5), mode="reflect"), F.pad(y, (5, 5, 5, 5), mode="reflect")
    w = gaussian_window()[None, None].to(x.dtype)
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    mu_x, mu_y = F.conv2d(x, w), F.conv2d(y, w)
    var_x = F.conv2d(x * x, w) - mu_x ** 2
    var_y = F.conv2d(y * y, w) - mu_y ** 2
    cov = F.conv2d(x * y, w) - mu_x * mu_y
    ssim_map = ((2 * mu_x * mu_y + c1) * (2 * cov + c2)) / ((mu_x ** 2 + mu_y ** 2 + c1) * (var_x + var_y + c2))
    return ssim_map.mean()
