"""The figures of the docs, read through :mod:`genlab.figures` (what the benchmarks recorded).

This is the docs site's mkdocs-macros module (``{{ images_table() }}`` in a page) and the
README's generator: ``python docs/macros.py --readme`` rewrites the labs table between the
``<!-- labs-table -->`` markers, and ``tests/test_docs_site.py`` fails when the README's table
is not what the figures say. A missing figure file or key is an error, never a blank cell.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
README = DOCS.parent / "README.md"
START, END = "<!-- labs-table: written by python docs/macros.py --readme -->", "<!-- /labs-table -->"
sys.path.insert(0, str(DOCS.parent / "src"))  # genlab itself need not be installed to build

from genlab.figures import MissingFigure, folder, get, load  # noqa: E402  (the one reader)


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def measured(source: str) -> str:
    """One line: the command that wrote these figures, when, on what."""
    entry = load(source)
    rows = [entry] if "measured" in entry else [r for r in entry.values() if "measured" in r]
    raw = f"src/genlab/figures/{source}.json{'' if 'measured' in entry else 'l'}"
    if not rows:
        return f"Raw figures in `{raw}` (written by `python benchmarks/{source}.py`)."
    m = rows[-1]["measured"]
    return (f"Measured by `{m['command']}` on {m['date']} (commit {m['commit']}, torch {m['torch']}, "
            f"{m['cpus']} CPUs); raw figures in `{raw}`.")


def table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in row) + " |" for row in rows]
    return "\n".join(out)


# --- the tables ------------------------------------------------------------------------------

IMAGE_MODELS = ["autoencoder", "cvae", "dcgan", "wgan", "wgan-gp", "cgan", "diffusion"]


def images_table() -> str:
    rows = []
    for name in IMAGE_MODELS:
        r = get("images", name)
        goal = r["fid"] <= r["fid_untrained"] / 5
        rows.append([f"`{name}`", fmt(r["minutes"], 0), fmt(r["wall_s"], 0), fmt(r["fid"]),
                     fmt(r["fid_untrained"]), fmt(goal), fmt(r["kid"], 2), fmt(r["precision"], 2),
                     fmt(r["recall"], 2), fmt(r["coverage_min_share"], 2), fmt(r["class_accuracy"], 3),
                     fmt(int(r["eval_samples"]))])
    return table(["model", "minutes", "wall s", "FID", "FID untrained", "FID <= 1/5 untrained", "KID",
                  "precision", "recall", "coverage min share", "class accuracy", "samples"], rows)


def dcgan_baseline_table() -> str:
    ours, base = get("images", "dcgan"), get("images", "baseline-dcgan")
    return table(["DCGAN side by side (same minutes, one benchmark run)", "images/s", "FID (10k samples)"],
                 [["baseline (pytorch/examples-style, 64x64, per-sample loading)", fmt(base["images_per_s"]),
                   fmt(base["fid"])],
                  ["genlab `dcgan` (28x28, in-memory batches)", fmt(ours["images_per_s"]), fmt(ours["fid"])]])


def vae_table() -> str:
    r = load("vae")
    return table(["", "test negative ELBO (nats)", "wall incl. start-up", "peak RSS", "trainer overhead"],
                 [["pytorch/examples VAE (torchvision per-sample loading), reference of 2026-11-25",
                   "244.35", "86.9 s", "866 MB", "–"],
                  ["genlab `genlab train vae`", fmt(r["test_nelbo"], 2), f"{fmt(r['wall_s'])} s",
                   f"{fmt(r['peak_rss_mb'], 0)} MB", f"{r['overhead_pct']:+.1f}% vs a bare loop ({fmt(r['bare_s'])} s)"]])


def gpt_table() -> str:
    r = load("gpt")
    nano = r.get("nanogpt", {})
    rows = [[f"nanoGPT {nano.get('commit') or ''}, its README's CPU config (`--nanogpt DIR`)",
             fmt(r["nanogpt_val_loss"], 3), f"{fmt(r['nanogpt_wall_s'])} s (to its final loss)",
             f"{r['nanogpt_peak_rss_mb']} MB"],
            ["genlab `gpt`, same model size", fmt(r["same_config_val_loss"], 3),
             f"{fmt(r['same_config_wall_s'])} s", f"{r['same_config_peak_rss_mb']} MB"]]
    if r.get("time_to_nanogpt_loss_s"):
        rows.append([f"genlab `gpt` reaching nanoGPT's {fmt(r['nanogpt_val_loss'], 3)}",
                     fmt(r["nanogpt_val_loss"], 3),
                     f"{fmt(r['time_to_nanogpt_loss_s'])} s ({fmt(r['time_ratio'], 2)}x nanoGPT's)",
                     f"{fmt(r['rss_ratio'], 2)}x nanoGPT's"])
    rows += [["genlab `gpt-shakespeare-cpu`", fmt(r["recipe_val_loss"], 3), f"{fmt(r['recipe_wall_s'])} s", "–"],
             ["genlab `char-rnn` (2-layer LSTM, 256 units)", fmt(r["lstm_val_loss"], 3),
              f"{fmt(r['lstm_wall_s'])} s", "–"]]
    out = table(["run", "val loss (nats/char)", "wall, start-up included", "peak RSS"], rows) + (
        f"\n\nThroughput of `gpt`: {r['tokens_per_s']:,} tokens/s, MFU {100 * r['mfu']:.1f}% of a measured "
        f"{r['matmul_peak_gflops']} GFLOP/s fp32 matmul peak.")
    if "fixed_costs" in r:
        c = r["fixed_costs"]
        out += (f" Where genlab's {fmt(r['same_config_wall_s'])} s go: start-up {fmt(c['startup_s'])} s, "
                f"training {fmt(c['training_s'])} s (the first step {1000 * c['first_step_s']:.0f} ms), "
                f"evaluations every 50 steps {fmt(c['evaluations_s'])} s, final evaluation on the whole "
                f"held-out text and the report {fmt(c['final_eval_and_report_s'])} s.")
    return out


def word2vec_table() -> str:
    r = load("word2vec")
    return table(["", "wall", "training", "vocabulary", "10-NN overlap"],
                 [["genlab `genlab train word2vec` (whole command)", f"{fmt(r['genlab_wall_s'])} s",
                   f"{fmt(r['genlab_train_s'])} s", fmt(r["vocab"]), f"{fmt(r['nn10_overlap_genlab_gensim'], 3)} with gensim"],
                  ["gensim `Word2Vec.train`, 2 threads", "–", f"{fmt(r['gensim_train_s'])} s", fmt(r["gensim_vocab"]),
                   f"{fmt(r['nn10_overlap_gensim_seed1_seed2'], 3)} between two gensim seeds"]])


def labs_table() -> str:
    """The README's table: every lab, its CPU minutes and its reference figure."""
    rows = []
    vae = load("vae")
    rows.append(["VAE", "`vae`", fmt(vae["wall_s"] / 60), f"test −ELBO {fmt(vae['test_nelbo'], 2)} nats"])
    names = {"autoencoder": "Autoencoder", "cvae": "Conditional VAE", "dcgan": "DCGAN",
             "wgan": "WGAN (weight clipping)", "wgan-gp": "WGAN-GP", "cgan": "Conditional GAN",
             "diffusion": "Diffusion (DDPM/DDIM)"}
    for name in IMAGE_MODELS:
        r = get("images", name)
        rows.append([names[name], f"`{name}`", fmt(r["wall_s"] / 60),
                     f"FID {fmt(r['fid'])} (untrained {fmt(r['fid_untrained'], 0)})"])
    cnn = get("labs", "classifier-fashion")
    rows.append(["CNN classifier", "`classifier-fashion`", fmt(cnn["wall_s"] / 60),
                 f"test accuracy {100 * cnn['metrics']['test/accuracy']:.1f}%"])
    gpt = load("gpt")
    rows.append(["Char-RNN (LSTM)", "`char-rnn`", fmt(gpt["lstm_wall_s"] / 60), f"val loss {fmt(gpt['lstm_val_loss'], 3)} nats/char"])
    rows.append(["GPT", "`gpt`", fmt(gpt["same_config_wall_s"] / 60),
                 f"val loss {fmt(gpt['same_config_val_loss'], 3)} nats/char (nanoGPT's CPU config: {gpt['nanogpt_val_loss']})"])
    w2v = load("word2vec")
    rows.append(["word2vec", "`word2vec`", fmt(w2v["genlab_wall_s"] / 60),
                 f"{100 * w2v['nn10_overlap_genlab_gensim']:.0f}% of gensim's 10 nearest neighbours"])
    s2s = get("labs", "seq2seq")
    rows.append(["Seq2seq with attention", "`seq2seq`", fmt(s2s["wall_s"] / 60),
                 f"exact match {100 * s2s['metrics']['test/accuracy']:.1f}% on unseen dates"])
    for name, title in VIDEO_MODELS.items():
        v = get("video", name)
        rows.append([title, f"`{name}`", fmt(v["wall_s"] / 60),
                     f"frame MSE {fmt(v['mse'])} / SSIM {fmt(v['ssim'], 3)}"
                     + (f", best of {v['k']} {fmt(v['best_of_k_mse'])} / {fmt(v['best_of_k_ssim'], 3)}" if "k" in v else "")
                     + f" (copy-last {fmt(v['copy_last_mse'])} / {fmt(v['copy_last_ssim'], 3)})"])
    rows += family_rows()
    return table(["lab", "recipe", "CPU minutes", "reference figure"], rows)


