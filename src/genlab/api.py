"""genlab's Python API: the verbs of the CLI as functions, for notebooks and scripts.

    import genlab
    run = genlab.train("vae", minutes=1, set={"model.latent_dim": 8})
    run.metrics                 # the final test metrics
    run.samples(16)             # a grid; a notebook shows it inline
    run.curves()                # a matplotlib Figure
    genlab.compare(run, genlab.load("last"))

The CLI is a thin layer over these functions (one code path): same names, same defaults, and
the same errors (:mod:`genlab.errors`), which the CLI prints as one line and a notebook shows
as an exception with that line. torch is imported only by the calls that need it.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from genlab.errors import ConfigError, RunError
from genlab.toml import literal

# the convenience arguments of train(), as the config keys they set
FLAG_KEYS = {"dataset": "data.dataset", "batch_size": "data.batch_size", "data_dir": "data.data_dir",
             "download": "data.download", "lr": "optim.lr", "epochs": "train.epochs",
             "steps": "train.steps", "minutes": "train.minutes", "seed": "train.seed",
             "device": "train.device", "precision": "train.precision", "tensorboard": "train.tensorboard"}


def overrides_from(set: Mapping[str, Any] | Iterable[str] | None = None, **flags) -> list[str]:  # noqa: A002
    """``section.key=value`` overrides from the convenience flags, then from ``set`` (a dict of
    values, or ``"key=value"`` strings as the CLI's ``--set`` takes them)."""
    out = [f"{FLAG_KEYS[k]}={literal(v)}" for k, v in flags.items() if v is not None]
    if isinstance(set, Mapping):
        out += [f"{k}={literal(v)}" for k, v in set.items()]
    elif set is not None:
        if isinstance(set, str):
            raise ConfigError(f"set= takes a dict or a list of 'key=value' strings, got the string {set!r}")
        out += list(set)
    return out


# -- training ---------------------------------------------------------------------------------
def train(recipe: str | Path = "vae", *, dataset: str | None = None, epochs: float | None = None,
          steps: int | None = None, minutes: float | None = None, batch_size: int | None = None,
          lr: float | None = None, seed: int | None = None, device: str | None = None,
          precision: str | None = None, set: Mapping[str, Any] | Iterable[str] | None = None,  # noqa: A002
          name: str | None = None, runs_dir: str | Path | None = None,
          data_dir: str | Path | None = None, download: bool | None = None,
          resume: "str | Path | Run | None" = None, quiet: bool = False,
          tensorboard: bool | None = None, console=None) -> "Run":
    """Train a recipe (a name from ``genlab recipes`` or a .toml file) and return its :class:`Run`.

    Every setting is checked before data is loaded or a run folder is made, so a refused config
    leaves nothing behind. ``resume``: a run (or its folder or name) to continue instead."""
    from genlab.config import load_config
    from genlab.run_folder.run_dir import RunDir, runs_root
    from genlab.training import distributed, job

    overrides = overrides_from(set, dataset=dataset, epochs=epochs, steps=steps, minutes=minutes,
                               batch_size=batch_size, lr=lr, seed=seed, device=device,
                               precision=precision, data_dir=data_dir, download=download,
                               tensorboard=tensorboard)
    dist = distributed.init_from_env()  # a no-op unless started by torchrun
    console = console if console is not None else _console()
    say = console.print if dist.is_main else (lambda *a, **k: None)
    data = model = None
    if resume is not None:
        run = _run_dir(resume, runs_dir)
        cfg = job.prepare(job.resume_config(run, overrides), dist.world_size)
        say(f"resuming [bold]{run.path}[/]")
    else:
        cfg = job.prepare(load_config(str(recipe), overrides), dist.world_size)
        if cfg.train.tensorboard:
            from genlab.run_folder.tensorboard import require_tensorboard

            require_tensorboard()
        data = job.load_data(cfg)
        job.check_data(cfg, data)
        model = job.build_model(cfg, data[0].info())
        path = job.new_run(cfg, runs_root(runs_dir), name).path if dist.is_main else None
        run = RunDir(distributed.broadcast_object(path, dist))
        say(f"run folder: [bold]{run.path}[/]" + (f" ({dist.world_size} processes)" if dist.enabled else ""))
    try:
        result = job.train(cfg, run, resume=resume is not None, console=console, progress=not quiet,
                           data=data, model=model)
        distributed.barrier(dist)  # rank 0 finishes its evaluation and report before anyone leaves
    finally:
        distributed.shutdown(dist)
    out = Run(run)
    out.fit, out.main_process = result, dist.is_main
    return out


def _console():
    """rich's console; in Jupyter it draws the progress bar as a notebook widget."""
    from rich.console import Console

    return Console()


# -- runs -------------------------------------------------------------------------------------
def load(run: "str | Path | Run" = "last", runs_dir: str | Path | None = None) -> "Run":
    """A finished (or running) run: its folder, its name under the runs folder, or ``"last"``;
    or a model folder written by ``genlab export --format safetensors-folder`` (opened offline)."""
    if isinstance(run, Run):
        return run
    from genlab.export.folder import is_model_folder

    if is_model_folder(Path(run)):
        return ModelFolder(Path(run))
    return Run(_run_dir(run, runs_dir))


def runs(runs_dir: str | Path | None = None, trials: bool = False) -> list["Run"]:
    """Every run in the runs folder, oldest first; ``trials=True`` adds every sweep's trials."""
    from genlab.experiments.runs_table import sweep_trials
    from genlab.run_folder.run_dir import list_runs, runs_root

    root = runs_root(runs_dir)
    found = list_runs(root)
    if trials:
        found += [t for group in sweep_trials(root).values() for t in group]
    return [Run(r) for r in found]


def _run_dir(ref, runs_dir=None):
    from genlab.run_folder.run_dir import RunDir

    if isinstance(ref, Run):
        return ref.run_dir
    return RunDir.open(ref, runs_dir)


class Run:
    """One run folder: config, metrics, curves, report, and its trained model on demand.

    The model is loaded from the newest checkpoint the first time a method needs it."""

    def __init__(self, run_dir):
        self.run_dir = run_dir
        self.fit = None  # what train() measured: status, steps, metrics, seconds
        self.main_process = True  # False on the other ranks of a torchrun job
        self._model = None

    # what the folder says
    @property
    def path(self) -> Path:
        return self.run_dir.path

    @property
    def name(self) -> str:
        return self.run_dir.name

    @property
    def config(self) -> dict[str, Any]:
        return self.run_dir.read_config()

    @property
    def info(self) -> dict[str, Any]:
        return self.run_dir.read_info()

    @property
    def status(self) -> str:
        return self.info.get("status", "unknown")

    @property
    def metrics(self) -> dict[str, float]:
        """The last value of each test metric."""
        return self.run_dir.final_metrics()

    @property
    def history(self) -> list[dict[str, Any]]:
        """Every logged record (``step``, ``train/*``, ``test/*``), in order."""
        return self.run_dir.read_metrics()

    @property
    def report_path(self) -> Path:
        return self.run_dir.report

    def curves(self, metrics: Sequence[str] | None = None):
        """The training curves as a matplotlib Figure (one panel per metric)."""
        from genlab.run_folder.plots import curve_keys, curves_figure

        records = self.history
        return curves_figure({"": records}, list(metrics or curve_keys(records)), self.name)

    def horizons(self):
        """A video run's final scores by horizon (frames ahead) against its baselines, as a
        matplotlib Figure; None for other runs."""
        from genlab.run_folder.plots import horizons_figure

        return horizons_figure(self.run_dir.final_metrics(), self.name)

    # what the model does
    def model(self, device: str = "auto"):
        """The trained model (newest checkpoint), in eval mode."""
        if self._model is None:
            from genlab.training.job import load_trained

            self._model, _ = load_trained(self.run_dir, device)
        return self._model

    def samples(self, n: int = 64, class_: int | None = None, seed: int = 0,
                guidance: float | None = None, device: str = "auto", *, steps: int | None = None,
                sampler: str | None = None, temperature: float | None = None) -> "Samples":
        """``n`` images from an image model; ``class_`` for conditional models, ``guidance`` to
        override the run's guidance scale (cvae, diffusion, flow-matching). ``steps`` and
        ``sampler`` for iterative samplers (diffusion: ddim/ddpm; flow-matching: euler/midpoint),
        ``temperature`` for realnvp and vqvae; a model without the knob says so."""
        if not 1 <= n <= 4096:
            raise ConfigError(f"n must be between 1 and 4096, got {n}")
        import torch

        from genlab.models.capabilities import ImageSampling, require

        model = require(self.model(device), ImageSampling, "genlab sample")
        options = {"steps": steps, "sampler": sampler, "temperature": temperature}
        images = model.sample(n, generator=torch.Generator().manual_seed(seed), labels=class_,
                              guidance=guidance, **options)
        given = {k: v for k, v in options.items() if v is not None}
        return Samples(images, provenance=self.provenance(seed=seed, class_=class_, guidance=guidance, **given))

    def interpolate(self, rows: int = 8, steps: int = 10, class_: int | None = None,
                    seed: int = 0, device: str = "auto") -> "Samples":
        """Walks between random latents (AE/VAE/GAN) or initial noises (diffusion), one per row."""
        if not 1 <= rows <= 64 or not 2 <= steps <= 32:
            raise ConfigError(f"rows must be in 1..64 and steps in 2..32, got {rows} and {steps}")
        import torch

        from genlab.models.capabilities import ImageSampling, require

        model = require(self.model(device), ImageSampling, "genlab interpolate")
        images = model.interpolate(torch.Generator().manual_seed(seed), rows=rows, steps=steps,
                                   labels=class_)
        return Samples(images, nrow=steps, provenance=self.provenance(seed=seed, what="interpolation"))

    def generate(self, prompt: str = "\n", tokens: int = 500, temperature: float = 0.8,
                 top_k: int | None = None, top_p: float | None = None, seed: int = 0,
                 device: str = "auto", stop: Sequence[str] = ()) -> str:
        """Text from a language model (gpt, char-rnn), the prompt not included. ``stop``: strings
        that end the text where one first appears (it is not included)."""
        return "".join(self.stream(prompt, tokens, temperature, top_k, top_p, seed, device, stop))

    def stream(self, prompt: str = "\n", tokens: int = 500, temperature: float = 0.8,
               top_k: int | None = None, top_p: float | None = None, seed: int = 0,
               device: str = "auto", stop: Sequence[str] = ()):
        """:meth:`generate`, piece by piece as it is sampled."""
        from genlab.models.lm import check_sampling

        check_sampling(temperature, top_k, top_p)
        if tokens < 0:
            raise ConfigError(f"tokens must be >= 0, got {tokens}")
        if any(not s for s in stop):
            raise ConfigError("a stop string cannot be empty")
        import torch

        from genlab.models.capabilities import TextGeneration, require

        model = require(self.model(device), TextGeneration, "genlab generate")
        pieces = model.generate_text(prompt, tokens, temperature, top_k, top_p,
                                     generator=torch.Generator().manual_seed(seed))
        yield from until_stop(pieces, tuple(stop))

    def predict(self, text: str, beam: int = 1) -> str:
        """A seq2seq model's output for ``text`` (greedy, or beam search of width ``beam``)."""
        if beam < 1:
            raise ConfigError(f"beam must be >= 1, got {beam}")
        from genlab.models.capabilities import SequencePrediction, require

        return require(self.model("cpu"), SequencePrediction, "genlab translate").predict(text, beam=beam)

    def forecast(self, clips=None, samples: int = 1, n: int = 4, device: str = "auto") -> "Forecast":
        """A video model's futures of ``clips`` (an array or tensor (N, T, H, W) or (N, T, 1, H, W),
        uint8 or in [0, 1], at least ``frames_in`` frames; or a .npy path), or of the first ``n``
        clips of its test set. ``samples`` futures each (stochastic models only)."""
        import torch

        from genlab.models.capabilities import VideoPrediction, require

        model = require(self.model(device), VideoPrediction, "genlab predict")
        samples = model.check_samples(samples)
        frames = self._clips(model, clips, n)
        inputs = frames[:, :model.frames_in].to(model.device)
        future = frames[:, model.frames_in:model.frames_in + model.frames_out]
        if future.shape[1] != model.frames_out:
            future = None  # only the inputs were given: there is no truth to compare with
        with torch.no_grad():
            preds = model.predict(inputs, samples).cpu()
        return Forecast(inputs.cpu(), None if future is None else future.cpu(), preds,
                        provenance=self.provenance(samples=samples))

    def _clips(self, model, clips, n: int):
        import torch

        from genlab.data.moving_digits import read_clip_array
        from genlab.errors import DataError

        if clips is None:
            from genlab.training.job import load_data

            [test] = load_data(self.config_object(), splits=("test",))
            return next(test.eval_batches(n))[0][:n].cpu()
        if isinstance(clips, (str, Path)):
            clips = read_clip_array(clips).float().div(255)
        clips = torch.as_tensor(clips)
        if clips.dtype == torch.uint8:
            clips = clips.float().div(255)
        if clips.ndim == 4:
            clips = clips[:, :, None]
        _, c, h, w = model.data_info.shape
        if clips.ndim != 5 or tuple(clips.shape[2:]) != (c, h, w):
            raise DataError(f"clips must be (clips, frames, {h}, {w}) for this run; got {tuple(clips.shape)}")
        if clips.shape[1] < model.frames_in:
            raise DataError(f"this model reads {model.frames_in} input frames; the clips have {clips.shape[1]}")
        return clips.float().clamp(0, 1)

    # creative tools (genlab.pipelines)
    def inpaint(self, image, mask, n: int = 8, steps: int = 50, resample: int = 5,
                class_: int | None = None, guidance: float | None = None, seed: int = 0,
                device: str = "auto") -> "Samples":
        """Fill the ``mask`` region of ``image`` with a diffusion run (RePaint). ``image``: a file
        or ``"test:K"``; ``mask``: a file (white = fill) or left/right/top/bottom/centre. The grid
        shows the image, the masked image, then ``n`` completions."""
        from genlab.pipelines.inpainting import inpaint
        from genlab.pipelines.inputs import read_image, read_mask

        model = self._diffusion("genlab inpaint", device)
        for name, value, high in (("n", n, 64), ("steps", steps, 1000), ("resample", resample, 20)):
            _check_range(name, value, 1, high)
        x = read_image(image, model.data_info.shape, self._test_images)
        fill = read_mask(mask, model.data_info.shape)
        labels = self._class_tensor(model, class_)
        out = inpaint(model, x, fill, n, steps, resample, labels, guidance, self._gen(seed))
        shown = x.masked_fill(fill, 0.5)
        return Samples(_with_inputs([x, shown], out), nrow=n + 2, provenance=self.provenance(
            what="inpainting (RePaint)", seed=seed, input_image=str(image), mask=str(mask), steps=steps,
            resample=resample, class_=class_))

    def edit(self, image, strength: float = 0.6, n: int = 8, steps: int = 25,
             class_: int | None = None, guidance: float | None = None, seed: int = 0,
             device: str = "auto") -> "Samples":
        """Image-to-image with a diffusion run (SDEdit): noise ``image`` (a file, a sketch, or
        ``"test:K"``) to ``strength`` of the way and denoise. The grid shows the input, then ``n``
        edits."""
        from genlab.pipelines.image_to_image import edit
        from genlab.pipelines.inputs import read_image

        model = self._diffusion("genlab edit", device)
        for name, value, high in (("n", n, 64), ("steps", steps, 1000)):
            _check_range(name, value, 1, high)
        x = read_image(image, model.data_info.shape, self._test_images)
        labels = self._class_tensor(model, class_)
        out = edit(model, x, strength, n, steps, labels, guidance, self._gen(seed))
        return Samples(_with_inputs([x], out), nrow=n + 1, provenance=self.provenance(
            what="image-to-image (SDEdit)", seed=seed, input_image=str(image), strength=strength,
            steps=steps, class_=class_))

    def morph(self, a: int, b: int, frames: int = 24, rows: int = 4, seed: int = 0,
              device: str = "auto") -> "Animation":
        """A conditional run's morph from class ``a`` to class ``b`` (class embedding and noise
        interpolated together), ``rows`` styles side by side."""
        from genlab.models.capabilities import ImageSampling, require
        from genlab.pipelines.morphing import class_morph

        model = require(self.model(device), ImageSampling, "genlab morph")
        if not model.conditional:
            raise ConfigError(f"genlab morph needs a class-conditional model (cgan, cvae, diffusion); "
                              f"this run's {model.config.name!r} has no classes")
        _check_range("rows", rows, 1, 16)
        out = class_morph(model, a, b, frames, rows, self._gen(seed))
        names = model.data_info.classes
        return Animation(out, nrow=rows, provenance=self.provenance(
            what=f"class morph {names[a] if names else a} -> {names[b] if names else b}", seed=seed))

    def latent_map(self, frames: int = 48, device: str = "auto") -> "Animation":
        """A 2-D VAE's latent plane, decoded, with a point touring it and its image beside."""
        from genlab.models.capabilities import ImageSampling, require
        from genlab.pipelines.morphing import latent_map

        model = require(self.model(device), ImageSampling, "genlab latent-map")
        return Animation(latent_map(model, frames), provenance=self.provenance(what="latent map"))

    def _diffusion(self, command: str, device: str):
        from genlab.models.capabilities import NoisePrediction, require

        return require(self.model(device), NoisePrediction, command)

    def _class_tensor(self, model, class_):
        if class_ is None:
            return None
        import torch

        return model.check_labels(torch.tensor([class_]))

    def _test_images(self):
        from genlab.training import job

        [test] = job.load_data(self.config_object(), splits=("test",))
        return test.images

    @staticmethod
    def _gen(seed: int):
        import torch

        return torch.Generator().manual_seed(seed)

    def audit(self, only: Sequence[str] | None = None, samples: int = 2000, members: int = 1000,
              cells: int = 10, passages: int = 20, chars: int = 500, seed: int = 0,
              device: str = "auto") -> list:
        """Audit what the model generates (``genlab audit``): balance, memorization, membership
        inference and interpretability for image runs, verbatim copying for text runs. Records
        ``audit/*.json`` and a report section; returns the audits (``.name``, ``.summary``,
        ``.result``, ``.figures``)."""
        from genlab.responsible.audit import Settings, audit_run

        settings = Settings(samples=samples, members=members, cells=cells, passages=passages,
                            text_chars=chars, seed=seed, device=device)
        return audit_run(self.run_dir, list(only) if only else None, settings)

    def card(self, out: str | Path | None = None) -> Path:
        """Write the run's model card (``genlab card``); returns its path."""
        from genlab.responsible.card import write_card

        return write_card(self.run_dir, out)

    def provenance(self, **fields) -> dict[str, Any]:
        """What a file made from this run records: the run, its model and checkpoint step, and
        ``fields`` (see :mod:`genlab.responsible.provenance`)."""
        info = self.info
        return {"run": self.name, "run_path": str(self.path.resolve()), "model": info.get("model"),
                "step": info.get("step"), **{k: v for k, v in fields.items() if v is not None}}

    def config_object(self):
        """The run's resolved config as a validated object (what ``genlab train`` ran with)."""
        from genlab.config import validate

        return validate(self.config)

    def similar(self, word: str, k: int = 10) -> list[tuple[str, float]]:
        """A word2vec model's nearest words by cosine similarity."""
        from genlab.models.capabilities import WordEmbedding, require

        return require(self.model("cpu"), WordEmbedding, "genlab similar").most_similar(word, k)

    def analogy(self, a: str, b: str, c: str, k: int = 5) -> list[tuple[str, float]]:
        """a is to b as c is to ?  (the words nearest to b - a + c)."""
        from genlab.models.capabilities import WordEmbedding, require

        return require(self.model("cpu"), WordEmbedding, "genlab analogy").analogy(a, b, c, k)

    def evaluate(self, iw_samples: int | None = None, dataset: str | None = None,
                 limit: int | None = None, device: str = "auto",
                 batch_size: int | None = None) -> dict[str, float]:
        """Evaluate the newest checkpoint on the test split again (logged; report updated)."""
        if iw_samples is not None and iw_samples < 1:
            raise ConfigError(f"iw_samples must be >= 1, got {iw_samples}")
        from genlab.training.job import evaluate_run

        return evaluate_run(self.run_dir, iw_samples, dataset, limit, device, batch_size)

    # how a notebook shows it
    def __repr__(self) -> str:
        return f"Run({str(self.path)!r}, status={self.status!r})"

    def _repr_html_(self) -> str:
        import html

        info = self.info
        rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v:.4f}</td></tr>" for k, v in self.metrics.items())
        grids = self.run_dir.latest_sample_grids()
        image = ""
        if grids:
            png = next(iter(sorted(grids.items())))[1]
            image = f'<img alt="samples" style="max-width:280px" src="data:image/png;base64,{_b64(png.read_bytes())}">'
        head = (f"<b>{html.escape(self.name)}</b>: {html.escape(str(info.get('model', '?')))} on "
                f"{html.escape(str(info.get('dataset', '?')))}, {html.escape(self.status)}, "
                f"{info.get('step', 0)} steps")
        return f"<div>{head}<table>{rows}</table>{image}<br><code>{html.escape(str(self.path))}</code></div>"


