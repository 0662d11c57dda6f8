"""The bridge from an exercise to a lab: load the learner's function so a model can use it.

The exercises that name a lab in ``train_recipe`` have a :class:`Plug` in :data:`PLUGS`: where
the learner's function (``train_entry``) goes in the lab's code, with an adapter where the
signatures differ. :func:`train_with_learner_code` trains the lab's short CPU recipe twice with
the same seed (genlab's code, then the learner's plugged in) and compares the key metric.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path

from genlab.errors import ConfigError, GenlabError


def load_learner_function(exercise_id: str, workspace=None, name: str | None = None):
    """The learner's function for ``exercise_id`` from their workspace file, as a callable.

    ``name`` picks one of the exercise's functions; by default the one the lab plugs in
    (``train_entry``). This imports the learner's file in the calling process: run their checks
    first (``genlab check``), which run the file in a sandboxed child.
    """
    from genlab.exercises.catalog import get
    from genlab.exercises.workspace import Workspace

    ex = get(exercise_id)
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    name = name or ex.train_entry or ex.functions[0]
    if name not in ex.functions:
        raise ConfigError(f"exercise {ex.id} has no function {name!r}; it has: "
                          f"{', '.join(ex.functions)}")
    path = ws.file_for(ex)
    if not path.is_file():
        raise GenlabError(f"exercise {ex.id} is not started in {ws.root}; run "
                          f"`genlab exercise start {ex.id}`")
    module_name = f"genlab_learner_{ex.id.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - report the learner's error as one line
        raise GenlabError(f"your file {path} failed to load: {type(exc).__name__}: {exc}") \
            from exc
    fn = getattr(module, name, None)
    if not callable(fn):
        raise GenlabError(f"your file {path} has no function {name!r}")
    return fn


@dataclass(frozen=True)
class Plug:
    """Where a lab uses the functions an exercise asks for: learner function name ->
    ``module:attribute`` replaced while training, and the short CPU recipe to train."""

    recipe: str
    targets: dict
    overrides: tuple = ()
    #: learner function name -> adapter(learner_fn, original) -> what replaces the target
    adapters: dict = field(default_factory=dict)
    #: "train" compares two trained models; "sample" trains once and compares text sampled
    #: with genlab's and with the learner's function (for sampling exercises)
    compare: str = "train"
    #: the sampling settings of a "sample" comparison, as (name, value) pairs
    sample_options: tuple = (("top_p", 0.9),)


def _attention_forward(learner, original):
    """GPT's attention module computed by the learner's function on its own weight matrices."""
    def forward(self, x):
        y = learner(x, self.qkv.weight.t(), self.proj.weight.t(), self.n_head)
        return self.drop(y)
    return forward


def _top_p_probs(learner, original):
    """genlab's next-token probabilities with the learner's nucleus filter for top-p."""
    import torch

    def next_token_probs(logits, temperature=1.0, top_k=None, top_p=None):
        probs = original(logits, temperature, top_k, None)
        if top_p is None or top_p >= 1:
            return probs
        return torch.softmax(learner(torch.log(probs)[None], top_p)[0], -1)
    return next_token_probs


def _convlstm_forward(learner, original):
    """The ConvLSTM lab's cell computed by the learner's function on the cell's own weights."""
    def forward(self, x, state):
        h, c = state
        return tuple(learner(x, h, c, self.gates.weight, self.gates.bias))
    return forward


def _ddim_step(learner, original):
    """DDIMSampler.step with the learner's deterministic update (eta = 0; otherwise genlab's)."""
    def step(self, eps, t, x, generator=None):
        if self.eta > 0:
            return original(self, eps, t, x, generator)
        i = self._times.index(t)
        t_prev = self._times[i + 1] if i + 1 < len(self._times) else -1
        ab_prev = float(self.schedule.alpha_bars[t_prev]) if t_prev >= 0 else 1.0
        return learner(x, eps, float(self.schedule.alpha_bars[t]), ab_prev)
    return step


def _quantize(learner, original):
    """The VQ-VAE's codebook lookup computed by the learner's ``quantize`` on its own vectors."""
    def forward(self, z_e, beta):
        return tuple(learner(z_e, self.vectors, beta))
    return forward


def _temperature_top_k(learner, original):
    """genlab's next-token probabilities computed by the learner's temperature and top-k."""
    def next_token_probs(logits, temperature=1.0, top_k=None, top_p=None):
        if top_p is not None and top_p < 1:
            return original(logits, temperature, top_k, top_p)
        return learner(logits, temperature, top_k)
    return next_token_probs


