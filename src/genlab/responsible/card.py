"""``genlab card RUN``: a model card for a trained run (Mitchell et al. 2019, "Model Cards for
Model Reporting").

A model card is the short document that should travel with a model: what it is, what it was
trained on (and under what licence), what it is for and *not* for, how well it does and on
what, what the audits found, how private its training was, and what its limits are. Everything
here is read from the run folder (config, ``run.json``, metrics, ``audit/*.json``), so the card
says what the run shows and no more; the sections a machine cannot know (who trained it and
why) are marked for the author to fill in. This module imports no torch.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from genlab.fileio import write_atomic
from genlab.responsible.records import read_audits

CARD_NAME = "model-card.md"

#: What each model family is for, in a sentence, and what it must not be used for.
INTENDED = {
    "image": ("learning and teaching how generative image models work; generating small grey "
              "images like the training data for experiments, demos and data-augmentation studies",
              "identifying people or making decisions about them; producing images presented as "
              "real photographs; any use where the images' realism is relied on, since these are "
              "small research models"),
    "text": ("learning how language models work; generating text in the style of the training "
             "corpus for study and play",
             "factual answers, advice, or text presented as written by a person; the model knows "
             "nothing beyond its small corpus and copies from it (see the text audit)"),
    "video": ("learning how video prediction works on synthetic moving-digit clips",
              "forecasting real-world video, surveillance, or anything safety-related"),
    "other": ("learning how the model works, on the data it was trained on",
              "decisions about people, or any use outside study"),
}
FAMILY = {"vae": "image", "autoencoder": "image", "dcgan": "image", "wgan": "image",
          "cgan": "image", "cvae": "image", "diffusion": "image", "gpt": "text", "char-rnn": "text",
          "convlstm": "video", "simvp": "video", "svg": "video"}


def model_card(run_dir) -> str:
    """The Markdown text of the run's model card."""
    from genlab.data.registry import licence

    info, config = run_dir.read_info(), run_dir.read_config()
    model, dataset = config["model"]["name"], config["data"]["dataset"]
    use, not_for = INTENDED[FAMILY.get(model, "other")]
    sections = [
        f"# Model card: {run_dir.name}",
        f"_Written by `genlab card` on {datetime.now(timezone.utc):%Y-%m-%d} from the run folder "
        f"`{run_dir.path}`. Sections marked **(to fill in)** need the author._",
        "## Model details\n" + _details(info, config),
        "## Intended use\n" + f"- Intended: {use}.\n- Out of scope: {not_for}.\n"
        "- Who trained it and why: **(to fill in)**",
        "## Training data\n" + f"- Dataset: `{dataset}`: {licence(dataset)}.\n" + _data(info, config),
        "## Metrics\n" + _metrics(run_dir.final_metrics(), info),
        "## Privacy\n" + _privacy(info.get("privacy")),
        "## Audits\n" + _audits(read_audits(run_dir)),
        "## Limitations and ethical considerations\n" + _limits(model, info),
    ]
    return "\n\n".join(sections) + "\n"


def write_card(run_dir, out: Path | None = None) -> Path:
    path = Path(out) if out else Path(run_dir.path) / CARD_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, model_card(run_dir))
    return path


def _details(info: dict, config: dict) -> str:
    env = info.get("environment", {})
    settings = ", ".join(f"{k} = {v}" for k, v in config["model"].items() if k != "name")
    return (f"- Model: `{config['model']['name']}` ({settings})\n"
            f"- Trained by genlab {env.get('genlab', '?')} with torch {env.get('torch', '?')} on "
            f"{env.get('device', '?')}: {info.get('step', 0)} steps, "
            f"{float(info.get('train_seconds', 0)):.0f} s, seed {info.get('seed', config['train'].get('seed'))}; "
            f"status {info.get('status', 'unknown')}\n"
            f"- Weights: `checkpoints/` (safetensors); config: `config.toml`")


def _data(info: dict, config: dict) -> str:
    data = config["data"]
    parts = []
    if data.get("limit_train"):
        parts.append(f"- Only the first {data['limit_train']} training examples were used.")
    sums = info.get("data_checksums") or {}
    if sums.get("train"):
        parts.append(f"- sha256 of the training tensors: `{sums['train'][:16]}…`")
    shape = (info.get("data") or {}).get("shape")
    if shape:
        parts.append(f"- Example shape: {tuple(shape)}")
    return "\n".join(parts) or "- (no further details recorded)"


def _metrics(metrics: dict, info: dict) -> str:
    if not metrics:
        return "No evaluation was recorded."
    key = info.get("key_metric")
    rows = [f"| `{k}`" + (" (key metric)" if k == key else "") + f" | {v:.4g} |"
            for k, v in metrics.items() if "@" not in k]
    return ("Final evaluation on the held-out test split (FID-style scores use genlab's own "
            "classifier features, so compare them only with other genlab runs):\n\n"
            "| metric | value |\n|---|---|\n" + "\n".join(rows))


def _privacy(privacy: dict | None) -> str:
    from genlab.run_folder.report import privacy_sentence

    if not privacy:
        return ("Trained without differential privacy: nothing bounds what the weights reveal about "
                "a training example (see the membership audit, if run). Retrain with "
                "`--set train.dp_epsilon=3` for a guarantee.")
    return privacy_sentence(privacy)


def _audits(audits: list[dict]) -> str:
    if not audits:
        return "No audits were run. Run `genlab audit RUN` and write the card again."
    lines = [f"- **{a['audit']}**: " + (a["summary"] if not a.get("skipped") else f"not run ({a['skipped']})")
             + (f" (at step {a['step']})" if a.get("step") is not None else "") for a in audits]
    return "\n".join(lines)


def _limits(model: str, info: dict) -> str:
    points = ["- A small model trained for minutes on a laptop CPU: its samples are far from "
              "state-of-the-art, and its metrics hold only for data like its test split.",
              "- It reproduces the biases of its training data, class mix included (see the "
              "balance audit); the classes and their labels are the dataset's, not the world's.",
              "- Generated files carry their provenance (`genlab provenance FILE`); keep it "
              "when sharing them.",
              "- Anything else the author knows: **(to fill in)**"]
    if info.get("status") != "finished":
        points.insert(0, f"- The run's status is {info.get('status', 'unknown')!r}: it did not finish training.")
    return "\n".join(points)
