# The two set-up commands of the README, plus the benchmarks.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The CPU wheel of torch must be installed before genlab, or pip pulls a multi-GB CUDA build.
TORCH  ?= torch==2.13.0

.PHONY: demo test test-pythons bench docs install clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/genlab demo

test: install
	$(PY) -m pytest

# Python 3.10, 3.12 and 3.13 (pyenv): the torch-free suites of tests/torch-free.txt, without torch
test-pythons: install
	bash .ci/other-pythons

# The benchmarks run one after another (they time themselves; run nothing else meanwhile).
# NANOGPT=DIR (a nanoGPT checkout) runs nanoGPT's own train.py beside genlab's GPT.
bench: install
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) benchmarks/startup.py
	$(PY) benchmarks/vae.py
	$(PY) benchmarks/ddp.py
	$(PY) benchmarks/sweep.py
	$(PY) benchmarks/dashboard.py
	$(PY) benchmarks/gpt.py $(if $(NANOGPT),--nanogpt $(NANOGPT))
	$(PY) benchmarks/kv_cache.py
	$(PY) benchmarks/word2vec.py
	$(PY) benchmarks/labs.py
	$(PY) benchmarks/optimizers.py
	$(PY) benchmarks/images.py
	$(PY) benchmarks/video.py
	$(PY) benchmarks/privacy.py
	$(PY) benchmarks/audits.py
	$(PY) benchmarks/augmentation.py
	$(PY) benchmarks/model_families.py
	$(PY) benchmarks/keras_track.py
	$(PY) benchmarks/diffusion_vs_diffusers.py

# The docs site (mkdocs.yml, docs/) into site/: the guides executed at tiny size, strict build,
# links checked. DOCS_ARGS="--guides-from build/guides" reuses the guides the tests executed.
docs: install
	$(PY) docs/build.py $(DOCS_ARGS)

clean:
	rm -rf $(VENV) .venv-py* runs .pytest_cache site docs/guides
