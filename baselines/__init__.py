"""Baseline summarisers."""
