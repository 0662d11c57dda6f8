"""``genlab serve-model``: a trained model behind a small HTTP API (FastAPI)."""
