#!/usr/bin/env bash
# Quick start (1): run the benchmark end to end on the bundled dev set, offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 HF_EVALUATE_OFFLINE=1
out=${HEADLINE_BENCH_OUT:-outputs/dev}
# The dev set as a dataset folder (save_to_disk, Parquet, card) ...
.venv/bin/headline-bench data build --format seed --out "$out/data" --overwrite
.venv/bin/headline-bench data show "$out/data" --sample 0
# ... then every cheap baseline on its test split, scored, with a comparison table.
.venv/bin/headline-bench run +experiment=cheap_baselines progress=false \
    hydra.sweep.dir="$out/baselines" 2> "$out/run.log" | grep -v '^\[' 
echo "per-run files (predictions, scores, results.json, report.md): $out/baselines/*/"
