"""Dataset builders: each returns a DatasetDict with benchmark.dataset.FEATURES."""