def family_rows() -> list[list[str]]:
    """The labs of benchmarks/model_families.py: flow matching, PixelCNN, RealNVP, VQ-VAE."""
    fm, dif = get("model_families", "flow-matching"), get("model_families", "diffusion")
    pix, nvp, vq = (get("model_families", n) for n in ("pixelcnn-mnist", "realnvp", "vqvae"))
    return [
        ["Flow matching (rectified flow)", "`flow-matching`", fmt(fm["wall_s"] / 60),
         f"FID {fmt(fm['fid_25'])} at 25 Euler steps, {fm['steps']:,} updates (diffusion, same minutes, "
         f"25 DDIM steps: {fmt(dif['fid_25'])}, {dif['steps']:,} updates)"],
        ["Gated PixelCNN", "`pixelcnn-mnist`", fmt(pix["wall_s"] / 60),
         f"test NLL {fmt(pix['nll'], 2)} nats ({fmt(pix['bpd'], 3)} bits/dim), thresholded MNIST "
         f"(paper, stochastic binarization: {pix['paper_nats']})"],
        ["RealNVP / Glow flow", "`realnvp`", fmt(nvp["wall_s"] / 60), f"test {fmt(nvp['bpd'], 2)} bits/dim"],
        ["VQ-VAE + GPT prior", "`vqvae`", fmt(vq["wall_s"] / 60),
         f"FID {fmt(vq['fid'])}, codebook perplexity {fmt(vq['perplexity'])}"],
    ]


