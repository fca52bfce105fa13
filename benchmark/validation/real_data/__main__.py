"""``python -m benchmark.validation.real_data DATA_ROOT``: the markdown report."""

from benchmark.validation.real_data.report import main

raise SystemExit(main())
