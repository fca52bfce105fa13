"""Validity of the two detectors on public labelled data (read at run time only).

Each function takes the data root (a folder laid out like ``shared/data``: one
subfolder per dataset, see its ``SOURCE.md``) and measures one detector against
one set of human labels:

- ``summedits_numbers``: SummEdits news. Inconsistent edits that change a number
  must gain an unsupported figure; consistent summaries should have none.
- ``xsum_hallucinated_numbers``: Maynez et al. XSum hallucination spans that
  contain a digit must overlap an unsupported figure.
- ``babe``: BABE (SG2, expert labels): loaded terms per 100 words must rank
  biased sentences above neutral ones; own-voice terms vs annotated biased words.
- ``basil``: BASIL lexical-bias spans, inside vs outside quotation marks.
- ``allsides``: AllSides headlines of left/right outlets vs centre outlets and
  the AllSides neutral headline.
- ``ptc_loaded_language``: PTC ``Loaded_Language`` / ``Name_Calling,Labeling`` spans.

The data carries its own licences (AGPL, GPL, none): nothing of it is copied
into the project; it is read through the ``root`` argument only. ``run_all``
returns plain JSON-ready dicts; ``format_report`` renders them as markdown.

    python -m benchmark.validation.real_data /path/to/shared/data

Layout: ``common`` holds what the checks share (the injectable detectors,
``DatasetResult``, the ``DatasetCheck`` interface, ``auc`` and helpers); one
module per dataset (``summedits``, ``xsum_hallucinations``, ``babe``, ``basil``,
``allsides``, ``ptc``) holds its file names, record type, loaders, check function
and its ``CHECK``; ``report`` holds ``CHECKS`` (in run order), ``run_all``,
``format_report`` and ``main``. The names below are re-exported from them; here
``babe``, ``basil`` and ``allsides`` are the check functions, so import those
modules by their full path (``benchmark.validation.real_data.babe``).
"""

from __future__ import annotations

from benchmark.validation.real_data.allsides import (
    ALLSIDES_FILE,
    AllSidesHeadline,
    allsides,
    load_allsides,
)
from benchmark.validation.real_data.babe import (
    BABE_FILE,
    BabeSentence,
    babe,
    load_babe,
    norm_word,
    term_keys,
)
from benchmark.validation.real_data.basil import BASIL_FILE, BasilSpan, basil, load_basil
from benchmark.validation.real_data.common import (
    MAX_EXAMPLES,
    TARGETS,
    DatasetCheck,
    DatasetResult,
    FigureChecker,
    TermFinder,
    _context,
    _overlaps,
    _progress,
    _short,
    _spread,
    auc,
    number_tokens,
)
from benchmark.validation.real_data.ptc import (
    PTC_ARTICLES_DIR,
    PTC_LABELS_FILE,
    PTC_TECHNIQUES,
    PtcSpan,
    load_ptc,
    ptc_loaded_language,
)
from benchmark.validation.real_data.report import (
    CHECKS,
    DATASET_FILES,
    DATASETS,
    format_report,
    main,
    run_all,
)
from benchmark.validation.real_data.summedits import (
    SUMMEDITS_FILE,
    SummEditsRecord,
    load_summedits,
    summedits_numbers,
)
from benchmark.validation.real_data.xsum_hallucinations import (
    XSUM_DOCS_FILE,
    XSUM_SPANS_FILE,
    XSumSpan,
    load_xsum_documents,
    load_xsum_spans,
    load_xsum_summaries,
    unescape_xsum,
    xsum_hallucinated_numbers,
)

__all__ = [
    "ALLSIDES_FILE",
    "BABE_FILE",
    "BASIL_FILE",
    "CHECKS",
    "DATASETS",
    "DATASET_FILES",
    "MAX_EXAMPLES",
    "PTC_ARTICLES_DIR",
    "PTC_LABELS_FILE",
    "PTC_TECHNIQUES",
    "SUMMEDITS_FILE",
    "TARGETS",
    "XSUM_DOCS_FILE",
    "XSUM_SPANS_FILE",
    "AllSidesHeadline",
    "BabeSentence",
    "BasilSpan",
    "DatasetCheck",
    "DatasetResult",
    "FigureChecker",
    "PtcSpan",
    "SummEditsRecord",
    "TermFinder",
    "XSumSpan",
    "_context",
    "_overlaps",
    "_progress",
    "_short",
    "_spread",
    "allsides",
    "auc",
    "babe",
    "basil",
    "format_report",
    "load_allsides",
    "load_babe",
    "load_basil",
    "load_ptc",
    "load_summedits",
    "load_xsum_documents",
    "load_xsum_spans",
    "load_xsum_summaries",
    "main",
    "norm_word",
    "number_tokens",
    "ptc_loaded_language",
    "run_all",
    "summedits_numbers",
    "term_keys",
    "unescape_xsum",
    "xsum_hallucinated_numbers",
]