def family_table() -> str:
    """Every run of benchmarks/model_families.py: time, steps and what each model reports."""
    rows = []
    for name in ("flow-matching", "diffusion", "pixelcnn-mnist", "realnvp", "vqvae"):
        r = get("model_families", name)
        rows.append([f"`{name}`", fmt(r["minutes"], 0), fmt(r["wall_s"], 0), fmt(r["steps"]),
                     fmt(r.get("fid")), fmt(r.get("nll"), 2), fmt(r.get("bpd"), 3), fmt(r.get("perplexity"))])
    return table(["recipe", "training minutes", "wall s", "updates", "FID", "test NLL (nats)", "bits/dim",
                  "codebook perplexity"], rows)


def flow_vs_diffusion_table() -> str:
    """FID of flow matching and diffusion, trained for the same minutes, by sampling steps."""
    fm, dif = get("model_families", "flow-matching"), get("model_families", "diffusion")
    steps = [int(k.split("_")[1]) for k in fm if k.startswith("fid_")]
    rows = [[f"`{name}` ({solver})", fmt(r["minutes"], 0), fmt(r["steps"])] + [fmt(r[f"fid_{n}"]) for n in steps]
            for name, solver, r in (("flow-matching", "Euler", fm), ("diffusion", "DDIM", dif))]
    return table(["model (sampler)", "training minutes", "updates"] + [f"FID, {n} step{'s' * (n > 1)}" for n in steps],
                 rows) + (f"\n\nFID at {fm['samples']:,} samples per cell, the same seed and guidance scale in both.")


