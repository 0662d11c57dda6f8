# Plausible mistake: halves the image only once, so the bottleneck is 32 x 14 x 14
"""Generative basics: an autoencoder's two halves, and where the bottleneck is.

The encoder squeezes a 28x28 image (784 numbers) through two stride-2 convolutions (28 -> 14 ->
7) and a linear layer into d numbers, the bottleneck; the decoder mirrors it back. Trained to
reproduce its input, the network must keep in those d numbers what matters most about the
images. genlab's autoencoder lab (`genlab train autoencoder`) is a wider version of this network.

Check your work with:  genlab check autoencoder-bottleneck
"""

from torch import nn


class Encoder(nn.Module):
    """(N, 1, 28, 28) -> (N, d): Conv2d(1, 16, 4, 2, 1), ReLU, Conv2d(16, 32, 4, 2, 1), ReLU,
    Flatten, Linear(32 * 7 * 7, d)."""

    def __init__(self, d):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 16, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, 1, 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(32 * 14 * 14, d))

    def forward(self, x):
        return self.net(x)


class Decoder(nn.Module):
    """(N, d) -> (N, 1, 28, 28) in [0, 1]: Linear(d, 32 * 7 * 7), ReLU, Unflatten to (32, 7, 7),
    ConvTranspose2d(32, 16, 4, 2, 1), ReLU, ConvTranspose2d(16, 1, 4, 2, 1), Sigmoid."""

    def __init__(self, d):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d, 32 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (32, 7, 7)),
            nn.ConvTranspose2d(32, 16, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 4, 2, 1), nn.Sigmoid())

    def forward(self, z):
        return self.net(z)
