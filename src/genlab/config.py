"""Run configuration: recipes (TOML files shipped with genlab), overrides, and validation.

A recipe has four tables: ``[model]`` (``name`` plus that model's own settings, validated by
the model's config class when the run starts), ``[data]``, ``[optim]`` and ``[train]``.
``--set section.key=value`` overrides any of them; values are parsed as TOML (``3``, ``1e-3``,
``true``, ``"text"``), and a bare word that is not valid TOML is taken as a string.
This module imports no torch: ``genlab recipes`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from genlab.errors import ConfigError, unknown

from genlab import toml

RECIPES_DIR = Path(__file__).parent / "recipes"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class DataConfig(_Strict):
    dataset: str = "fashion-mnist"
    batch_size: int = Field(128, ge=1)
    eval_batch_size: int = Field(1000, ge=1)
    limit_train: Optional[int] = Field(None, ge=1, description="use only the first N examples")
    limit_test: Optional[int] = Field(None, ge=1)
    data_dir: Optional[str] = None
    download: Optional[bool] = None
    split_test_at: Optional[int] = Field(None, ge=1, description=(
        "train on the first N images of the test split and test on the rest (image datasets)"))
    image_size: Optional[int] = Field(None, ge=4, le=512, description=(
        "image side in pixels: images are resized (and centre-cropped) to it; default: the "
        "dataset's own (32 for an image folder)"))
    channels: Optional[Literal[1, 3]] = Field(None, description=(
        "1: grey, 3: RGB; default: the dataset's own (an image folder is grey only if every "
        "image in it is)"))

    @field_validator("dataset")
    @classmethod
    def _folder_as_path(cls, name: str) -> str:
        """A folder (``folder:PATH``, or the path of an existing folder) becomes ``folder:ABSPATH``,
        so the run folder says exactly which images it saw. A text file's path stays as it is."""
        raw = name.removeprefix("folder:")
        looks_like_path = "/" in name or name.startswith(("~", "."))  # not a name like "mnist"
        if name.startswith("folder:") or (looks_like_path and Path(raw).expanduser().is_dir()):
            if not raw:
                raise ValueError("folder: needs a path, e.g. --dataset folder:./my-images")
            return "folder:" + str(Path(raw).expanduser().resolve())
        return name


class OptimConfig(_Strict):
    name: Literal["adam", "adamw", "sgd", "rmsprop", "muon"] = Field("adam", description=(
        "muon: Muon for the network's 2-D weight matrices, AdamW for the rest"))
    lr: float = Field(1e-3, gt=0)
    weight_decay: float = Field(0.0, ge=0, description=(
        "the one weight-decay knob; models may exempt parameters (GPT: biases and norm scales)"))
    betas: tuple[float, float] = (0.9, 0.999)
    momentum: float = Field(0.0, ge=0, lt=1)
    schedule: Literal["constant", "cosine", "linear"] = "constant"
    warmup_steps: int = Field(0, ge=0)
    min_lr_ratio: float = Field(0.0, ge=0, le=1)
    grad_clip: Optional[float] = Field(None, gt=0)
    muon_lr: float = Field(0.02, gt=0, description="learning rate of the Muon matrices (name = muon)")
    muon_momentum: float = Field(0.95, ge=0, lt=1)
    muon_weight_decay: Optional[float] = Field(None, ge=0, description=(
        "decay of the Muon matrices (name = muon); default: optim.weight_decay"))