def keras_table() -> str:
    """The Keras 3 versions beside genlab's PyTorch labs (same data, same metric)."""
    vae, kvae = load("vae"), get("keras_track", "keras-vae")
    dcgan, kgan = get("images", "dcgan"), get("keras_track", "keras-dcgan")
    return table(["lab", "library", "training", "figure"], [
        ["VAE", "genlab (PyTorch), `genlab train vae`", f"{fmt(vae['wall_s'])} s with start-up",
         f"test −ELBO {fmt(vae['test_nelbo'], 2)} nats"],
        ["VAE", f"Keras 3 ({kvae['backend']} backend), `fit`", f"{fmt(kvae['train_s'])} s of `fit`",
         f"test −ELBO {fmt(kvae['test_nelbo'], 2)} nats"],
        ["DCGAN", "genlab (PyTorch), `genlab train dcgan`", f"{fmt(dcgan['minutes'], 0)} min",
         f"FID {fmt(dcgan['fid'])} ({int(dcgan['eval_samples']):,} samples)"],
        ["DCGAN", f"Keras 3 ({kgan['backend']} backend), `fit`", f"{fmt(kgan['minutes'], 0)} min",
         f"FID {fmt(kgan['fid'])} ({int(kgan['eval_samples']):,} samples)"],
    ])


VIDEO_MODELS = {"simvp": "SimVP (video prediction)", "convlstm": "ConvLSTM (video prediction)",
                "svg": "SVG-LP (video generation)"}


def video_table() -> str:
    """Each video recipe against copy-last and mean-frame, scored by the same evaluation."""
    rows = []
    for name in VIDEO_MODELS:
        v = get("video", name)
        rows.append([f"`{name}`", fmt(v["wall_s"] / 60), str(v["steps"]), fmt(v["frames_per_s"], 0),
                     f"{v['peak_rss_mb']} MB", fmt(v["mse"]), fmt(v["ssim"], 3), fmt(v["psnr"], 2),
                     fmt(v["copy_last_mse"]), fmt(v["copy_last_ssim"], 3), fmt(v["mean_frame_mse"]),
                     fmt(v["beats_copy_last_mse_every_horizon"] and v["beats_copy_last_ssim_every_horizon"])])
    return table(["recipe", "CPU minutes", "steps", "frames/s trained", "peak RSS", "MSE", "SSIM", "PSNR",
                  "copy-last MSE", "copy-last SSIM", "mean-frame MSE", "beats copy-last at every horizon"], rows)


def video_horizons_table() -> str:
    """Per-horizon MSE / SSIM of each model and of copy-last (the test clips of the SimVP row)."""
    models = {name: get("video", name) for name in VIDEO_MODELS}
    first = models["simvp"]
    rows = []
    for h in range(len(first["mse_by_horizon"])):
        rows.append([str(h + 1)] + [f"{fmt(v['mse_by_horizon'][h])} / {fmt(v['ssim_by_horizon'][h], 3)}"
                                    for v in models.values()]
                    + [f"{fmt(first['copy_last_mse_by_horizon'][h])} / {fmt(first['copy_last_ssim_by_horizon'][h], 3)}"])
    return table(["horizon"] + [f"`{n}` MSE / SSIM" for n in models] + ["copy-last (mirror bounces)"], rows)


def svg_table() -> str:
    """The stochastic model: one sample against the best of k, and how different its samples are."""
    v = get("video", "svg")
    return table(["`svg`", "one sample", f"best of {v['k']}", "copy-last", "diversity (MSE between two samples)"],
                 [["frame MSE", fmt(v["mse"]), fmt(v["best_of_k_mse"]), fmt(v["copy_last_mse"]), fmt(v["diversity"])],
                  ["SSIM", fmt(v["ssim"], 3), fmt(v["best_of_k_ssim"], 3), fmt(v["copy_last_ssim"], 3), "–"]])


def startup_table() -> str:
    r = load("startup")
    return table(["command", "median of runs", "min – max", "limit"],
                 [["`genlab roadmap` (no torch, numpy or matplotlib imported)", f"{r['roadmap_median_s']:.3f} s",
                   f"{r['min_s']:.3f} – {r['max_s']:.3f} s", f"{r['limit_s']} s"],
                  ["`genlab --version`", f"{r['version_median_s']:.3f} s", "", ""],
                  ["bare `python -c pass`", f"{r['bare_python_median_s']:.3f} s", "", ""]])


