"""Vaswani et al. (2017): ablations of the transformer's attention on genlab's character GPT."""

from __future__ import annotations

from genlab.papers import Result

VARIANTS = {  # label -> what changes from the recipe
    "base: learned positions, scaled": {},
    "a single head": {"model.n_head": 1},
    "no position embeddings": {"model.position": "none"},
    "no 1/sqrt(d) scaling": {"model.attn_scale": False},
}


def run(tiny: bool, folder, console) -> Result:
    import genlab
    from genlab.guides import tiny_corpus

    if tiny:
        base = dict(dataset=str(tiny_corpus(folder)), steps=10,
                    set={"model.n_layer": 1, "model.n_embd": 16, "model.n_head": 2, "model.block_size": 16,
                         "model.sample_tokens": 10, "data.batch_size": 8, "optim.warmup_steps": 1})  # 2 heads, not 4
    else:
        base = dict(set={})
    rows = []
    for i, (label, change) in enumerate(VARIANTS.items()):
        run = genlab.train("gpt", **{**base, "set": {**base["set"], **change}}, name=f"variant-{i}",
                           runs_dir=folder, quiet=True, console=console)
        heads = run.config["model"]["n_head"]
        rows.append([f"{label} ({heads} head{'s' if heads > 1 else ''})", run.metrics["test/loss"],
                     run.metrics.get("test/bpc")])
    losses = {r[0]: r[1] for r in rows}
    base_loss = rows[0][1]
    worse = [k for k, v in losses.items() if v > base_loss + 0.01]
    verdict = (f"the base model's validation loss is {base_loss:.3f} nats/char; "
               + (f"worse by more than 0.01: {', '.join(worse)}" if worse else "no ablation is worse by more than 0.01")
               + ". Vaswani et al. measured translation BLEU, we measure next-character loss.")
    return Result(columns=["variant", "val loss (nats/char)", "bits/char"], rows=rows, verdict=verdict,
                  differences=[("a tiny corpus and 10 steps (tiny test run)" if tiny else
                                "Tiny Shakespeare characters, genlab's `gpt` recipe (4 layers, 128 dims, 400 steps)"),
                               "a decoder-only language model, not the encoder–decoder translation model",
                               "learned position embeddings as the base (the paper's base: sinusoids; it found "
                               "learned ones nearly identical, Table 3 row E)"])