class TrainConfig(_Strict):
    epochs: Optional[float] = Field(10, gt=0)
    steps: Optional[int] = Field(None, ge=1, description="overrides epochs")
    minutes: Optional[float] = Field(None, gt=0, description="wall-clock budget for training")
    seed: int = 0
    device: str = "auto"
    precision: Literal["fp32", "bf16", "fp16"] = "fp32"
    eval_every: Optional[int] = Field(None, ge=1, description="steps; default once per epoch")
    checkpoint_every: Optional[int] = Field(None, ge=1, description="steps; default once per epoch")
    keep_checkpoints: int = Field(2, ge=1)
    log_every: int = Field(50, ge=1)
    num_samples: int = Field(64, ge=1, le=1024)
    threads: Optional[int] = Field(None, ge=1)
    accumulate: int = Field(1, ge=1, description="gradient accumulation: micro-batches per batch "
                            "(same update, less activation memory; standard training step only)")
    tensorboard: bool = False
    dp_epsilon: Optional[float] = Field(None, gt=0, le=100, description=(
        "train with DP-SGD (Opacus) to this privacy budget epsilon; classifier, vae, cvae"))
    dp_delta: float = Field(1e-5, gt=0, lt=1, description="DP-SGD's delta; below 1 / training examples")
    dp_max_grad_norm: float = Field(1.0, gt=0, description="DP-SGD: each example's gradient is clipped to this norm")

    @model_validator(mode="after")
    def _has_length(self):
        if self.epochs is None and self.steps is None and self.minutes is None:
            raise ValueError("set one of train.epochs, train.steps or train.minutes")
        return self


class RunConfig(_Strict):
    recipe: str = "custom"
    description: str = ""
    model: dict[str, Any]
    data: DataConfig = DataConfig()
    optim: OptimConfig = OptimConfig()
    train: TrainConfig = TrainConfig()

    @model_validator(mode="after")
    def _model_named(self):
        if not isinstance(self.model.get("name"), str):
            raise ValueError("model.name is missing")
        return self

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def recipe_names() -> list[str]:
    return sorted(p.stem for p in RECIPES_DIR.glob("*.toml"))


def read_recipe(name_or_path: str) -> dict[str, Any]:
    """The raw table of a shipped recipe (by name) or of a TOML file (by path)."""
    path = Path(name_or_path)
    if not (path.suffix == ".toml" and path.is_file()):
        if name_or_path not in recipe_names():
            raise unknown("recipe", name_or_path, recipe_names())
        path = RECIPES_DIR / f"{name_or_path}.toml"
    table = read_toml(path)
    table.setdefault("recipe", path.stem)
    return table


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return toml.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None


def parse_override(text: str) -> tuple[list[str], Any]:
    """``"model.latent_dim=32"`` -> (["model", "latent_dim"], 32)."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part.strip() for part in key.split(".")):
        raise ConfigError(f"malformed --set {text!r}; use --set section.key=value, "
                          "e.g. --set model.latent_dim=32")
    raw = raw.strip()
    try:
        value = toml.loads(f"v = {raw}")["v"]
    except toml.TOMLDecodeError:
        value = raw
    return key.split("."), value


def apply_overrides(table: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Return a copy of ``table`` with each ``section.key=value`` applied."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in table.items()}
    for text in overrides:
        path, value = parse_override(text)
        node = out
        for part in path[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ConfigError(f"--set {text!r}: {part!r} is a value, not a section")
            node = child
        node[path[-1]] = value
    return out


def parse(schema: type[BaseModel], table: dict[str, Any], prefix: str = "") -> Any:
    """``table`` validated by the pydantic ``schema``; a bad value becomes one ConfigError line
    (``prefix`` names the table, e.g. ``"model."``). The one place genlab turns pydantic's
    report into a message."""
    try:
        return schema.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(f"invalid config: {describe_validation_error(exc, prefix)}") from None


def validate(table: dict[str, Any]) -> RunConfig:
    """Validate a recipe table (its ``[model]`` table is checked by :func:`genlab.training.job.prepare`)."""
    return parse(RunConfig, table)


def describe_validation_error(exc: ValidationError, prefix: str = "") -> str:
    parts = []
    for err in exc.errors():
        where = (prefix + ".".join(str(p) for p in err["loc"])).rstrip(".") or "config"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown setting"
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)


def load_config(recipe: str, overrides: list[str] | None = None) -> RunConfig:
    return validate(apply_overrides(read_recipe(recipe), overrides or []))