class ModelFolder(Run):
    """An exported model folder (``config.json`` + ``model.safetensors``): samples, text and
    predictions as from its run, with no run folder, dataset or network needed. What needs the
    run's history (curves, reports, audits, evaluation) says so in one line."""

    def __init__(self, path: Path):
        from genlab.export.folder import read_config

        self._path = Path(path)
        self._config = read_config(self._path)
        self.fit, self.main_process, self._model = None, True, None

    @property
    def run_dir(self):
        raise RunError(f"{self._path} is an exported model folder; this needs the run folder it came "
                       f"from ({self._provenance().get('run_path', 'see provenance.json')})")

    def _provenance(self) -> dict[str, Any]:
        import json

        try:
            return json.loads((self._path / "provenance.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    @property
    def path(self) -> Path:
        return self._path

    @property
    def name(self) -> str:
        return self._path.name

    @property
    def config(self) -> dict[str, Any]:
        return self._config["config"]

    @property
    def info(self) -> dict[str, Any]:
        c = self._config
        return {"model": c.get("model"), "dataset": c.get("dataset"), "step": c.get("step"),
                "data": c.get("data"), "key_metric": c.get("key_metric"), "status": "exported"}

    @property
    def metrics(self) -> dict[str, float]:
        return dict(self._config.get("metrics") or {})

    @property
    def history(self) -> list[dict[str, Any]]:
        return []

    def model(self, device: str = "auto"):
        if self._model is None:
            from genlab.export.folder import load_model

            self._model = load_model(self._path, device)
        return self._model

    def provenance(self, **fields) -> dict[str, Any]:
        return {**super().provenance(**fields), "run": self._provenance().get("run", self.name),
                "model_folder": str(self._path.resolve())}

    def __repr__(self) -> str:
        return f"ModelFolder({str(self._path)!r}, model={self.info['model']!r})"

    def _repr_html_(self) -> str:
        import html

        return f"<div><b>{html.escape(self.name)}</b>: exported {html.escape(str(self.info['model']))} model</div>"


class Forecast:
    """Predicted futures of clips: ``inputs`` (N, T_in, 1, H, W), ``future`` (the truth, or None)
    and ``predictions`` (samples, N, T_out, 1, H, W); ``.save("clip.gif")``, ``.errors()``."""

    def __init__(self, inputs, future, predictions, provenance: dict | None = None):
        self.inputs, self.future, self.predictions = inputs, future, predictions
        self.provenance = provenance or {}

    def errors(self) -> dict[str, list[float]]:
        """Per-horizon MSE and SSIM of the first sample against the truth (averaged over clips)."""
        from genlab.metrics.video import frame_errors

        if self.future is None:
            raise ConfigError("these clips had only input frames: there is no truth to score against")
        scores = frame_errors(self.predictions[0], self.future)
        return {k: [round(float(v), 4) for v in scores[k].mean(0)] for k in ("mse", "ssim")}

    def save(self, path: str | Path) -> Path:
        """Write input | truth | prediction(s) as a looping .gif or an .mp4 (H.264)."""
        from genlab.run_folder.video import VIDEO_SUFFIXES, write_clip_video

        path = Path(path)
        if path.suffix.lower() not in VIDEO_SUFFIXES:
            raise ConfigError(f"write the clip as a .gif or an .mp4, got {path.name}")
        from genlab.responsible.provenance import stamp

        written = write_clip_video(self.inputs, self.future, list(self.predictions), path)
        stamp(written, **self.provenance)
        return written

    def _repr_html_(self) -> str:
        import base64
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            data = base64.b64encode(self.save(Path(tmp) / "clip.gif").read_bytes()).decode()
        return f'<img src="data:image/gif;base64,{data}" alt="predicted clips"/>'


def until_stop(pieces: Iterable[str], stops: tuple[str, ...]):
    """The text of ``pieces`` up to the first stop string (excluded), still streamed: only the
    last few characters, which could be the start of a stop string, are held back."""
    if not stops:
        yield from pieces
        return
    hold = max(len(s) for s in stops) - 1
    buffer = ""
    for piece in pieces:
        buffer += piece
        cut = min((i for i in (buffer.find(s) for s in stops) if i >= 0), default=-1)
        if cut >= 0:
            yield buffer[:cut]
            return
        if len(buffer) > hold:
            yield buffer[:len(buffer) - hold]
            buffer = buffer[len(buffer) - hold:]
    yield buffer


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")


def _with_inputs(inputs: list, outputs):
    """The input image(s) first, then the outputs, as one batch for a grid row."""
    import torch

    return torch.cat([torch.stack(inputs).to(outputs.dtype), outputs])


class Animation:
    """Frames of images in [0, 1] (each a batch, tiled, or one image): ``.save("x.gif")``; a
    notebook plays it inline."""

    def __init__(self, frames: list, nrow: int | None = None, provenance: dict | None = None):
        self.frames, self.nrow = frames, nrow
        self.provenance = provenance or {}

    def __len__(self) -> int:
        return len(self.frames)

    def save(self, path: str | Path, frame_ms: int = 120) -> Path:
        """Write a looping GIF (its provenance in ``<file>.provenance.json``)."""
        from genlab.run_folder.images import save_gif

        path = Path(path)
        if path.suffix.lower() != ".gif":
            raise ConfigError(f"animations are saved as .gif files, got {path}")
        return save_gif(self.frames, path, nrow=self.nrow, frame_ms=frame_ms, **self.provenance)

    def _repr_html_(self) -> str:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            data = _b64(self.save(Path(tmp) / "animation.gif").read_bytes())
        return f'<img src="data:image/gif;base64,{data}" alt="animation"/>'

    def __repr__(self) -> str:
        return f"Animation({len(self)} frames)"


class Samples:
    """A batch of images (N, C, H, W) in [0, 1], shown as one grid in a notebook."""

    def __init__(self, images, nrow: int | None = None, provenance: dict | None = None):
        self.images = images
        self.nrow = nrow
        self.provenance = provenance or {}  # what the saved PNG records besides its content

    def __len__(self) -> int:
        return len(self.images)

    def save(self, path: str | Path) -> Path:
        """Write the grid as a PNG (scaled up so small images stay visible)."""
        from genlab.run_folder.images import save_grid

        path = Path(path)
        if path.suffix.lower() != ".png":
            raise ConfigError(f"samples are saved as .png files, got {path}")
        return save_grid(self.images, path, nrow=self.nrow, **self.provenance)

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self._image().save(buffer, format="PNG")
        return buffer.getvalue()

    def _image(self):
        import math

        from PIL import Image

        from genlab.run_folder.images import grid_array

        img = Image.fromarray(grid_array(self.images, self.nrow))
        scale = max(1, math.ceil(280 / max(img.size)))
        return img.resize((img.width * scale, img.height * scale), Image.NEAREST)

    def __repr__(self) -> str:
        return f"Samples({len(self)} images of shape {tuple(self.images.shape[1:])})"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# -- experiments ------------------------------------------------------------------------------
class Comparison:
    """Several runs side by side: final metrics, config differences, overlaid curves."""

    def __init__(self, runs: list[Run], curves_path: Path | None):
        self.runs = runs
        self.curves_path = curves_path

    @property
    def metrics(self) -> dict[str, list[float | None]]:
        finals = [r.metrics for r in self.runs]
        return {k: [f.get(k) for f in finals] for k in sorted(set().union(*finals))}

    @property
    def differences(self) -> dict[str, list[Any]]:
        from genlab.experiments.runs_table import config_diff

        return config_diff([r.run_dir for r in self.runs])

    def _repr_html_(self) -> str:
        import html

        def table(title, rows):
            head = "".join(f"<th>{html.escape(r.name)}</th>" for r in self.runs)
            body = "".join(f"<tr><td>{html.escape(k)}</td>" + "".join(
                f"<td>{'' if v is None else (f'{v:.4f}' if isinstance(v, float) else html.escape(str(v)))}</td>"
                for v in values) + "</tr>" for k, values in rows.items())
            return f"<b>{title}</b><table><tr><th></th>{head}</tr>{body}</table>"

        image = ""
        if self.curves_path and self.curves_path.is_file():
            image = f'<img alt="curves" src="data:image/png;base64,{_b64(self.curves_path.read_bytes())}">'
        return table("final metrics", self.metrics) + table("config differences", self.differences) + image


def compare(*runs: "str | Path | Run", out: str | Path | None = None,
            runs_dir: str | Path | None = None) -> Comparison:
    """Compare two or more runs; the overlaid curves go to ``out`` (default: compare.png in the
    runs folder)."""
    if len(runs) == 1 and isinstance(runs[0], (list, tuple)):
        runs = tuple(runs[0])
    if len(runs) < 2:
        raise ConfigError("compare needs at least two runs")
    from genlab.experiments.runs_table import overlay_curves
    from genlab.run_folder.run_dir import runs_root

    loaded = [load(r, runs_dir) for r in runs]
    path = overlay_curves([r.run_dir for r in loaded], Path(out) if out else runs_root(runs_dir) / "compare.png")
    return Comparison(loaded, path)


class Sweep:
    """The outcome of :func:`sweep`: every trial, the best one, the folder with its plots."""

    def __init__(self, summary: dict[str, Any]):
        self.summary = summary
        self.folder = Path(summary["folder"])
        self.trials: list[dict[str, Any]] = summary["trials"]
        self.best: dict[str, Any] | None = summary["best"]

    def best_config(self) -> Path:
        """The best trial's config, ready for ``train(...)``."""
        return self.folder / "best.toml"

    def __repr__(self) -> str:
        best = f", best {self.best['value']:.4f} (trial {self.best['number']})" if self.best else ""
        return f"Sweep({str(self.folder)!r}, {len(self.trials)} trials{best})"


def sweep(recipe: str, params: Mapping[str, str] | Iterable[str], *, trials: int = 20,
          metric: str = "test/nelbo", minimize: bool = True, minutes_per_trial: float | None = 2.0,
          set: Mapping[str, Any] | Iterable[str] | None = None, name: str | None = None,  # noqa: A002
          storage: str | None = None, worker: bool = False, pruning: bool = True, seed: int = 0,
          heartbeat: int = 30, runs_dir: str | Path | None = None, console=None) -> Sweep:
    """Hyperparameter search with Optuna. ``params``: ``{"optim.lr": "loguniform:1e-4:1e-2"}``
    (or the CLI's ``"key=spec"`` strings); specs are loguniform:a:b, uniform:a:b, int:a:b or
    choice:x,y. The same ``name`` resumes a sweep. ``worker=True`` joins the study at
    ``storage`` (e.g. PostgreSQL) and stops when it holds ``trials`` finished trials; a trial
    without a heartbeat for ``3 * heartbeat`` seconds is marked failed."""
    if worker and not (storage and name):
        raise ConfigError("worker=True needs the storage URL and the name of the study to join")
    specs = [f"{k}={v}" for k, v in params.items()] if isinstance(params, Mapping) else list(params)
    if not specs:
        raise ConfigError("give at least one parameter to search, e.g. optim.lr=loguniform:1e-4:1e-2")
    if trials < 1:
        raise ConfigError(f"trials must be >= 1, got {trials}")
    from genlab.experiments.sweep import ParamSpec, SweepSettings, run_sweep
    from genlab.run_folder.run_dir import runs_root

    settings = SweepSettings(recipe, [ParamSpec.parse(p) for p in specs], metric, minimize, trials,
                             minutes_per_trial, tuple(overrides_from(set)), storage, name, pruning,
                             worker, seed, heartbeat)
    return Sweep(run_sweep(settings, runs_root(runs_dir), console=console))


def augment(generators: Iterable["str | Path | Run"] = (), *, per_class: Sequence[int] = (10, 100),
            synthetic: int = 500, seeds: int = 5, steps: int = 400, dataset: str = "fashion-mnist",
            out: str | Path = "augmentation", device: str = "auto", runs_dir: str | Path | None = None,
            data_dir: str | Path | None = None, set: Mapping[str, Any] | Iterable[str] | None = None,  # noqa: A002
            console=None):
    """Data augmentation measured (``genlab augment``): the classifier trained on few real
    images per class, alone and with each conditional run's samples added, and on the samples
    alone (Classification Accuracy Score); returns the result (``.table()``, ``.rows()``,
    ``.verdicts()``) and writes ``results.md``/``results.json`` in ``out``."""
    from genlab.experiments.augmentation import run_augmentation

    runs = [g if isinstance(g, Run) else load(g, runs_dir) for g in generators]
    return run_augmentation(runs, tuple(per_class), synthetic, seeds, steps, dataset, Path(out),
                            device, str(data_dir) if data_dir else None, tuple(overrides_from(set)),
                            console)


class OptimizerLab:
    """The outcome of :func:`optimizers`: one row per variant, the folder with the table and the
    curves overlaid."""

    def __init__(self, folder: Path, results: list):
        self.folder = folder
        self.results = results

    @property
    def table(self) -> dict[str, dict[str, Any]]:
        return {r.name: {"status": r.status, "key metric": r.value, "steps": r.steps,
                         "seconds": round(r.seconds, 1)} for r in self.results}

    def runs(self) -> list[Run]:
        return [load(r.run) for r in self.results if r.run]

    def curves(self):
        """Every variant's curves overlaid, as a matplotlib Figure."""
        from genlab.experiments.runs_table import overlay_figure

        return overlay_figure([r.run_dir for r in self.runs()])

    def __repr__(self) -> str:
        rows = ", ".join(f"{k} {v['key metric']:.4f}" if v["key metric"] is not None else f"{k} {v['status']}"
                         for k, v in self.table.items())
        return f"OptimizerLab({str(self.folder)!r}: {rows})"


def optimizers(recipe: str = "vae", *, minutes: float = 1.0, epochs: float = 2.0,
               variants: Sequence[str] | None = None,
               set: Mapping[str, Any] | Iterable[str] | None = None,  # noqa: A002
               runs_dir: str | Path | None = None, console=None, quiet: bool = False) -> OptimizerLab:
    """The optimization lab: the recipe trained with SGD, SGD + momentum, Adam, AdamW and Adam
    with cosine and linear schedules, the same epochs and minutes each."""
    from genlab.errors import unknown
    from genlab.experiments.optimizers_lab import VARIANTS, run_lab
    from genlab.run_folder.run_dir import runs_root

    for v in variants or ():
        if v not in VARIANTS:
            raise unknown("variant", v, VARIANTS)
    if console is None and not quiet:
        console = _console()
    folder, results = run_lab(recipe, runs_root(runs_dir), minutes, epochs, list(variants or VARIANTS),
                              overrides_from(set), console)
    return OptimizerLab(folder, results)
