"""A trained model behind a small HTTP API: samples, generated text, predicted frames.

``genlab serve-model RUN`` (a run folder, or a model folder from ``genlab export``) starts it on
loopback, like the dashboard; ``/docs`` is the OpenAPI page FastAPI writes from the request
models below. Every request is bounded (images, steps, tokens, frames), checked by pydantic before
the model runs, so a client cannot ask the server for an hour of work. The model runs one request
at a time (a lock): a CPU has no spare cores to share between two samplers.

Endpoints: ``GET /health``, ``GET /info``, ``POST /samples``, ``POST /generate``,
``POST /predict``; an endpoint the model cannot serve answers 400 with one line saying which
models can.

No ``from __future__ import annotations`` here: FastAPI reads the request models from the
endpoints' annotations at run time, and they are local to :func:`create_app`.
"""

import base64
import io
import threading
from dataclasses import dataclass
from typing import Optional

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from genlab.errors import GenlabError


@dataclass(frozen=True)
class Limits:
    images: int = 64
    steps: int = 100
    tokens: int = 1000
    clips: int = 8


def create_app(run, limits: Limits = Limits(), allowed_hosts: list[str] | None = None) -> FastAPI:
    """The API of ``run`` (a :class:`genlab.api.Run` or exported model folder)."""
    from genlab.dashboard.app import add_security_headers

    app = FastAPI(title=f"genlab model: {run.name}", version="1",
                  description="Samples, text or frames from a model trained with genlab.")
    add_security_headers(app, {h.strip("[]").lower() for h in allowed_hosts} if allowed_hosts else None)
    lock = threading.Lock()
    model = run.model("auto")
    requests = request_models(limits)

    def serve(fn):
        with lock:
            try:
                return fn()
            except GenlabError as exc:   # a bad class, guidance, prompt...: the client's error
                raise HTTPException(400, str(exc)) from None

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok", "model": run.info.get("model"), "capabilities": capabilities(model)}

    @app.get("/info")
    def info() -> dict:
        data = run.info.get("data", {})
        return {"run": run.name, "model": run.info.get("model"), "step": run.info.get("step"),
                "shape": data.get("shape"), "classes": data.get("classes"), "metrics": run.metrics,
                "limits": limits.__dict__}

    @app.post("/samples", responses={200: {"content": {"image/png": {}}}})
    def samples(req: requests["samples"]):
        need(model, "ImageSampling", "/samples")
        images = serve(lambda: run_samples(model, req))
        if req.format == "png":
            return Response(png_grid(images), media_type="image/png")
        return {"images": [png_base64(img) for img in images], "provenance": run.provenance(seed=req.seed)}

    @app.post("/generate")
    def generate(req: requests["generate"]) -> dict:
        need(model, "TextGeneration", "/generate")
        text = serve(lambda: run.generate(req.prompt, req.tokens, req.temperature, req.top_k, req.top_p,
                                          req.seed, stop=tuple(req.stop)))
        return {"text": text, "provenance": run.provenance(seed=req.seed)}

    @app.post("/predict")
    def predict(req: requests["predict"]) -> dict:
        need(model, "VideoPrediction", "/predict")
        return serve(lambda: run_predict(model, req, limits))

    return app


def request_models(limits: Limits) -> dict[str, type[BaseModel]]:
    """The request bodies, with this server's limits as their bounds (shown on /docs)."""

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid")

    class SamplesRequest(Strict):
        n: int = Field(16, ge=1, le=limits.images, description="images to draw")
        seed: int = Field(0, ge=0)
        class_: Optional[int] = Field(None, alias="class", ge=0, description="conditional models")
        guidance: Optional[float] = Field(None, ge=0, le=20)
        steps: Optional[int] = Field(None, ge=1, le=limits.steps, description="diffusion / flow-matching steps")
        sampler: Optional[str] = Field(None, max_length=20, description="diffusion: ddim | ddpm; flow-matching: euler | midpoint")
        temperature: Optional[float] = Field(None, gt=0, le=2, description="realnvp, vqvae")
        format: str = Field("json", pattern="^(json|png)$", description="json: base64 PNGs; png: one grid")

    class GenerateRequest(Strict):
        prompt: str = Field("\n", max_length=2000)
        tokens: int = Field(200, ge=1, le=limits.tokens)
        temperature: float = Field(0.8, gt=0, le=5)
        top_k: Optional[int] = Field(None, ge=1)
        top_p: Optional[float] = Field(None, gt=0, le=1)
        seed: int = Field(0, ge=0)
        stop: list[str] = Field(default_factory=list, max_length=8)

    class PredictRequest(Strict):
        frames: list = Field(..., description="clips (B, frames_in, C, H, W), values in [0, 1]")
        samples: int = Field(1, ge=1, le=8, description="futures per clip (stochastic models)")

    return {"samples": SamplesRequest, "generate": GenerateRequest, "predict": PredictRequest}


def capabilities(model) -> list[str]:
    from genlab.models.capabilities import CAPABILITIES

    return [c.__name__ for c in CAPABILITIES if isinstance(model, c)]


def need(model, capability: str, endpoint: str) -> None:
    if capability not in capabilities(model):
        from genlab.models import models_with
        from genlab.models import capabilities as caps

        which = ", ".join(models_with(getattr(caps, capability)))
        raise HTTPException(400, f"{endpoint} needs a model with {capability}; this is a "
                                 f"{model.config.name!r} model (models that have it: {which})")


def run_samples(model, req):
    import torch

    return model.sample(req.n, generator=torch.Generator().manual_seed(req.seed), labels=req.class_,
                        guidance=req.guidance, steps=req.steps, sampler=req.sampler, temperature=req.temperature)


def run_predict(model, req, limits: Limits) -> dict:
    import torch

    try:
        clips = torch.tensor(req.frames, dtype=torch.float32)
    except (TypeError, ValueError) as exc:
        raise HTTPException(422, f"frames must be a rectangular array of numbers: {exc}") from None
    want = (model.frames_in, *model.data_info.shape[1:])
    if clips.dim() != 5 or tuple(clips.shape[1:]) != want or not 1 <= clips.shape[0] <= limits.clips:
        raise HTTPException(422, f"frames must have shape (B <= {limits.clips}, {', '.join(map(str, want))}), "
                                 f"got {tuple(clips.shape)}")
    if not torch.isfinite(clips).all() or clips.min() < 0 or clips.max() > 1:
        raise HTTPException(422, "frame values must be finite numbers in [0, 1]")
    with torch.no_grad():
        futures = model.predict(clips.to(model.device), samples=model.check_samples(req.samples))
    return {"frames": futures.cpu().tolist(), "shape": list(futures.shape)}


def png_bytes(image) -> bytes:
    """One image (C, H, W) in [0, 1], or a grid array, as PNG bytes."""
    from PIL import Image

    from genlab.run_folder.images import grid_array

    array = grid_array(image[None], pad=0) if hasattr(image, "dim") else image
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def png_base64(image) -> str:
    return base64.b64encode(png_bytes(image)).decode("ascii")


def png_grid(images) -> bytes:
    from genlab.run_folder.images import grid_array

    return png_bytes(grid_array(images))
