"""Creative tools on trained models, kept apart from the models as diffusers keeps its pipelines:

- :mod:`~genlab.pipelines.inpainting`: fill a masked region with a diffusion model (RePaint);
- :mod:`~genlab.pipelines.image_to_image`: turn a sketch or another image into a sample (SDEdit);
- :mod:`~genlab.pipelines.morphing`: morph between two classes of a conditional model, and tour
  the latent plane of a 2-D VAE, as animations;
- :mod:`~genlab.pipelines.inputs`: the user's image and mask, read into the model's shape.

Each takes a trained model and returns images in [0, 1]; the CLI (``genlab inpaint``, ``edit``,
``morph``, ``latent-map``) and :class:`genlab.Run` write them with their provenance.
"""
