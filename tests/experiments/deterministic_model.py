"""A model without any randomness in its loss, so that training runs can be compared exactly."""

import math

import torch
from torch import nn

from genlab.models.base import Model, LossOutput, ModelConfig


class TinyAutoencoder(Model):
    class Config(ModelConfig):
        name: str = "tests.experiments.deterministic_model:TinyAutoencoder"
        hidden: int = 8

    key_metric = "test/loss"

    def __init__(self, config, data):
        super().__init__(config, data)
        dims = math.prod(data.shape)
        self.encode = nn.Linear(dims, config.hidden)
        self.decode = nn.Linear(config.hidden, dims)

    def loss(self, batch):
        x = batch[0].flatten(1)
        out = self.decode(torch.tanh(self.encode(x)))
        return LossOutput(((out - x) ** 2).sum(1).mean())

    def sample(self, n, generator=None, **options):
        z = torch.randn(n, self.config.hidden, generator=generator)
        return torch.sigmoid(self.decode(z)).view(n, *self.data_info.shape)
