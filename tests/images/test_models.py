"""Every image model: a few training steps lower its loss on tiny data; sampling, latent walks
and class requests give the right shapes, ranges and errors."""

import pytest
import torch

from genlab.config import OptimConfig
from genlab.errors import ConfigError
from genlab.models import model_class
from genlab.models.base import DataInfo
from genlab.training.optim import build_optimizers
from genlab.training.trainer import StepContext

INFO = DataInfo((1, 8, 8), 2, ("bars", "stripes"))

TINY = {
    "autoencoder": {"latent_dim": 4, "channels": 8},
    "cvae": {"latent_dim": 4, "channels": 8, "hidden_dim": 32},
    "dcgan": {"latent_dim": 8, "channels": 8},
    "wgan-clip": {"name": "wgan", "variant": "clip", "latent_dim": 8, "channels": 8, "critic_iters": 2},
    "wgan-gp": {"name": "wgan", "variant": "gp", "latent_dim": 8, "channels": 8, "critic_iters": 2},
    "cgan": {"latent_dim": 8, "channels": 8, "embed_dim": 4},
    "cgan-ms": {"name": "cgan", "latent_dim": 8, "channels": 8, "embed_dim": 4, "mode_seeking": 1.0},
    "diffusion": {"channels": 8, "timesteps": 50, "sample_steps": 5, "ema": 0.9},
}
# what each model minimises, read from the step's logs: the whole loss, or the one player that
# must improve on a fixed batch (the discriminator or critic; the generator chases it)
WATCH = {"autoencoder": "loss", "cvae": "loss", "dcgan": "d_loss", "wgan-clip": "critic_loss",
         "wgan-gp": "critic_loss", "cgan": "d_loss", "cgan-ms": "d_loss", "diffusion": "loss"}
OPTIM = {"wgan-clip": OptimConfig(name="rmsprop", lr=1e-3), "wgan-gp": OptimConfig(lr=1e-3, betas=(0.0, 0.9)),
         "dcgan": OptimConfig(lr=2e-3, betas=(0.5, 0.999)), "cgan": OptimConfig(lr=2e-3, betas=(0.5, 0.999)),
         "cgan-ms": OptimConfig(lr=2e-3, betas=(0.5, 0.999))}


def build(key):
    table = {"name": key, **TINY[key], "eval_samples": 100, "quick_eval_samples": 0}
    torch.manual_seed(0)
    return model_class(table["name"]).from_config(table, INFO)


def tiny_batch(n=32):  # noqa: D103
    """Two classes of 8x8 images: horizontal bars and vertical stripes, at random offsets."""
    gen = torch.Generator().manual_seed(0)
    y = torch.arange(n) % 2
    x = torch.zeros(n, 1, 8, 8)
    offsets = torch.randint(0, 2, (n,), generator=gen)
    for i in range(n):
        if y[i] == 0:
            x[i, 0, offsets[i]::2, :] = 1.0
        else:
            x[i, 0, :, offsets[i]::2] = 1.0
    return x, y


@pytest.mark.parametrize("key", list(TINY))
def test_a_few_steps_lower_the_loss_on_tiny_data(key):
    model = build(key).train()
    optimizers = build_optimizers(OPTIM.get(key, OptimConfig(lr=3e-3)), model.param_groups())
    ctx = StepContext(optimizers, None, None, loss_fn=model.loss)
    batch = tiny_batch()
    values = []
    for _ in range(25):
        torch.manual_seed(len(values))   # the same noise at step i in every run
        out = model.training_step(batch, ctx)
        values.append(float(out.loss.detach() if WATCH[key] == "loss" else out.logs[WATCH[key]]))
    first, last = sum(values[:3]) / 3, sum(values[-3:]) / 3
    assert last < first, f"{key}: {WATCH[key]} went from {first:.4f} to {last:.4f}"


@pytest.mark.parametrize("key", list(TINY))
def test_samples_and_walks_have_the_right_shape_and_range(key):
    model = build(key).eval()
    x = model.sample(6, generator=torch.Generator().manual_seed(0))
    assert x.shape == (6, 1, 8, 8) and x.min() >= 0 and x.max() <= 1 and torch.isfinite(x).all()
    again = model.sample(6, generator=torch.Generator().manual_seed(0))
    assert torch.equal(x, again)   # the generator alone decides the latents
    walk = model.interpolate(torch.Generator().manual_seed(1), rows=2, steps=4)
    assert walk.shape == (8, 1, 8, 8) and walk.min() >= 0 and walk.max() <= 1


