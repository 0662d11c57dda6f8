"""The language labs from the command line: train, generate, evaluate, similar, analogy,
translate; and one clear line (exit 2) for each bad input."""

import json

import pytest

from tests.conftest import run_cli
from tests.foundation.test_cli import assert_one_line_error

GPT_TINY = ["--steps", "12", "-q", "--set", "model.n_layer=1", "--set", "model.n_embd=16",
            "--set", "model.n_head=2", "--set", "model.block_size=16", "--set", "data.batch_size=8",
            "--set", "model.sample_tokens=20", "--set", "train.eval_every=6", "--set", "optim.warmup_steps=2"]


@pytest.fixture(scope="module")
def gpt_run(tmp_path_factory):
    from tests.language.conftest import small_text

    root = tmp_path_factory.mktemp("gpt")
    corpus = root / "corpus.txt"
    corpus.write_text(small_text())
    proc = run_cli("train", "gpt", "--dataset", str(corpus), *GPT_TINY, "--runs-dir", str(root / "runs"))
    assert proc.returncode == 0, proc.stderr
    assert "test/bpc" in proc.stdout and "test/ppl" in proc.stdout
    [run] = list((root / "runs").iterdir())
    return run


def test_gpt_trains_writes_text_samples_and_generates(gpt_run):
    samples = sorted((gpt_run / "samples").glob("text-step-*.txt"))
    assert len(samples) == 2 and samples[-1].read_text().strip()
    from markupsafe import escape

    report = (gpt_run / "report.html").read_text()
    assert str(escape(samples[-1].read_text()[:60])) in report and "text (step 12)" in report
    info = json.loads((gpt_run / "run.json").read_text())
    assert info["data"]["extra"]["tokenizer"]["kind"] == "char"
    proc = run_cli("generate", str(gpt_run), "--prompt", "the king", "--tokens", "30",
                   "--temperature", "0.8", "--top-k", "5", "--top-p", "0.95")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("the king") and len(proc.stdout) >= len("the king") + 30
    proc = run_cli("evaluate", str(gpt_run))
    assert proc.returncode == 0, proc.stderr
    assert "test/bpc" in proc.stdout


@pytest.mark.parametrize("args, fragment", [
    (["--temperature", "0"], "temperature must be > 0"),
    (["--top-p", "1.5"], "top-p must be in (0, 1]"),
    (["--top-p", "0"], "top-p must be in (0, 1]"),
    (["--prompt", "ZQX"], "outside this model's vocabulary"),
])
def test_generate_bad_input_is_one_line(gpt_run, args, fragment):
    assert_one_line_error(run_cli("generate", str(gpt_run), *args), fragment)


def test_generate_several_seeded_samples_with_stop_strings_into_a_file(gpt_run, tmp_path):
    from genlab.responsible import provenance

    out = tmp_path / "samples.txt"
    args = ["generate", str(gpt_run), "--prompt", "th", "--tokens", "40", "--samples", "3", "--seed", "4"]
    proc = run_cli(*args, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert [f"--- sample {i} (seed {s}) ---" in text for i, s in ((1, 4), (2, 5), (3, 6))] == [True] * 3
    assert run_cli(*args).stdout == proc.stdout  # seeded: the same three samples again
    record, intact = provenance.read(out)
    assert intact and record["samples"] == 3 and record["seed"] == 4
    first = text.split("\n", 1)[1].split("\n--- sample 2")[0]   # the first sample, prompt included
    stop = first[4:6]  # a string the first sample contains after its prompt
    cut = run_cli("generate", str(gpt_run), "--prompt", "th", "--tokens", "40", "--seed", "4", "--stop", stop)
    assert cut.returncode == 0 and cut.stdout.rstrip("\n") == first[:first.index(stop, 2)]


def test_stop_strings_cut_a_stream_at_their_first_appearance():
    from genlab.api import until_stop

    pieces = ["Hel", "lo, wor", "ld", "!\n\nnext"]
    assert "".join(until_stop(pieces, ("\n\n",))) == "Hello, world!"
    assert "".join(until_stop(pieces, ("wor", "o"))) == "Hell"
    assert "".join(until_stop(pieces, ())) == "Hello, world!\n\nnext"
    assert "".join(until_stop(pieces, ("zzz",))) == "Hello, world!\n\nnext"


def test_bad_corpora_and_block_size_are_one_line(tmp_path):
    empty, binary, short = tmp_path / "empty.txt", tmp_path / "bin.txt", tmp_path / "short.txt"
    empty.write_text("")
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    short.write_text("tiny corpus\n")
    for path, fragment in ((empty, "empty"), (binary, "binary"), (short, "block_size")):
        proc = run_cli("train", "gpt", "--dataset", str(path), "--steps", "2", "-q",
                       "--runs-dir", str(tmp_path / "runs"))
        assert_one_line_error(proc, fragment)


def test_word2vec_similar_and_analogy(tmp_path, corpus_file):
    proc = run_cli("train", "word2vec", "--dataset", str(corpus_file), "--epochs", "2", "-q",
                   "--set", "model.dim=8", "--set", "model.min_count=2", "--runs-dir", str(tmp_path / "runs"))
    assert proc.returncode == 0, proc.stderr
    [run] = list((tmp_path / "runs").iterdir())
    assert list((run / "samples").glob("words-pca-*.png"))
    proc = run_cli("similar", str(run), "king", "-k", "3")
    assert proc.returncode == 0 and proc.stdout.startswith("king: "), proc.stderr
    proc = run_cli("analogy", str(run), "man", "king", "woman")
    assert proc.returncode == 0 and "man : king :: woman :" in proc.stdout, proc.stderr
    assert_one_line_error(run_cli("similar", str(run), "zebra"), "not in the vocabulary")


def test_seq2seq_translate_with_beam_and_heatmap(tmp_path):
    proc = run_cli("train", "seq2seq", "--epochs", "1", "-q", "--set", "model.train_size=256",
                   "--set", "model.test_size=16", "--set", "model.hidden=16", "--set", "model.beam=2",
                   "--set", "model.heatmaps=1", "--runs-dir", str(tmp_path / "runs"))
    assert proc.returncode == 0, proc.stderr
    assert "test/bleu" in proc.stdout and "test/beam_accuracy" in proc.stdout
    [run] = list((tmp_path / "runs").iterdir())
    assert list((run / "samples").glob("attention-0-step-*.png"))
    out = tmp_path / "attn.png"
    proc = run_cli("translate", str(run), "the 3rd of may 1998", "--beam", "3", "--heatmap", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "the 3rd of may 1998 -> " in proc.stdout and out.stat().st_size > 1000
    assert_one_line_error(run_cli("translate", str(run), "MAY 3 @ 1998"), "outside the task's alphabet")
    assert_one_line_error(run_cli("generate", str(run)), "genlab generate needs a model that generates text", "(models that do: gpt, char-rnn)")
