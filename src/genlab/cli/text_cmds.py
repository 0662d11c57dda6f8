"""Language-lab commands: ``generate`` (any language model), ``similar`` and ``analogy``
(word2vec), ``translate`` (seq2seq). torch is imported inside the commands only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from genlab.errors import ConfigError


def register(app: typer.Typer) -> None:
    app.command("generate")(generate)
    app.command("similar")(similar)
    app.command("analogy")(analogy)
    app.command("translate")(translate)


def generate(
    run: str = typer.Argument(..., help="run folder, its name under runs/, or 'last'"),
    prompt: str = typer.Option("\n", "--prompt", "-p", help="text to continue"),
    tokens: int = typer.Option(500, "--tokens", "-n", help="how many tokens to generate"),
    temperature: float = typer.Option(0.8, help="> 0; lower is more conservative"),
    top_k: Optional[int] = typer.Option(None, "--top-k", help="keep only the k likeliest tokens"),
    top_p: Optional[float] = typer.Option(None, "--top-p", help="nucleus sampling, in (0, 1]"),
    seed: int = typer.Option(0, help="seed of the first sample; sample i uses seed + i"),
    samples: int = typer.Option(1, "--samples", help="how many samples (1-100)"),
    stop: Optional[List[str]] = typer.Option(None, "--stop", help="end a sample where this string "
                                             "first appears (repeatable; not included)"),
    device: str = typer.Option("auto"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="also write the text to this file, "
                                       "with its provenance beside it (FILE.provenance.json)"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Generate text from a trained language model (gpt, char-rnn), streamed as it is sampled."""
    from genlab import api
    from genlab.models.lm import check_sampling

    check_sampling(temperature, top_k, top_p)  # bad values fail before loading anything
    if tokens < 0:
        raise ConfigError(f"--tokens must be >= 0, got {tokens}")
    if not 1 <= samples <= 100:
        raise ConfigError(f"--samples must be between 1 and 100, got {samples}")
    stops = [s.replace(r"\n", "\n").replace(r"\t", "\t") for s in stop or []]  # --stop "\n\n" works
    loaded = api.load(run, runs_dir)
    text = []
    for i in range(samples):
        if samples > 1:
            header = f"{'' if i == 0 else chr(10)}--- sample {i + 1} (seed {seed + i}) ---\n"
            sys.stdout.write(header)
            text.append(header)
        sys.stdout.write(prompt)
        text.append(prompt)
        for piece in loaded.stream(prompt, tokens, temperature, top_k, top_p, seed + i, device, stops):
            sys.stdout.write(piece)
            sys.stdout.flush()
            text.append(piece)
        sys.stdout.write("\n")
    if out is not None:
        from genlab.fileio import write_atomic
        from genlab.responsible.provenance import stamp

        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, "".join(text))
        stamp(out, **loaded.provenance(seed=seed, samples=samples, stop=stops or None,
                                       temperature=temperature, top_k=top_k, top_p=top_p))
        sys.stderr.write(f"wrote {out}\n")


def similar(
    run: str = typer.Argument(..., help="a word2vec run"),
    words: List[str] = typer.Argument(..., help="one or more words"),
    k: int = typer.Option(10, "-k", help="how many neighbours"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """The nearest words by cosine similarity of their embeddings."""
    from genlab import api

    target = api.load(run, runs_dir)
    for word in words:
        typer.echo(f"{word}: " + ", ".join(f"{w} {s:.3f}" for w, s in target.similar(word, k)))


def analogy(
    run: str = typer.Argument(..., help="a word2vec run"),
    a: str = typer.Argument(...), b: str = typer.Argument(...), c: str = typer.Argument(...),
    k: int = typer.Option(5, "-k"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """a is to b as c is to ?  (the words nearest to b - a + c)"""
    from genlab import api

    answers = api.load(run, runs_dir).analogy(a, b, c, k)
    typer.echo(f"{a} : {b} :: {c} : " + ", ".join(f"{w} {s:.3f}" for w, s in answers))


def translate(
    run: str = typer.Argument(..., help="a seq2seq run"),
    texts: List[str] = typer.Argument(..., help="source strings, e.g. 'the 3rd of may 1998'"),
    beam: int = typer.Option(1, help="beam width; 1 is greedy decoding"),
    heatmap: Optional[Path] = typer.Option(None, help="write the attention heat-map of the first text (PNG)"),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir"),
) -> None:
    """Decode source strings with a trained seq2seq model (greedy or beam search)."""
    if beam < 1:
        raise ConfigError(f"--beam must be >= 1, got {beam}")
    if heatmap is not None and heatmap.suffix.lower() != ".png":
        raise ConfigError(f"--heatmap must be a .png file, got {heatmap}")
    from genlab import api

    target = api.load(run, runs_dir)
    for text in texts:
        typer.echo(f"{text} -> {target.predict(text, beam=beam)}")
    if heatmap is not None:
        target.model("cpu").attention_heatmap(texts[0], heatmap)
        typer.echo(f"wrote {heatmap}")