@pytest.mark.parametrize("key", ["cvae", "cgan", "diffusion"])
def test_conditional_models_take_a_class_and_reject_bad_ones(key):
    model = build(key).eval()
    assert model.conditional
    assert model.sample(3, labels=1).shape == (3, 1, 8, 8)
    assert model.sample(2, labels=[0, 1]).shape == (2, 1, 8, 8)
    with pytest.raises(ConfigError, match="out of range"):
        model.sample(2, labels=2)
    with pytest.raises(ConfigError, match="out of range"):
        model.sample(2, labels=-1)


@pytest.mark.parametrize("key", ["autoencoder", "dcgan", "wgan-gp"])
def test_unconditional_models_refuse_a_class(key):
    with pytest.raises(ConfigError, match="not class-conditional"):
        build(key).sample(2, labels=0)


def test_wgan_updates_the_generator_every_critic_iters_steps_and_clips_weights():
    model = build("wgan-clip").train()
    optimizers = build_optimizers(OptimConfig(name="rmsprop", lr=1e-2), model.param_groups())
    ctx = StepContext(optimizers, None, None, loss_fn=model.loss)
    logs = [model.training_step(tiny_batch(), ctx).logs for _ in range(4)]
    assert ["g_loss" in log for log in logs] == [False, True, False, True]
    assert all(p.abs().max() <= model.config.clip + 1e-7 for p in model.critic.parameters())
    assert int(model.critic_steps) == 4   # a buffer: checkpointed, so resume keeps the rhythm
    assert "critic_steps" in model.state_dict()


def test_gradient_penalty_is_zero_for_a_unit_slope_critic():
    from genlab.models.wgan import gradient_penalty

    w = torch.zeros(1, 1, 2, 2)
    w[0, 0, 0, 0] = 1.0   # f(x) = x[0, 0]: gradient norm exactly 1 everywhere
    critic = lambda x: (x * w).flatten(1).sum(1)
    real, fake = torch.rand(5, 1, 2, 2), torch.rand(5, 1, 2, 2)
    alpha = torch.rand(5)
    assert gradient_penalty(critic, real, fake, alpha).item() == pytest.approx(0.0, abs=1e-10)
    critic3 = lambda x: 3 * (x * w).flatten(1).sum(1)   # slope 3: penalty (3 - 1)^2 = 4
    assert gradient_penalty(critic3, real, fake, alpha).item() == pytest.approx(4.0)


def test_classifier_free_guidance_extrapolates_conditional_from_unconditional():
    model = build("diffusion").eval()
    calls = []

    class FakeUNet(torch.nn.Module):
        def forward(self, x, t, labels=None):
            calls.append(labels)
            # "conditional" predictions are 1, "unconditional" (null label 2) are 0
            return (labels != 2).float().view(-1, 1, 1, 1).expand_as(x).clone()

    model.ema.average = FakeUNet()
    eps = []
    import genlab.models.diffusion as diffusion_module

    original = diffusion_module.run_sampler
    diffusion_module.run_sampler = lambda s, fn, z, gen=None: eps.append(fn(z, torch.zeros(len(z), dtype=torch.long))) or z
    try:
        model.decode_latents(torch.zeros(2, 1, 8, 8), torch.tensor([0, 1]), guidance=3.0)
    finally:
        diffusion_module.run_sampler = original
    # eps = uncond + w (cond - uncond) = 0 + 3 * (1 - 0)
    assert torch.allclose(eps[0], torch.full((2, 1, 8, 8), 3.0))
    assert calls[0].tolist() == [0, 1, 2, 2]   # one batched call: conditional, then null labels


def test_autoencoder_denoises_and_fits_a_gaussian_to_its_codes():
    model = build("autoencoder")
    model.config.noise = 0.2
    optimizers = build_optimizers(OptimConfig(lr=3e-3), model.param_groups())
    ctx = StepContext(optimizers, None, None, loss_fn=model.loss)
    model.train()
    for _ in range(15):
        model.training_step(tiny_batch(), ctx)
    assert not torch.allclose(model.codes.mean, torch.zeros_like(model.codes.mean))
    assert torch.allclose(model.codes.share.sum(), torch.tensor(1.0))
    model.eval()
    grids = model.visualize(tiny_batch(), torch.Generator().manual_seed(0), 4)
    assert grids["denoising"].shape == (36, 1, 8, 8)   # (noisy, clean, denoised) for 12 images
    metrics = model.eval_losses([tiny_batch()])
    assert set(metrics) == {"bce", "mse", "denoise_psnr"} and metrics["denoise_psnr"] > 0