def dashboard_table() -> str:
    r = load("dashboard")
    rows = [[f"`{page}`", fmt(v["median_ms"]), fmt(v["max_ms"])] for page, v in r["pages"].items()]
    rows.append(["runs list, first (uncached)", fmt(r["runs_cold_ms"]), ""])
    out = (f"{r['runs']} run folders; server time per page in ms (budget {r['budget_ms']:.0f} ms):\n\n"
           + table(["page", "median ms", "max ms"], rows))
    if "load" in r:
        under = r["load"]
        out += (f"\n\nUnder load (the real server, loopback): {under['clients']} concurrent clients for "
                f"{under['seconds']:.0f} s reading the runs list, run pages and live updates while a run "
                "trains into the same folder:\n\n"
                + table(["requests", "requests/s", "errors", "p50 ms", "p99 ms", "max ms"],
                        [[f"{under['requests']:,}", fmt(under["requests_per_s"], 0), str(under["errors"]),
                          fmt(under["p50_ms"], 0), fmt(under["p99_ms"], 0), fmt(under["max_ms"], 0)]])
                + "\n\nThe latency is queueing: on 2 cores shared with the training run, the server "
                "answers about as many requests per second as the table says, and 50 clients wait "
                "their turn (Little's law: p50 ≈ clients ÷ requests/s).")
    return out


def sweep_table() -> str:
    r = load("sweep")
    return table(["12-trial Optuna sweep of the VAE's learning rate", "trials per hour", "best test −ELBO"],
                 [["without pruning", fmt(r["trials_per_hour_no_pruning"], 0), fmt(r["best_no_pruning"], 3)],
                  [f"median pruner ({r['pruned_trials']} of 12 pruned)", fmt(r["trials_per_hour_pruning"], 0),
                   fmt(r["best_pruning"], 3)]])


def ddp_table() -> str:
    r = load("ddp")
    rows = [["1 process (all cores as intra-op threads)", fmt(r["cpu_1proc_images_per_s"], 0)],
            ["2 processes (torchrun, DDP over gloo, 1 thread each)", fmt(r["cpu_2proc_images_per_s"], 0)]]
    if "gpu_1_images_per_s" in r:
        rows.append(["1 GPU", fmt(r["gpu_1_images_per_s"], 0)])
    return table(["VAE training", "images/s"], rows) + f"\n\nTwo processes against one: {r['speedup_2proc']:.2f}x."


def labs_bench_table() -> str:
    rows = []
    for name, r in load("labs").items():
        figures = ", ".join(f"{k} {v:.4g}" for k, v in r["metrics"].items() if k.startswith("test/"))
        rows.append([f"`{name}`", fmt(r["wall_s"]), fmt(r["train_s"]), str(r["steps"]), f"{r['peak_rss_mb']} MB", figures])
    return table(["recipe", "wall s", "training s", "steps", "peak RSS", "final test metrics"], rows)


def optimizers_table() -> str:
    r = load("optimizers")
    return table(["variant", "status", "test key metric", "steps", "seconds"],
                 [[f"`{name}`", v["status"], fmt(v["key_metric"], 2), str(v["steps"]), fmt(v["seconds"])]
                  for name, v in r["variants"].items()])


def paper_table(paper_id: str) -> str:
    """A reproduction's table and verdict, as `genlab papers run ID` wrote them."""
    r = get("papers", paper_id)

    def cell(v):
        if isinstance(v, float):
            return f"{v:.3f}" if abs(v) < 10 else f"{v:.2f}"
        return fmt(v)

    rows = [[cell(v) for v in row] for row in r["rows"]]
    return (f"*{r['paper']['citation']}* — the paper: {r['paper']['claim']}.\n\n"
            + table(r["columns"], rows) + f"\n\nOurs: {r['verdict']} (`{r['measured']['command']}`, "
            f"{r['measured']['date']}.)")


def guides_table() -> str:
    sys.path.insert(0, str(DOCS.parent / "src"))
    from genlab.guides import GUIDES

    return table(["guide", "milestones", "page"],
                 [[g.title, ", ".join(map(str, g.milestones)), f"[open](guides/{name}.ipynb)"]
                  for name, g in GUIDES.items()])