def _adam_class(learner, original):
    """A torch optimizer whose step is the learner's ``adam_step`` (one state per group)."""
    import torch

    class LearnerAdam(torch.optim.Optimizer):
        def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
            if weight_decay:
                raise GenlabError("your adam_step has no weight decay; train with optim.weight_decay = 0")
            super().__init__(params, {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": 0.0})
            self.learner_states = [{} for _ in self.param_groups]

        @torch.no_grad()
        def step(self, closure=None):
            for group, state in zip(self.param_groups, self.learner_states):
                learner(list(group["params"]), state, group["lr"], group["betas"], group["eps"])

    return LearnerAdam


#: the exercises whose functions genlab can train inside a lab's real model
PLUGS: dict[str, Plug] = {
    "vae-reparam-kl": Plug("vae", {"reparameterize": "genlab.models.vae:reparameterize",
                                   "kl_to_standard_normal": "genlab.models.vae:gaussian_kl"},
                           ("train.epochs=2",)),
    "gan-losses": Plug("dcgan", {"discriminator_loss": "genlab.models.dcgan:discriminator_loss",
                                 "generator_loss": "genlab.models.dcgan:generator_loss"},
                       ("train.steps=200", "model.ema=0", "model.eval_samples=500",
                        "model.quick_eval_samples=0")),
    "gradient-penalty": Plug("wgan-gp", {"gradient_penalty": "genlab.models.wgan:gradient_penalty"},
                             ("train.steps=200", "model.ema=0", "model.eval_samples=500",
                              "model.quick_eval_samples=0")),
    "ddpm-forward-loss": Plug("diffusion", {"ddpm_loss": "genlab.models.diffusion:ddpm_loss"},
                              ("train.steps=150", "model.ema=0", "model.eval_samples=200",
                               "model.sample_steps=10")),
    "causal-self-attention": Plug("gpt", {"causal_self_attention": "genlab.models.gpt:CausalSelfAttention.forward"},
                                  ("train.steps=150", "model.bias=false", "model.eval_windows=128"),
                                  {"causal_self_attention": _attention_forward}),
    "convlstm-cell": Plug("convlstm", {"convlstm_cell": "genlab.models.convlstm:ConvLSTMCell.forward"},
                          ("train.steps=300", "model.test_size=200"), {"convlstm_cell": _convlstm_forward}),
    "top-p-sampling": Plug("gpt", {"top_p_filter": "genlab.models.lm:next_token_probs"},
                           ("train.steps=150", "model.eval_windows=128"),
                           {"top_p_filter": _top_p_probs}, compare="sample"),
    "temperature-and-top-k": Plug("gpt", {"next_token_probs": "genlab.models.lm:next_token_probs"},
                                  ("train.steps=150", "model.eval_windows=128"),
                                  {"next_token_probs": _temperature_top_k}, compare="sample",
                                  sample_options=(("temperature", 0.8), ("top_k", 10))),
    "hinge-loss": Plug("cgan", {"d_hinge_loss": "genlab.models.cgan:hinge_discriminator_loss"},
                       ("train.steps=200", "model.ema=0", "model.eval_samples=500",
                        "model.quick_eval_samples=0")),
    "ddim-step": Plug("diffusion", {"ddim_step": "genlab.schedulers.samplers:DDIMSampler.step"},
                      ("train.steps=150", "model.ema=0", "model.eval_samples=200", "model.sample_steps=10"),
                      {"ddim_step": _ddim_step}),
    "flow-matching-loss": Plug("flow-matching",
                               {"flow_matching_loss": "genlab.models.flow_matching:flow_matching_loss",
                                "euler_step": "genlab.schedulers.flow:euler_step"},
                               ("train.steps=150", "model.ema=0", "model.eval_samples=200", "model.sample_steps=10")),
    "vector-quantizer": Plug("vqvae", {"quantize": "genlab.models.vqvae:Codebook.forward"},
                             ("train.steps=200", "model.vq_steps=150", "model.eval_samples=200"),
                             {"quantize": _quantize}),
    "adam-update": Plug("vae", {"adam_step": "torch.optim:Adam"}, ("train.epochs=2",),
                        {"adam_step": _adam_class}),
    "bpe-merge": Plug("gpt", {"merge": "genlab.tokenizers.bpe:merge_pair"},
                      ("train.steps=150", "model.eval_windows=128", 'model.tokenizer="bpe"',
                       "model.vocab_size=300")),
}


def train_with_learner_code(exercise, workspace=None, console=None) -> dict:
    """Train the exercise's lab twice with the same seed and recipe: once with genlab's own
    functions, once with the learner's plugged in; return both key metrics."""
    plug = PLUGS.get(exercise.id)
    if plug is None:
        raise GenlabError(f"exercise {exercise.id} is not trained in a lab; these are: "
                          f"{', '.join(sorted(PLUGS))}")
    learner = {name: load_learner_function(exercise.id, workspace, name) for name in plug.targets}
    if plug.compare == "sample":
        return _sample_compare(plug, learner, console)
    reference = _train(plug, {}, "reference", console)
    yours = _train(plug, learner, "your", console)
    return {"recipe": plug.recipe, "metric": reference["metric"], "reference": reference["value"],
            "yours": yours["value"], "yours_status": yours["status"], "runs": [reference["run"], yours["run"]]}


def _train(plug: Plug, replacements: dict, label: str, console) -> dict:
    """One short training run of the plug's recipe, with ``replacements`` patched in."""
    import tempfile

    from genlab.config import load_config
    from genlab.training import job

    cfg = load_config(plug.recipe, list(plug.overrides))
    root = Path(tempfile.mkdtemp(prefix="genlab-exercise-"))
    run = job.new_run(cfg, root, f"{plug.recipe}-{label}")
    patches = [_patch(plug, name, fn) for name, fn in replacements.items()]
    if console:
        console.print(f"training [bold]{plug.recipe}[/] with {label} code ...")
    for p in patches:
        p.start()
    try:
        result = job.train(cfg, run, progress=console is not None, console=console)
        status = "finished"
    except GenlabError as exc:  # e.g. your function makes the loss NaN: that is a result too
        result, status = None, str(exc)
    finally:
        for p in patches:
            p.stop()
    key = run.read_info().get("key_metric", "")
    value = result.metrics.get(key) if result else None
    return {"metric": key, "value": value, "status": status, "run": str(run.path)}


def _patch(plug: Plug, name: str, learner):
    """A mock.patch that puts the learner's function (through its adapter) at the plug's target."""
    import importlib
    from unittest import mock

    module, attr = plug.targets[name].split(":")
    owner = importlib.import_module(module)
    *path, leaf = attr.split(".")
    for part in path:  # e.g. "CausalSelfAttention.forward"
        owner = getattr(owner, part)
    adapter = plug.adapters.get(name)
    return mock.patch.object(owner, leaf, adapter(learner, getattr(owner, leaf)) if adapter else learner)


def _sample_compare(plug: Plug, learner: dict, console, tokens: int = 300) -> dict:
    """Train the lab once, then sample the same prompt with the same seed twice: with genlab's
    sampling and with the learner's (the plug's ``sample_options``, e.g. top-p 0.9). The metric
    is the model's mean negative log-likelihood of the sampled tokens (nats per token, at
    temperature 1): equal samplers give equal text."""
    import torch

    from genlab.run_folder.run_dir import RunDir
    from genlab.training.job import load_trained

    run = _train(plug, {}, "reference", console)
    model, _ = load_trained(RunDir(Path(run["run"])), "cpu")
    texts = {}
    for label, replacements in (("reference", {}), ("your", learner)):
        patches = [_patch(plug, name, fn) for name, fn in replacements.items()]
        for p in patches:
            p.start()
        try:
            gen = torch.Generator().manual_seed(0)
            texts[label] = "".join(model.generate_text("\n", tokens, generator=gen, **dict(plug.sample_options)))
        finally:
            for p in patches:
                p.stop()
    nll = {label: _mean_nll(model, "\n" + text) for label, text in texts.items()}
    if console:
        for label, text in texts.items():
            console.print(f"[bold]{label} sampling:[/] {text[:160]!r}")
    settings = ", ".join(f"{k} {v}" for k, v in plug.sample_options)
    return {"recipe": plug.recipe, "metric": f"NLL of {tokens} sampled tokens ({settings})",
            "reference": nll["reference"], "yours": nll["your"], "yours_status": "finished",
            "runs": [run["run"]], "texts": texts}


def _mean_nll(model, text: str) -> float:
    """Mean negative log-likelihood per token of ``text`` under the model, in nats."""
    import torch

    ids = torch.tensor([model.tokenizer.encode(text)[-model.config.block_size - 1:]])
    with torch.no_grad():
        logits = model(ids[:, :-1])[0]
    return float(torch.nn.functional.cross_entropy(logits, ids[0, 1:]))
