"""Per-item metrics (pure functions) and their aggregation."""