def _rows(source: str) -> list[dict]:
    """Every line of ``NAME.jsonl`` (for tables with several lines per model)."""
    import json

    path = folder() / f"{source}.jsonl"
    if not path.exists():
        raise MissingFigure(f"no recorded figures '{source}': run python benchmarks/{source}.py")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def privacy_table() -> str:
    """Epsilon against utility, the newest run of each (model, epsilon)."""
    newest = {(r["model"], r["target_epsilon"]): r for r in _rows("privacy")}
    rows = []
    for model in ("classifier", "vae"):
        for eps in (1.0, 3.0, 8.0, None):
            r = newest.get((model, eps))
            if r is None:
                raise MissingFigure(f"figures 'privacy' have no {model} at epsilon {eps}: run python benchmarks/privacy.py")
            utility = (f"accuracy {r['accuracy']:.1%}" if model == "classifier" else
                       f"NELBO {r['nelbo']:.1f}, FID {r['fid']:.1f}, membership AUC {r['membership_auc']:.3f}")
            rows.append([f"`{r['recipe']}`", fmt(r["epsilon"], 2) if eps else "∞ (not private)",
                         fmt(r["noise_multiplier"], 3) if eps else "–", fmt(r["steps"]), utility, fmt(r["train_s"], 0)])
    return table(["recipe", "epsilon (delta 1e-5)", "noise multiplier", "steps", "utility", "train s"], rows)


def audits_table() -> str:
    """The audit of a short run of each image recipe."""
    rows = []
    for name in ("vae", "autoencoder", "dcgan", "wgan-gp", "cgan", "cvae", "diffusion"):
        r = get("audits", name)
        rows.append([f"`{name}`", fmt(r["steps"]), f"{r['balance_p']:.2g}",
                     f"{r['most_over']} ×{r['most_over_ratio']:.2f}", f"{r['most_under']} ×{r['most_under_ratio']:.2f}",
                     fmt(r["C_T"], 1), fmt(r.get("membership_auc"), 3),
                     f"{r['active_dims']} / {r['latent_dims']}" if "active_dims" in r else "–"])
    return table(["recipe", "steps", "balance p", "most over", "most under", "C_T", "membership AUC",
                  "active latent dims"], rows)


def calibration_table() -> str:
    c = get("audits", "calibration")
    return table(["generated set", "C_T"], [["training images (a copier)", fmt(c["copier"], 1)],
                                          ["training images + noise 0.5", fmt(c["noisy"], 1)],
                                          ["held-out real images", fmt(c["held_out_real"], 2)]])


def augmentation_table() -> str:
    """genlab augment's settings, the newest line of each, as mean ± std test accuracy."""
    newest = {r["model"]: r for r in _rows("augmentation")}
    order = ["real-10", "cgan-10", "cvae-10", "diffusion-10", "real-100", "cgan-100", "cvae-100",
             "diffusion-100", "cgan-only", "cvae-only", "diffusion-only", "real-500"]
    rows = []
    for key in order:
        r = newest.get(key)
        if r is None:
            raise MissingFigure(f"figures 'augmentation' have no {key}: run python benchmarks/augmentation.py")
        base = newest.get(f"real-{r['real_per_class']}") if r["generator"] and r["real_per_class"] else None
        change = f"{100 * (r['mean'] - base['mean']):+.1f}" if base else "–"
        rows.append([r["setting"], fmt(r["real_per_class"]), fmt(r["synthetic_per_class"]),
                     f"{100 * r['mean']:.1f} ± {100 * r['std']:.1f}%", change,
                     fmt(r["generator_fid"]) if r["generator"] else "–"])
    return table(["training data", "real / class", "generated / class", "test accuracy (mean ± std)",
                  "vs real only (points)", "generator's FID"], rows)


def _goal(value, limit, at_most: bool = True) -> str:
    if value is None:
        return "missed (not reached)"
    met = value <= limit if at_most else value >= limit
    return ("met" if met else "missed") + f" ({'≤' if at_most else '≥'} {limit}x)"


