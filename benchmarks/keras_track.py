"""The Keras track beside the PyTorch labs: genlab's VAE and DCGAN written with Keras 3 (PyTorch
backend), trained by ``model.fit`` on the same in-memory Fashion-MNIST and scored by genlab's
metrics.

- ``keras-vae``: the ``vae`` recipe's model (MLP 784-400-20, Bernoulli decoder), 10 epochs, batch
  128, Adam 1e-3; the test negative ELBO in nats (one-sample bound, as genlab's ``test/nelbo``);
- ``keras-dcgan``: the Keras DCGAN for the ``dcgan`` recipe's 10 minutes (``--minutes``), batch 64,
  Adam 2e-4 / beta1 0.5; FID at 10,000 samples on genlab's Fashion-MNIST classifier.

genlab's own figures come from ``benchmarks/vae.py`` and ``benchmarks/images.py``; the README's
table puts the two side by side. Usage: ``python benchmarks/keras_track.py [--minutes M]
[--only keras-vae,keras-dcgan]``. Writes one JSON line per model to stdout and to
``src/genlab/figures/keras_track.jsonl``. Needs Keras 3 (``pip install 'genlab[keras]'``) and
Fashion-MNIST (``sudo apt-get install dataset-fashion-mnist``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from record import record


def keras_vae(epochs: int) -> dict:
    from genlab.keras_track.data import image_arrays
    from genlab.keras_track.models import VAE, keras

    x, _ = image_arrays("fashion-mnist", "train")
    xt, _ = image_arrays("fashion-mnist", "test")
    keras.utils.set_random_seed(0)
    vae = VAE(x.shape[1:], hidden=400, latent_dim=20)
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    start = time.perf_counter()
    vae.fit(x, epochs=epochs, batch_size=128, verbose=0)
    train_s = time.perf_counter() - start
    test = vae.evaluate(xt, batch_size=1000, verbose=0, return_dict=True)
    return {"model": "keras-vae", "epochs": epochs, "train_s": round(train_s, 1),
            "test_nelbo": test["loss"], "test_recon": test["recon"], "test_kl": test["kl"]}


def keras_dcgan(minutes: float, samples: int) -> dict:
    from genlab.keras_track.data import image_arrays
    from genlab.keras_track.models import DCGAN, TimeBudget, keras
    from genlab.keras_track.scoring import sample_quality

    x, _ = image_arrays("fashion-mnist", "train")
    keras.utils.set_random_seed(0)
    gan = DCGAN(x.shape[1:], latent_dim=64, width=64)
    gan.compile()
    start = time.perf_counter()
    gan.fit(x, epochs=1000, batch_size=64, verbose=0, callbacks=[TimeBudget(minutes)])
    train_s = time.perf_counter() - start
    scores = sample_quality(gan.sample(samples, seed=1))
    return {"model": "keras-dcgan", "minutes": minutes, "train_s": round(train_s, 1),
            "steps": int(gan.g_optimizer.iterations.numpy()), **scores}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10, help="epochs of the Keras VAE (the vae recipe's)")
    p.add_argument("--minutes", type=float, default=10.0, help="training minutes of the Keras DCGAN")
    p.add_argument("--samples", type=int, default=10000, help="samples for the DCGAN's FID")
    p.add_argument("--only", default="keras-vae,keras-dcgan")
    args = p.parse_args(argv)
    from genlab.keras_track import backend

    for name in [n for n in args.only.split(",") if n]:
        row = keras_vae(args.epochs) if name == "keras-vae" else keras_dcgan(args.minutes, args.samples)
        row["backend"] = backend()
        print(json.dumps(row), flush=True)
        record("keras_track", row, append=True)


if __name__ == "__main__":
    sys.exit(main())