def test_autoencoder_samples_each_class_component_by_its_share():
    model = build("autoencoder")
    d, k = model.config.latent_dim, len(model.codes.share)
    model.codes.mean.copy_(torch.arange(k, dtype=torch.float32)[:, None].expand(k, d) * 10)
    model.codes.second.copy_(torch.einsum("ki,kj->kij", model.codes.mean, model.codes.mean)
                            + 0.01 * torch.eye(d))
    model.codes.share.copy_(torch.tensor([0.25, 0.75]))       # two classes in INFO
    model.decode = lambda z: z                     # look at the latents themselves
    z = model.draw_latents(4000, torch.Generator().manual_seed(0))
    comp = (model.decode_latents(z).mean(1) / 10).round().long()
    shares = torch.bincount(comp, minlength=k).float() / len(comp)
    assert k == 2 and abs(shares[1] - 0.75) < 0.03 and shares.sum() == 1
    assert (model.decode_latents(z).std(0) < 40).all()   # within-component spread stays small


def test_cvae_can_sample_from_the_codes_of_the_requested_class():
    model = build("cvae").train()
    model.config.sampling = "codes"
    for _ in range(3):                      # training batches move the class statistics
        model.loss(tiny_batch())
    assert not torch.allclose(model.codes.mean, torch.zeros_like(model.codes.mean))
    d = model.config.latent_dim
    model.codes.mean.copy_(torch.stack([torch.full((d,), -10.0), torch.full((d,), 10.0)]))
    model.codes.second.copy_(torch.einsum("ki,kj->kij", model.codes.mean, model.codes.mean)
                             + 0.01 * torch.eye(d))
    model.decode = lambda z, y: z           # look at the codes themselves
    z = model.draw_latents(6, torch.Generator().manual_seed(0))
    codes = torch.logit(model.decode_latents(z, torch.tensor([0, 1, 0, 1, 0, 1])).clamp(1e-6, 1 - 1e-6))
    assert (codes[0::2] < -8).all() and (codes[1::2] > 8).all()


def test_cvae_kl_weight_scales_the_training_kl_but_evaluation_reports_the_true_bound():
    batch = tiny_batch()
    weighted, plain = build("cvae").eval(), build("cvae").eval()
    weighted.config.kl_weight = 0.25
    torch.manual_seed(1)
    out = weighted.loss(batch)
    torch.manual_seed(1)
    ref = plain.loss(batch)
    assert torch.allclose(out.loss, out.logs["recon"] + 0.25 * out.logs["kl"])
    assert out.loss < ref.loss and torch.allclose(out.logs["kl"], ref.logs["kl"])
    torch.manual_seed(1)
    losses = weighted.eval_losses([batch])
    torch.manual_seed(1)
    assert losses == pytest.approx(plain.eval_losses([batch]))
    assert losses["nelbo"] == pytest.approx(losses["recon"] + losses["kl"])


def test_mode_seeking_penalty_is_large_when_two_noises_give_one_image():
    from genlab.models.cgan import mode_seeking_penalty

    z = torch.randn(8, 4, generator=torch.Generator().manual_seed(0))
    varied = torch.rand(8, 1, 8, 8, generator=torch.Generator().manual_seed(1))
    collapsed = varied[:4].repeat(2, 1, 1, 1)       # the second noise of each pair: the same image
    assert mode_seeking_penalty(collapsed, z, 4) > 1000 * mode_seeking_penalty(varied, z, 4)


def test_mode_seeking_draws_the_fakes_in_pairs_of_one_class():
    model = build("cgan-ms").train()
    seen, original = [], model.fake

    def fake(z, labels, *args):
        seen.append(labels)
        return original(z, labels, *args)

    model.fake = fake
    x, y = tiny_batch(9)                           # odd: the last fake has no partner
    optimizers = build_optimizers(OPTIM["cgan-ms"], model.param_groups())
    model.training_step((x, y), StepContext(optimizers, None, None, loss_fn=model.loss))
    labels = seen[0]
    assert len(labels) == 9 and torch.equal(labels[:4], y[:4]) and torch.equal(labels[4:8], y[:4])
    assert labels[8] == y[8]