def diffusers_table() -> str:
    r = load("diffusers")
    rows = []
    for name, label in (("genlab", "genlab `diffusion` (unconditional)"), ("diffusers", "diffusers UNet2DModel + DDPMScheduler")):
        x = r[name]
        rows.append([label, f"{x['parameters']:,}", f"{x['steps']:,}", fmt(x["fid"]), fmt(x["kid"], 3),
                     fmt(x["coverage_min_share"], 2), fmt(x["sample_images_per_s"])])
    return (table(["", "parameters", "training steps", "FID", "KID", "coverage (min share)", "sampling images/s"], rows)
            + f"\n\n{fmt(r['minutes'], 0)} minutes of training each, {r['samples']:,} samples, "
            f"{r['ddim_steps']} DDIM steps. FID genlab/diffusers: {fmt(r['fid_ratio'], 2)}x (goal ≤ 0.7x); "
            f"sampling: {fmt(r['sampling_speedup'], 2)}x (goal ≥ 1.5x).")


def peers_table() -> str:
    """genlab against what a user would pick instead, each pair measured in one run."""
    gpt, dif, w2v, kv = load("gpt"), load("diffusers"), load("word2vec"), load("kv_cache")
    dash = load("dashboard").get("load")
    g, d = dif["genlab"], dif["diffusers"]
    rows = [
        [f"GPT, time to nanoGPT's val loss {fmt(gpt['nanogpt_val_loss'], 3)} (`gpt.py --nanogpt`)",
         f"{fmt(gpt['time_to_nanogpt_loss_s'])} s" if gpt.get("time_to_nanogpt_loss_s") else "not reached",
         f"nanoGPT {fmt(gpt['nanogpt_wall_s'])} s", f"{fmt(gpt.get('time_ratio'), 2)}x",
         _goal(gpt.get("time_ratio"), 0.25)],
        ["GPT, peak RSS of the training process", f"{gpt['same_config_peak_rss_mb']} MB",
         f"nanoGPT {gpt['nanogpt_peak_rss_mb']} MB", f"{fmt(gpt.get('rss_ratio'), 2)}x", _goal(gpt.get("rss_ratio"), 1)],
        [f"diffusion, FID after {fmt(dif['minutes'], 0)} min ({dif['samples']:,} samples, 25 DDIM steps)",
         fmt(g["fid"]), f"diffusers {fmt(d['fid'])}", f"{fmt(dif['fid_ratio'], 2)}x", _goal(dif["fid_ratio"], 0.7)],
        ["diffusion, sampling images/s (25 DDIM steps)", fmt(g["sample_images_per_s"]),
         f"diffusers {fmt(d['sample_images_per_s'])}", f"{fmt(dif['sampling_speedup'], 2)}x",
         _goal(dif["sampling_speedup"], 1.5, at_most=False)],
        ["word2vec, training seconds (5 epochs)", fmt(w2v["genlab_train_s"]), f"gensim {fmt(w2v['gensim_train_s'])}",
         f"{fmt(w2v['genlab_train_s'] / w2v['gensim_train_s'], 1)}x", _goal(round(w2v["genlab_train_s"] / w2v["gensim_train_s"], 2), 3)],
        ["GPT text, tokens/s (500 tokens, block 256)", fmt(kv["cache_tokens_per_s"], 0),
         f"no cache {fmt(kv['no_cache_tokens_per_s'], 0)}", f"{fmt(kv['speedup'], 2)}x",
         _goal(kv["speedup"], 3, at_most=False)],
    ]
    if dash:
        rows.append([f"dashboard, {dash['clients']} clients for {fmt(dash['seconds'], 0)} s while a run trains",
                     f"{dash['errors']} errors, p50 {fmt(dash['p50_ms'], 0)} ms, p99 {fmt(dash['p99_ms'], 0)} ms",
                     "–", "–", "met (no errors)" if dash["errors"] == 0 else "missed"])
    return table(["what", "genlab", "the alternative, same run", "ratio", "goal"], rows)


def define_env(env) -> None:
    """mkdocs-macros: the functions a page may call."""
    for fn in (images_table, dcgan_baseline_table, vae_table, gpt_table, word2vec_table, labs_table,
               startup_table, dashboard_table, sweep_table, ddp_table, labs_bench_table, paper_table,
               optimizers_table, video_table, video_horizons_table, svg_table,
               guides_table, privacy_table, audits_table, calibration_table, augmentation_table,
               family_table, flow_vs_diffusion_table, keras_table, peers_table, diffusers_table, measured, get):
        env.macro(fn)


