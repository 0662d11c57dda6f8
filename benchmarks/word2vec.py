"""word2vec benchmark: genlab's `word2vec` recipe against gensim's Word2Vec, same corpus, same settings.

Both train skip-gram with negative sampling on the words of the first 90% of Tiny Shakespeare
(lower-cased, as genlab splits them), with 100 dimensions, window 5, 5 negatives, subsampling
1e-3, min_count 5, 5 epochs and a learning rate decaying linearly from 0.025. Reported: each
one's training time (genlab: the whole `genlab train` command; gensim: its `train` call on 2
worker threads), and how much their 10 nearest neighbours agree over the 200 most frequent
words. Two gensim runs with different seeds give the agreement to expect between two equally
good models.

Run: ``python benchmarks/word2vec.py`` (needs ``pip install gensim``). The last line is JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TEXT = REPO.parent / "shared" / "data" / "tinyshakespeare" / "input.txt"
SETTINGS = dict(vector_size=100, window=5, negative=5, sample=1e-3, min_count=5, epochs=5,
                alpha=0.025, min_alpha=0.0001, sg=1)


def gensim_model(words: list[str], seed: int):
    from gensim.models import Word2Vec

    chunks = [words[i:i + 10_000] for i in range(0, len(words), 10_000)]  # gensim's sentence cap
    model = Word2Vec(seed=seed, workers=2, **SETTINGS)
    model.build_vocab(chunks)
    start = time.perf_counter()
    model.train(chunks, total_examples=len(chunks), epochs=SETTINGS["epochs"])
    return model, time.perf_counter() - start


def overlap(a: dict[str, set], b: dict[str, set]) -> float:
    return sum(len(a[w] & b[w]) for w in a) / (10 * len(a))


def main() -> None:
    os.environ.setdefault("GENLAB_TINYSHAKESPEARE", str(DEFAULT_TEXT))
    path = Path(os.environ["GENLAB_TINYSHAKESPEARE"])
    if not path.is_file():
        sys.exit(f"Tiny Shakespeare not found at {path}")
    try:
        import gensim  # noqa: F401
    except ImportError:
        sys.exit("this benchmark needs gensim: pip install gensim")
    from genlab.models.word2vec import words_of
    from genlab.run_folder.run_dir import RunDir
    from genlab.training.job import load_trained

    words = words_of(path.read_text())
    words = words[: int(len(words) * 0.9)]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "genlab", "train", "word2vec", "-q", "--runs-dir", tmp,
                               "--no-download"], capture_output=True, text=True, cwd=REPO)
        ours_s = time.perf_counter() - start
        if proc.returncode:
            sys.exit(proc.stderr)
        [run] = list(Path(tmp).iterdir())
        train_s = json.loads((run / "run.json").read_text())["train_seconds"]
        ours, _ = load_trained(RunDir(run), "cpu")
    g1, g1_s = gensim_model(words, seed=1)
    g2, _ = gensim_model(words, seed=2)
    shared = [w for w in ours.words if w in g1.wv.key_to_index][:200]
    ours_nn = {w: {x for x, _ in ours.most_similar(w, 10)} for w in shared}
    g1_nn = {w: {x for x, _ in g1.wv.most_similar(w, topn=10)} for w in shared}
    g2_nn = {w: {x for x, _ in g2.wv.most_similar(w, topn=10)} for w in shared}
    result = {"genlab_wall_s": round(ours_s, 1), "genlab_train_s": round(train_s, 1),
              "gensim_train_s": round(g1_s, 1), "vocab": len(ours.words), "gensim_vocab": len(g1.wv),
              "nn10_overlap_genlab_gensim": round(overlap(ours_nn, g1_nn), 3),
              "nn10_overlap_gensim_seed1_seed2": round(overlap(g1_nn, g2_nn), 3)}
    for w in ("king", "love", "night"):
        print(f"{w}: genlab {sorted(ours_nn.get(w, []))[:6]} | gensim {sorted(g1_nn.get(w, []))[:6]}")
    print(json.dumps(result))
    record("word2vec", result)


if __name__ == "__main__":
    main()
