"""What a model can do besides train and evaluate, one small mixin per capability.

A model says what it offers by the mixins it adds to :class:`genlab.models.base.Model`; the CLI
asks ``isinstance(model, ImageSampling)`` (never "does it happen to have a ``sample`` method?"),
and the contract test checks every registered model against the capabilities it declares.

- :class:`ImageSampling`: images from latent codes (``draw_latents`` then ``decode_latents``),
  optionally of a requested class, and latent walks: ``genlab sample``, ``genlab interpolate``.
- :class:`TextGeneration`: continues a prompt token by token: ``genlab generate``.
- :class:`SequencePrediction`: maps a source sequence to a target sequence: ``genlab translate``.
- :class:`WordEmbedding`: a vector per word, compared by cosine: ``genlab similar``, ``analogy``.
- :class:`VideoPrediction`: the next frames of a clip, one future or several: ``genlab predict``.
- :class:`ExampleLosses`: a loss per example (likelihood models), which the membership-inference
  audit of ``genlab audit`` scores.
- :class:`NoisePrediction`: a diffusion model's eps(x_t, t): ``genlab inpaint``, ``genlab edit``.
"""

from __future__ import annotations

from typing import ClassVar, Iterator

import torch

from genlab.errors import ConfigError


class ImageSampling:
    """Images in [0, 1] from latents: ``decode_latents(draw_latents(n), labels)``.

    ``conditional`` models take a class label; models trained with label dropout
    (``config.p_uncond > 0``) also take a guidance scale.
    """

    conditional: ClassVar[bool] = False
    MAX_GUIDANCE: ClassVar[float] = 20.0
    #: the knobs ``sample`` takes besides labels and guidance (``steps``, ``sampler``, ``temperature``)
    SAMPLING_OPTIONS: ClassVar[tuple[str, ...]] = ()

    # -- to implement ------------------------------------------------------------------------
    def draw_latents(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """``n`` latent codes (on the CPU, so a seeded generator gives the same codes anywhere)."""
        raise NotImplementedError

    def decode_latents(self, z: torch.Tensor, labels: torch.Tensor | None = None, **options) -> torch.Tensor:
        """Images in [0, 1] from latents ``z`` (and labels, for conditional models)."""
        raise NotImplementedError

    def export_graph(self):
        """The network ``genlab export --format onnx`` ships: by default the decoder, latents
        (and labels) -> images, right for single-pass generators; iterative samplers override
        it with the network their loop calls (see :mod:`genlab.export.graph`)."""
        from genlab.export.graph import decoder_graph

        return decoder_graph(self)

    # -- the rules of sampling ---------------------------------------------------------------
    def check_labels(self, labels) -> torch.Tensor | None:
        """Validate requested classes; None means 'any class' (balanced for conditional models)."""
        if labels is None:
            return None
        if not self.conditional:
            raise ConfigError(f"model {self.config.name!r} is not class-conditional, so it cannot "
                              "sample a requested class; class-conditional models: cvae, cgan, "
                              "diffusion (class_conditional = true)")
        labels = torch.as_tensor(labels, dtype=torch.long)
        k = self.data_info.num_classes
        if labels.numel() and (labels.min() < 0 or labels.max() >= k):
            bad = int(labels[(labels < 0) | (labels >= k)][0])
            raise ConfigError(f"class {bad} is out of range; this run has classes 0..{k - 1}"
                              + (f" ({', '.join(self.data_info.classes)})" if self.data_info.classes else ""))
        return labels

    def check_guidance(self, guidance: float | None) -> dict:
        """The sampling options for a guidance scale (none for ``None``): only a conditional
        model trained with label dropout has a label-free case to guide away from."""
        if guidance is None:
            return {}
        if not self.conditional or getattr(self.config, "p_uncond", 0) <= 0:
            raise ConfigError(f"guidance needs a class-conditional model trained with label dropout "
                              f"(p_uncond > 0: cvae, diffusion); this run's {self.config.name!r} "
                              "model has none")
        if not 0 <= guidance <= self.MAX_GUIDANCE:
            raise ConfigError(f"guidance must be between 0 and {self.MAX_GUIDANCE:g}, got {guidance}")
        return {"guidance": float(guidance)}

    def check_sampling_options(self, options: dict) -> dict:
        """The options given (``None`` dropped), each refused in one line where this model has no
        such knob or the value is out of range; the sampler's name is checked by the model."""
        given = {k: v for k, v in options.items() if v is not None}
        for key in given:
            if key not in self.SAMPLING_OPTIONS:
                from genlab.models import MODELS, model_class

                which = [m for m in MODELS if key in getattr(model_class(m), "SAMPLING_OPTIONS", ())]
                raise ConfigError(f"{key} does not apply to {self.config.name!r} models; it applies to: "
                                  f"{', '.join(which)}")
        if "steps" in given and not (isinstance(given["steps"], int) and 1 <= given["steps"] <= 1000):
            raise ConfigError(f"steps must be a whole number between 1 and 1000, got {given['steps']}")
        if "temperature" in given and not 0 < given["temperature"] <= 2:
            raise ConfigError(f"temperature must be above 0 and at most 2, got {given['temperature']}")
        return given

    def balanced_labels(self, n: int) -> torch.Tensor:
        """0, 1, ..., K-1, 0, 1, ...: every class equally often."""
        return torch.arange(n) % self.data_info.num_classes

    # -- sampling ----------------------------------------------------------------------------
    @torch.no_grad()
    def sample(self, n: int, generator: torch.Generator | None = None, labels=None,
               guidance: float | None = None, batch_size: int = 500, **options) -> torch.Tensor:
        """``n`` images in [0, 1]. ``labels``: one class for all, or one per image (conditional
        models; None: every class equally often). ``guidance``: the scale w instead of the run's."""
        labels = self.check_labels(labels)
        options = {**self.check_sampling_options(options), **self.check_guidance(guidance)}
        if labels is not None and labels.dim() == 0:
            labels = labels.expand(n)
        if self.conditional and labels is None:
            labels = self.balanced_labels(n)
        z = self.draw_latents(n, generator)
        out = []
        for i in range(0, n, batch_size):
            y = labels[i:i + batch_size].to(self.device) if labels is not None else None
            out.append(self.decode_latents(z[i:i + batch_size].to(self.device), y, **options).float())
        return torch.cat(out).clamp(0, 1)

    @torch.no_grad()
    def interpolate(self, generator: torch.Generator | None = None, rows: int = 8, steps: int = 10,
                    labels=None, **options) -> torch.Tensor:
        """A latent walk: each row goes from one random latent to another along a great circle
        (spherical interpolation keeps Gaussian latents at a typical norm; Shoemake 1985,
        White 2016 "Sampling generative networks"). Conditional models keep one class per row."""
        labels = self.check_labels(labels)
        ends = self.draw_latents(2 * rows, generator)
        a, b = ends[:rows], ends[rows:]
        t = torch.linspace(0, 1, steps)
        z = torch.stack([slerp(a, b, float(s)) for s in t], 1).flatten(0, 1)   # row-major
        y = None
        if self.conditional:
            per_row = labels.expand(rows) if labels is not None and labels.dim() == 0 else (
                labels if labels is not None else self.balanced_labels(rows))
            y = per_row.repeat_interleave(steps).to(self.device)
        return self.decode_latents(z.to(self.device), y, **options).float().clamp(0, 1)


def embed_labels(embedding: torch.nn.Embedding, labels: torch.Tensor) -> torch.Tensor:
    """The embedding of integer ``labels``, or of *soft* labels: float rows of weights over the
    classes (and the null label, last), e.g. 0.3 of "sandal" and 0.7 of "sneaker". A soft row
    embeds as the weighted mean of the class embeddings, which is how a morph between two classes
    moves through the conditioning space (see :mod:`genlab.pipelines.morphing`)."""
    if labels.is_floating_point():
        return labels[:, :embedding.num_embeddings].to(embedding.weight.dtype) @ embedding.weight
    return embedding(labels)


def null_labels(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """The null label (index ``num_classes``, "no class") in the form of ``labels``."""
    if labels.is_floating_point():
        null = torch.zeros_like(labels)
        null[:, num_classes] = 1.0
        return null
    return torch.full_like(labels, num_classes)


class TextGeneration:
    """A language model's continuation of a prompt."""

    def generate_text(self, prompt: str, max_tokens: int, temperature: float = 1.0,
                      top_k: int | None = None, top_p: float | None = None,
                      generator: torch.Generator | None = None) -> Iterator[str]:
        """Yield the text of each new token as it is sampled (for streaming to a terminal)."""
        raise NotImplementedError


class SequencePrediction:
    """A sequence-to-sequence model's output for a source string."""

    def predict(self, source: str, beam: int = 1) -> str:
        """The decoded target for ``source`` (greedy for ``beam = 1``, else beam search)."""
        raise NotImplementedError


class WordEmbedding:
    """One vector per vocabulary word."""

    def most_similar(self, word: str, k: int = 10) -> list[tuple[str, float]]:
        raise NotImplementedError

    def analogy(self, a: str, b: str, c: str, k: int = 5) -> list[tuple[str, float]]:
        raise NotImplementedError


class VideoPrediction:
    """Future frames from input frames; a ``stochastic`` model draws a different future each time."""

    stochastic: ClassVar[bool] = False

    def predict(self, inputs: torch.Tensor, samples: int = 1) -> torch.Tensor:
        """(B, frames_in, C, H, W) in [0, 1] -> (samples, B, frames_out, C, H, W) in [0, 1]."""
        raise NotImplementedError

    def check_samples(self, samples: int) -> int:
        if samples < 1:
            raise ConfigError(f"--samples must be at least 1, got {samples}")
        if samples > 1 and not self.stochastic:
            raise ConfigError(f"model {self.config.name!r} is deterministic: every sample of the future "
                              "would be the same; draw several futures with a stochastic model")
        return samples


class ExampleLosses:
    """A loss for each example of a batch, lower for examples the model fits better: the
    per-image negative ELBO of a VAE, the denoising error of a diffusion model. It must not
    depend on the other examples of the batch, and with the same ``generator`` seed it is the
    same number each time (the audit compares training and held-out examples by it)."""

    def example_losses(self, batch, generator: torch.Generator | None = None) -> torch.Tensor:
        """(N,) losses of the N examples of ``batch`` (float images in [0, 1], labels)."""
        raise NotImplementedError


class NoisePrediction:
    """A diffusion model's noise prediction eps(x_t, t) over its noise schedule: what inpainting
    (RePaint) and image-to-image editing (SDEdit) in :mod:`genlab.pipelines` run on. Images live
    in [-1, 1] here."""

    schedule = None  # a genlab.schedulers.NoiseSchedule

    def noise_predictor(self, labels: torch.Tensor | None = None, guidance: float | None = None):
        """``eps_fn(x_t, t)`` for the given classes (None: the unconditional prediction)."""
        raise NotImplementedError


CAPABILITIES = (ImageSampling, TextGeneration, SequencePrediction, WordEmbedding, VideoPrediction,
                ExampleLosses, NoisePrediction)


def slerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation between rows of ``a`` and ``b`` (linear where they are parallel)."""
    fa, fb = a.flatten(1), b.flatten(1)
    cos = (fa * fb).sum(1) / (fa.norm(dim=1) * fb.norm(dim=1)).clamp_min(1e-8)
    omega = torch.acos(cos.clamp(-1 + 1e-7, 1 - 1e-7))[:, None]
    so = torch.sin(omega)
    near = so.abs() < 1e-4
    wa = torch.where(near, torch.full_like(so, 1 - t), torch.sin((1 - t) * omega) / so)
    wb = torch.where(near, torch.full_like(so, t), torch.sin(t * omega) / so)
    return (wa * fa + wb * fb).view_as(a)


def require(model, capability: type, command: str):
    """``model`` if it has ``capability``; else a one-line error naming the models that do."""
    if isinstance(model, capability):
        return model
    from genlab.models import models_with

    raise ConfigError(f"{command} needs a model that {_WHAT[capability]}; this run's "
                      f"{model.config.name!r} does not (models that do: {', '.join(models_with(capability))})")


_WHAT = {ImageSampling: "samples images", TextGeneration: "generates text",
         SequencePrediction: "predicts sequences", WordEmbedding: "embeds words",
         VideoPrediction: "predicts video frames", ExampleLosses: "scores each example's likelihood",
         NoisePrediction: "predicts noise (a diffusion model)"}