def test_cvae_guidance_extrapolates_from_the_label_free_decoding():
    model = build("cvae").eval()
    model.config.p_uncond, model.config.guidance = 0.1, 3.0
    null = INFO.num_classes
    model.decode = lambda z, y: torch.where(y[:, None] == null, 1.0, 2.0) * torch.ones_like(z)
    z = torch.zeros(4, model.config.latent_dim)
    out = torch.logit(model.decode_latents(z, torch.tensor([0, 1, 0, 1])))
    assert torch.allclose(out, torch.full_like(out, 1.0 + 3.0 * (2.0 - 1.0)), atol=1e-4)
    plain = torch.logit(model.decode_latents(z, torch.tensor([0, 1, 0, 1]), guidance=1.0))
    assert torch.allclose(plain, torch.full_like(plain, 2.0), atol=1e-4)


def test_cvae_label_dropout_hides_the_label_from_both_networks_and_the_class_codes():
    model = build("cvae").train()
    model.config.p_uncond = 0.5
    model.config.sampling = "codes"                # the class statistics are kept only for this sampler
    seen = []
    model.encode = lambda x, y: (seen.append(y.clone()), (torch.zeros(len(x), 4), torch.zeros(len(x), 4)))[1]
    torch.manual_seed(0)
    model.loss(tiny_batch())
    assert (seen[0] == INFO.num_classes).any() and (seen[0] < INFO.num_classes).any()
    assert model.one_hot(torch.tensor([INFO.num_classes])).abs().sum() == 0   # the null label: all zeros
    before = model.codes.mean.clone()
    model.config.p_uncond = 0.999                  # every label dropped: no class statistics move
    model.loss(tiny_batch())
    assert torch.equal(model.codes.mean, before)
    with pytest.raises(ConfigError, match="guidance != 1 needs p_uncond > 0"):
        model_class("cvae").from_config({"name": "cvae", "guidance": 2.0}, INFO)


OLD_NAMES = {  # how runs saved before the one EMA module named the same weights
    "dcgan": {"ema.average.": "ema_generator.", "ema.updates": "g_updates"},
    "wgan-gp": {"ema.average.": "ema_generator.", "ema.updates": "g_updates", "discriminator.": "critic."},
    "cgan": {"ema.average.": "ema_g.", "ema.updates": "g_updates"},
    "diffusion": {"ema.average.": "ema_unet.", "ema.updates": "updates"},
}


@pytest.mark.parametrize("key", list(OLD_NAMES))
def test_checkpoints_saved_with_the_old_ema_names_still_load(key, tmp_path):
    from safetensors.torch import save_file

    from genlab.training.checkpoint import load_weights

    old = build(key)
    if old.ema is not None:
        old.ema.updates += 7
        with torch.no_grad():
            next(old.ema.average.parameters()).add_(1.0)   # the average differs from the live net
    renames = OLD_NAMES[key]

    def old_name(name):
        new = next((n for n in renames if name.startswith(n)), None)
        return name if new is None else renames[new] + name[len(new):]

    state = {old_name(k): v.contiguous().clone() for k, v in old.state_dict().items()}
    assert set(state) != set(old.state_dict())
    save_file(state, str(tmp_path / "model.safetensors"))
    torch.manual_seed(123)
    fresh = model_class(TINY[key].get("name", key)).from_config(
        {"name": TINY[key].get("name", key), **TINY[key], "eval_samples": 100, "quick_eval_samples": 0}, INFO)
    load_weights(fresh, tmp_path / "model.safetensors")
    for name, value in old.state_dict().items():
        assert torch.equal(fresh.state_dict()[name], value), name
    assert int(fresh.ema.updates) == int(old.ema.updates)


def test_old_checkpoint_with_ema_off_drops_the_unused_counter(tmp_path):
    from safetensors.torch import save_file

    from genlab.training.checkpoint import load_weights

    table = {"name": "dcgan", **TINY["dcgan"], "ema": 0.0}
    model = model_class("dcgan").from_config(table, INFO)
    state = {**{k: v.contiguous() for k, v in model.state_dict().items()},
             "g_updates": torch.zeros((), dtype=torch.long)}   # the old build kept a counter anyway
    save_file(state, str(tmp_path / "model.safetensors"))
    load_weights(model_class("dcgan").from_config(table, INFO), tmp_path / "model.safetensors")
