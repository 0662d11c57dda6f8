# %% [markdown]
# # Applications: your own images, creative tools, and augmentation that is measured
#
# *Roadmap milestones 5, 11 and 15. The laptop runs take about 15 minutes on a 2-core CPU.*
#
# A generative model is worth what it can be used for. This guide does three things with
# genlab's image models:
#
# 1. trains one on **your own pictures** (here: patches of the two photos scikit-learn ships),
#    in colour at 32x32;
# 2. uses a trained **diffusion** model as a creative tool: fill a masked region (inpainting with
#    RePaint's resampling, Lugmayr et al. 2022), turn a rough sketch into an image (SDEdit, Meng
#    et al. 2022), and morph a conditional model between two classes;
# 3. asks whether generated images are **useful data**: a classifier trained on few real images,
#    with and without generated ones, and on generated ones alone (the Classification Accuracy
#    Score of Ravuri & Vinyals, 2019).

# %% [markdown]
# ## The code to read
#
# - `src/genlab/data/folders.py`: an image folder as a dataset (Pillow, resized and cropped,
#   cached by a checksum of the files); `src/genlab/data/cifar.py`: CIFAR-10 without pickles.
# - `src/genlab/pipelines/`: `inpainting.py` (RePaint), `image_to_image.py` (SDEdit),
#   `morphing.py` (class morphs and the 2-D latent map), each a page long.
# - `src/genlab/experiments/augmentation.py`: the augmentation experiment.

# %% [markdown]
# ## 1. Your own images
#
# A folder with one subfolder per class (or just files) is a dataset: `--dataset folder:PATH` on
# the command line, `dataset="folder:PATH"` here. We make one from the photos scikit-learn ships.

# %%
from pathlib import Path

from PIL import Image
from sklearn.datasets import load_sample_images

import genlab
from genlab.guides import is_tiny, lab_settings

