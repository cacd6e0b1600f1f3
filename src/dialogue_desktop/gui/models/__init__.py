"""Table models (id lists with rows built lazily)."""
