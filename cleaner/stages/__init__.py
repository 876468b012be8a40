"""The pipeline's stages, one module each, in the order ``pipeline.STAGES`` runs them."""