photos = Path("my-photos")
for name, photo in zip(("china", "flower"), load_sample_images().images):
    (photos / name).mkdir(parents=True, exist_ok=True)
    for i in range(60):  # 96x96 patches from a grid over the photo
        y, x = 40 * (i // 10) % (photo.shape[0] - 96), 55 * (i % 10) % (photo.shape[1] - 96)
        Image.fromarray(photo[y:y + 96, x:x + 96]).save(photos / name / f"{i}.png")

settings = lab_settings(full=dict(minutes=2), tiny=dict(steps=20))
own = genlab.train("dcgan", dataset=f"folder:{photos}", set={"data.image_size": 32, "model.eval_samples": 100}, **settings)
own.samples(16)

# %% [markdown]
# 120 patches are far too few for a GAN: expect blurry colour fields in the photos' palettes, not
# temples and flowers. The FID line of the run says which features it used: genlab has no
# classifier for this folder, so a stated generic extractor (an untrained network) is used; build
# a real one with `python -m genlab.metrics.build_weights folder:my-photos --set data.image_size=32`.

# %% [markdown]
# ## 2. Creative tools on a diffusion model
#
# The laptop run trains the class-conditional `diffusion` recipe on Fashion-MNIST for 4 minutes.

# %%
settings = lab_settings(full=dict(minutes=4, set={"model.eval_samples": 500}),
                        tiny=dict(dataset="digits", steps=20,
                                  set={"model.channels": 8, "model.sample_steps": 4, "model.eval_samples": 100}))
diffusion = genlab.train("diffusion", **settings)

# %% [markdown]
# **Inpainting**: keep the left half of a test image and let the model draw the right half, eight
# times. The known pixels are pasted in at every step, noised to that step's level; resampling
# (going one step back up and down again, `resample` times) lets the fill agree with them.

# %%
diffusion.inpaint("test:0", mask="right", n=6, steps=20 if is_tiny() else 50, resample=5)

# %% [markdown]
# **Image-to-image** from a rough sketch: a white rectangle with a gap, noised to 60% of the
# way and denoised. Low strength keeps the sketch (and its unrealism); high strength forgets it.

# %%
from PIL import ImageDraw

sketch = Image.new("L", (28, 28), 0)
draw = ImageDraw.Draw(sketch)
draw.rectangle([9, 3, 18, 26], fill=230)
draw.rectangle([13, 12, 14, 26], fill=0)  # two legs: a pair of trousers, roughly
sketch.save("sketch.png")
for strength in (0.3, 0.6, 0.9):
    print("strength", strength)
    display(diffusion.edit("sketch.png", strength=strength, n=6, class_=1))

# %% [markdown]
# **Class morph**: the class embedding moves from "sandal" to "sneaker" while the noise walks from
# one draw to another; save it with `.save("morph.gif")` (`genlab morph RUN --from 5 --to 7`).

# %%
diffusion.morph(5, 7, frames=4 if is_tiny() else 16, rows=4)

# %% [markdown]
# ## 3. Is generated data useful data?
#
# Train the classifier on 10 real images per class, then on the same plus 500 samples per class
# from the diffusion run, then on the samples alone; several seeds each, test accuracy on the real
# test set. The README's table (from `benchmarks/augmentation.py`) has the full measurement with
# cgan, cvae and diffusion; this is a small one.

# %%
settings = lab_settings(
    full=dict(per_class=[10], synthetic=500, seeds=3, steps=200, set={"model.channels": 16}),
    tiny=dict(per_class=[5], synthetic=10, seeds=2, steps=5, dataset="digits",
              set={"model.channels": 4, "model.features": 8}))
result = genlab.augment([diffusion], out="augmentation", **settings)
print(result.table())
print("\n".join(result.verdicts()))

# %% [markdown]
# ## What a good run reaches
#
# From `benchmarks/augmentation.py` (5 seeds, the classifier at 16 channels and 300 steps per
# setting, 500 generated images per class, test accuracy on the 10,000 real test images):
#
# | training data | 10 real / class | 100 real / class |
# |---|---:|---:|
# | real only | {fig:augmentation:real-10.mean:.1%} | {fig:augmentation:real-100.mean:.1%} |
# | + cgan samples | {fig:augmentation:cgan-10.mean:.1%} | {fig:augmentation:cgan-100.mean:.1%} |
# | + cvae samples | {fig:augmentation:cvae-10.mean:.1%} | {fig:augmentation:cvae-100.mean:.1%} |
# | + diffusion samples | {fig:augmentation:diffusion-10.mean:.1%} | {fig:augmentation:diffusion-100.mean:.1%} |
#
# Trained on samples alone (Classification Accuracy Score): cgan
# {fig:augmentation:cgan-only.mean:.1%}, cvae {fig:augmentation:cvae-only.mean:.1%}, diffusion
# {fig:augmentation:diffusion-only.mean:.1%}, against {fig:augmentation:real-500.mean:.1%} for 500
# real images per class.

# %% [markdown]
# ## Experiments to try
#
# - Inpaint with `resample=1` (plain replacement, no resampling) and with 10: look at the seam.
# - Edit one sketch at strengths 0.2 to 1.0 and plot the distance to the sketch against the
#   classifier's confidence in the class you asked for: faithfulness against realism.
# - Run `genlab augment` with `--synthetic 100` and `--synthetic 2000`: does more generated data
#   help, or does it drown the real images?
# - Train `cvae` on your own labelled folder and morph between two of your classes.

# %% [markdown]
# ## Questions
#
# 1. Why must the known pixels be *noised* to the current level before they are pasted in?
# 2. What does SDEdit's strength trade, and why can't one value be right for every input?
# 3. A generator gets a high Classification Accuracy Score but a poor FID. What does that say?
# 4. Why does adding samples help less (or hurt) when there are more real images?
#
# <details><summary>Answers</summary>
#
# 1. The model denoises x_t, an image at noise level t everywhere; clean pixels beside noisy
#    ones are an input it never saw, and it would treat them as noise.
# 2. Faithfulness to the input against realism: noise hides the input's details, which is what
#    lets the model replace them. A realistic photo needs little strength, a scribble a lot.
# 3. Its samples are recognisable as their classes (good for a classifier) but differ from real
#    images in style or variety (which FID sees): e.g. typical, low-diversity samples.
# 4. Samples carry the generator's errors and cover less variety than the data. With few real
#    images their variety is still a gain; with more, the classifier already has it, and the
#    errors remain.
#
# </details>
#
# Every file the tools write records its provenance: `genlab provenance FILE` says which run,
# seed and command made it.
