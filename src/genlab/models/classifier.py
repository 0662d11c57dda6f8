"""A small CNN classifier: the feature extractor behind genlab's sample-quality metrics.

FID (Heusel et al., 2017) compares generated and real images through the features of an image
classifier; the original uses Inception-v3 trained on ImageNet. Those weights cannot be
downloaded here, and 299x299 colour features are a poor judge of 28x28 grey images anyway, so
genlab trains a classifier *for the dataset* with its own trainer and ships the weights
(``genlab/metrics/weights/<dataset>.safetensors``). The metrics use its penultimate layer (128
numbers per image, after the ReLU) as the feature space and its softmax as the label.

The network is the classic VGG-like stack for MNIST-sized images: pairs of 3x3 convolutions with
batch norm, max-pooling 28 -> 14 -> 7 -> 3, a 128-unit hidden layer with dropout, then the class
logits. It reaches about 92% test accuracy on Fashion-MNIST in a few CPU minutes.

Only the MNIST *test* set is on this machine, so for MNIST the model can train on a split of it:
``holdout = 8000`` trains on its first 8000 images and evaluates on the other 2000.
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.models.base import DataInfo, LossOutput, Model, ModelConfig


class ClassifierConfig(ModelConfig):
    name: Literal["classifier"] = "classifier"
    channels: int = Field(32, ge=1, description="channels of the first block; doubled in the second")
    features: int = Field(128, ge=2, description="size of the penultimate layer (the metric space)")
    dropout: float = Field(0.3, ge=0, lt=1)
    norm: Literal["batch", "group"] = Field("batch", description="batch norm, or group norm (DP-SGD "
                                            "needs it: batch statistics mix the examples)")
    holdout: int = Field(0, ge=0, description="if > 0: train on the first N test images and "
                         "evaluate on the rest (for datasets with only a test split here)")


class Classifier(Model):
    Config = ClassifierConfig
    key_metric = "test/accuracy"

    def __init__(self, config: ClassifierConfig, data: DataInfo):
        super().__init__(config, data)
        c, h, w = data.shape
        ch = config.channels

        def block(cin, cout):
            norm = nn.BatchNorm2d(cout) if config.norm == "batch" else nn.GroupNorm(min(8, cout), cout)
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), norm, nn.ReLU()]

        self.conv = nn.Sequential(*block(c, ch), *block(ch, ch), nn.MaxPool2d(2),
                                  *block(ch, 2 * ch), *block(2 * ch, 2 * ch), nn.MaxPool2d(2),
                                  *block(2 * ch, 2 * ch), nn.MaxPool2d(2), nn.Flatten())
        flat = 2 * ch * (h // 8) * (w // 8)
        self.hidden = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(flat, config.features), nn.ReLU())
        self.head = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(config.features, data.num_classes))

    @classmethod
    def dp_problem(cls, config) -> str | None:
        if config.norm == "batch":
            return ("batch norm mixes the examples of a batch, so per-example gradients do not exist; "
                    "add --set model.norm=group (or use the classifier-fashion-dp recipe)")
        return None

    @classmethod
    def load_data(cls, cfg, splits=("train", "test")) -> list:
        holdout = cfg.model.get("holdout")
        if not holdout:
            return super().load_data(cfg, splits)
        from genlab.data.images import split_test_set

        d = cfg.data
        return split_test_set(d.dataset, holdout, splits, d.data_dir, d.download)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate activations, (N, features): the space FID, KID and P/R are computed in."""
        # images in [0, 1] are centred so that a plain grey image maps near zero
        return self.hidden(self.conv(x * 2 - 1))

    def export_graph(self):
        from genlab.export.graph import Call, ExportGraph

        x = torch.rand(2, *self.data_info.shape, device=self.device)
        shape = "x".join(map(str, self.data_info.shape))
        return ExportGraph(Call(self, lambda x: self(x)), (x,), ["image"], ["logits"],
                           f"classifier: image (N, {shape}) in [0, 1] -> logits (N, {self.data_info.num_classes})")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))

    def loss(self, batch) -> LossOutput:
        x, y = batch[0], batch[1]
        logits = self(x)
        loss = F.cross_entropy(logits, y)
        acc = (logits.argmax(1) == y).float().mean()
        return LossOutput(loss, {"accuracy": acc.detach()})

    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, **options) -> dict[str, float]:
        out = super().evaluate(batches)
        return {"loss": out["loss"], "accuracy": out["accuracy"]}

    @torch.no_grad()
    def visualize(self, batch, generator, num_samples) -> dict[str, torch.Tensor]:
        # a classifier does not sample: show the test images it gets wrong instead
        x, y = batch[0], batch[1]
        wrong = self(x).argmax(1) != y
        return {"misclassified": x[wrong][:num_samples]} if wrong.any() else {}
