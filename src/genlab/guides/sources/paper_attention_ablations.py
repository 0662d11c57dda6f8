# %% [markdown]
# # Reproducing Vaswani et al. (2017): which parts of attention matter
#
# *Roadmap milestones 8 and 14. About 3 minutes on a 2-core laptop CPU.*
#
# "Attention Is All You Need" justifies its design choices with ablations (Table 3) and
# arguments. Three of them, on genlab's character-level GPT:
#
# - **Several heads.** With one head, attention averages over all it attends to; several heads
#   attend to different things at once. The paper: single-head attention is 0.9 BLEU worse than
#   the best setting (Table 3, rows A).
# - **Position information.** Attention itself ignores order. The paper adds sinusoidal
#   position encodings (learned ones did about as well, Table 3 row E). A causal model without
#   any still sees *some* order through its mask.
# - **Scaling by $1/\sqrt{d_k}$.** For random vectors, $q \cdot k$ has variance $d_k$; unscaled,
#   large logits push the softmax into regions with tiny gradients (section 3.2.1).

# %% [markdown]
# ## The code to read
#
# - `src/genlab/papers/attention_ablations.py`: four training runs, one table.
# - `src/genlab/models/gpt.py`: `position` and `attn_scale` in `GPTConfig` are the two switches
#   this reproduction added; `n_head` splits the width into heads.

# %% [markdown]
# ## Run it
#
# At laptop size this trains the `gpt` recipe four times on Tiny Shakespeare (it needs the
# corpus: `genlab train gpt --download` once, or `$GENLAB_DATA`). With `GENLAB_GUIDE_TINY=1`
# it trains a one-layer model for 10 steps on genlab's roadmap text: the differences are then
# noise.

# %%
from IPython.display import Markdown

from genlab.guides import is_tiny
from genlab.papers import run_paper

folder, result = run_paper("attention-ablations", "runs", tiny=is_tiny())
Markdown((folder / "results.md").read_text())

# %% [markdown]
# ## What to look at
#
# The validation losses side by side, and the curves: an ablation can slow learning early and
# catch up later, or stay behind.

# %%
import genlab

genlab.compare(*genlab.runs(folder), out=folder / "compare.png")

# %% [markdown]
# Text from the base model and from the one without position embeddings, same seed: the second
# still writes words (the causal mask gives it a sense of order) but loses the line structure
# more often.

# %%
by_name = {r.name.rsplit("-", 2)[0]: r for r in genlab.runs(folder)}
for name in ("variant-0", "variant-2"):
    print(f"--- {name}:", by_name[name].generate("\n", tokens=120 if not is_tiny() else 20, seed=1))

# %% [markdown]
# ## Experiments to try
#
# 1. **Longer context**: with `model.block_size` 256, does "no position embeddings" fall
#    further behind?
# 2. **Wider heads**: the unscaled variant should suffer more as the head size grows; try
#    `model.n_embd` 256 with 2 heads.
# 3. **Sinusoids**: add a `"sinusoidal"` choice to `position` in `gpt.py` and compare it with the
#    learned embeddings, as the paper's row E does.

# %% [markdown]
# ## What a good run reaches
#
# The laptop-size table is in the docs' "Paper reproductions" (docs/notebooks.md), with its command
# (`genlab papers run attention-ablations`).

# %% [markdown]
# ## Questions
#
# 1. How can a model with no position embeddings know where it is?
# 2. Why does the scale matter more for wide heads?
#
# <details><summary>Answers</summary>
#
# 1. The causal mask makes position $t$ attend to $t$ tokens; the attention output's statistics
#    (e.g. how spread its weights are) then depend on $t$, which the next layers can read.
# 2. The logits' standard deviation grows as $\sqrt{d_k}$, so the wider the head, the more
#    saturated the unscaled softmax.
# </details>