# --- the README ------------------------------------------------------------------------------

def readme_block() -> str:
    return (f"{START}\n{labs_table()}\n\nOn a 2-core laptop CPU (wall time of `genlab train RECIPE`, "
            f"start-up and final evaluation included; FID on genlab's Fashion-MNIST classifier, "
            f"diffusion and the VQ-VAE at 2,000 samples, flow matching's step comparison at 1,000, the others "
            f"at 10,000). How each was measured: "
            f"[benchmarks](docs/benchmarks.md).\n{END}")


AUG_START, AUG_END = ("<!-- augmentation-table: written by python docs/macros.py --readme -->",
                      "<!-- /augmentation-table -->")


def augmentation_readme_block() -> str:
    """The README's short augmentation table: accuracy with each generator's samples added."""
    newest = {r["model"]: r for r in _rows("augmentation")}

    def cell(key):
        r = newest.get(key)
        if r is None:
            raise MissingFigure(f"figures 'augmentation' have no {key}: run python benchmarks/augmentation.py")
        return f"{100 * r['mean']:.1f} ± {100 * r['std']:.1f}%"

    rows = [["real only", cell("real-10"), cell("real-100"), cell("real-500")]]
    rows += [[f"+ {g} samples (CAS: {g} only)", cell(f"{g}-10"), cell(f"{g}-100"), cell(f"{g}-only")]
             for g in ("cgan", "cvae", "diffusion")]
    seeds = next(iter(newest.values()))["seeds"]
    return (f"{AUG_START}\n" + table(["Fashion-MNIST classifier trained on", "10 real / class",
                                      "100 real / class", "500 / class: real, or generated only"], rows)
            + f"\n\nTest accuracy, mean ± std over {seeds} seeds (`python benchmarks/augmentation.py`; "
            "the generators trained 5–8 CPU minutes; 500 generated images per class). "
            + augmentation_summary(newest) + "\n" + AUG_END)


def augmentation_summary(newest: dict) -> str:
    """Where generated images helped and where they did not, in one plain sentence each."""
    gens = ("cgan", "cvae", "diffusion")

    def gains(n):
        return [100 * (newest[f"{g}-{n}"]["mean"] - newest[f"real-{n}"]["mean"]) for g in gens]

    def span(values, unit=" points"):
        lo, hi = min(values), max(values)
        return f"{lo:+.1f}{unit}" if abs(hi - lo) < 0.05 else f"{lo:+.1f} to {hi:+.1f}{unit}"

    few, more = gains(10), gains(100)
    cas = [100 * newest[f"{g}-only"]["mean"] for g in gens]
    verdict = "helped" if min(more) > 0 else "did not help" if max(more) <= 0 else "helped some generators"
    return (f"Samples helped when real images were scarce (10 per class: {span(few)}); with 100 per "
            f"class they {verdict} ({span(more)}). Trained on samples alone, no generator came near "
            f"real data: {min(cas):.1f}–{max(cas):.1f}% against {100 * newest['real-500']['mean']:.1f}%.")


PEERS_START, PEERS_END = ("<!-- peers-table: written by python docs/macros.py --readme -->",
                          "<!-- /peers-table -->")


def peers_readme_block() -> str:
    return (f"{PEERS_START}\n{peers_table()}\n\nEach pair ran one after the other on the same 2-core CPU "
            "and data; how, and what was tried where a goal is missed: "
            f"[benchmarks](docs/benchmarks.md#against-what-you-would-use-instead).\n{PEERS_END}")


def write_readme(path: Path = README) -> bool:
    """Rewrite the generated tables in the README; True when one changed."""
    text = path.read_text(encoding="utf-8")
    new = text
    for start, end, block in ((START, END, readme_block), (AUG_START, AUG_END, augmentation_readme_block),
                              (PEERS_START, PEERS_END, peers_readme_block)):
        head, _, rest = new.partition(start)
        _, _, tail = rest.partition(end)
        if not rest:
            raise MissingFigure(f"{path.name} has no {start!r} marker")
        new = head + block() + tail
    path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    if sys.argv[1:] != ["--readme"]:
        sys.exit("usage: python docs/macros.py --readme")
    print("README.md: generated tables " + ("rewritten" if write_readme() else "already up to date"))
