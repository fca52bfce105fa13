"""Validity measurements of the metrics: probes on the dev set, real labelled data."""
