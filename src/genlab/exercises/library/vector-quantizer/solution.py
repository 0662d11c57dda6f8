"""Specialization: the vector quantizer of a VQ-VAE (van den Oord, Vinyals & Kavukcuoglu 2017).

A VQ-VAE turns an image into tokens: the encoder's grid of D-dimensional vectors z_e, each
replaced by the nearest of K learned code vectors (the codebook). A nearest-neighbour lookup has
no gradient, so the decoder's gradient is copied *straight through* to the encoder, and two loss
terms train what the lookup cannot: the codebook moves towards the encoder outputs, and the
encoder commits to its codes (weight beta; the paper uses 0.25):

    loss = ||sg(z_e) - e||^2 + beta ||z_e - sg(e)||^2     (sg: stop the gradient)

genlab's version: `genlab.models.vqvae.Codebook.forward`.

Check your work with:  genlab check vector-quantizer
"""

import torch
import torch.nn.functional as F


def quantize(z_e, codebook, beta):
    """Encoder outputs ``z_e`` (N, D, H, W) and a codebook (K, D) -> (z_q, codes, vq_loss):
    z_q (N, D, H, W) holds each vector's nearest code (gradient straight through to z_e), codes
    (N, H, W) their indices, vq_loss the codebook loss plus beta times the commitment loss
    (each a mean squared error)."""
    n, d, h, w = z_e.shape
    flat = z_e.permute(0, 2, 3, 1).reshape(-1, d)
    dist = (flat ** 2).sum(1, keepdim=True) - 2 * flat @ codebook.t() + (codebook ** 2).sum(1)
    codes = dist.argmin(1).view(n, h, w)
    e = codebook[codes].permute(0, 3, 1, 2)
    vq_loss = F.mse_loss(e, z_e.detach()) + beta * F.mse_loss(z_e, e.detach())
    z_q = z_e + (e - z_e).detach()
    return z_q, codes, vq_loss
