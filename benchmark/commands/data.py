"""`headline-bench data build|show`: building datasets and looking at them."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmark.errors import InputError

EXIT_OK = 0


def prepare_out(out: Path, overwrite: bool) -> Path:
    """A fresh temporary folder beside ``out``; an existing ``out`` is only replaced at the end."""
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise InputError("exists and is not empty; pass --overwrite to replace it", path=out)
    tmp = out.with_name(f".{out.name}.building")
    if tmp.exists():
        shutil.rmtree(tmp)
    return tmp


def commit_out(tmp: Path, out: Path) -> None:
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(out)


def cmd_data_build(args: argparse.Namespace) -> int:
    from benchmark.builders.seed import DEFAULT_SPLITS
    from benchmark.dataset import DatasetCard, save_dataset

    reports: list[dict[str, Any]] = []
    builder: dict[str, Any] = {"format": args.format}
    if args.format == "seed":
        from benchmark.builders.seed import build_seed
        from benchmark.bundled import DEVSET_CARD, build_devset

        if args.input is None:
            result = build_devset()
            card = DEVSET_CARD
            builder["input"] = "bundled dev set"
        else:
            if len(args.input) != 1:
                raise InputError("--format seed takes one folder", field="input")
            result = build_seed(
                args.input[0],
                splits=args.splits or DEFAULT_SPLITS,
                source=args.source,
                manifest=args.manifest,
                progress=True,
            )
            card = DatasetCard(
                pretty_name=f"{args.input[0].name} (HeadlineBench seed build)",
                license=args.license or "unknown",
                description="Articles parsed from scraped news text by the seed builder.",
                how_built=f"`headline-bench data build --format seed --input {args.input[0]}`; "
                "repeated headlines, standfirsts, captions and trailers are dropped "
                "(see build_report.jsonl).",
            )
            builder["input"] = str(args.input[0])
        dsd = result.dataset
        reports = [r.to_json() for r in result.reports]
    elif args.format in ("jsonl", "csv"):
        from benchmark.builders.tabular import build_tabular, parse_mapping

        if not args.input:
            raise InputError(f"--format {args.format} needs --input FILE [FILE ...]", field="input")
        mapping = parse_mapping(args.mapping)
        dsd = build_tabular(
            args.input,
            fmt=args.format,
            mapping=mapping,
            split=args.split,
            splits=args.splits,
            source=args.source,
            bullet_sep=args.bullet_sep,
        )
        builder.update(
            input=[str(p) for p in args.input], mapping=mapping, bullet_sep=args.bullet_sep
        )
        card = DatasetCard(
            pretty_name=f"{args.input[0].stem} (HeadlineBench {args.format} build)",
            license=args.license or "unknown",
            description=f"Articles read from {args.format.upper()} by HeadlineBench.",
            how_built=f"`headline-bench data build --format {args.format}` with column mapping "
            f"`{json.dumps(mapping)}`.",
        )
    else:
        from contextlib import nullcontext

        from benchmark.builders.hub import HUB_SOURCES, load_hub
        from benchmark.progress import is_terminal, quiet_datasets

        if args.name is None:
            raise InputError(f"--format hub needs --name ({', '.join(HUB_SOURCES)})", field="name")
        logged = not is_terminal()  # datasets' bars garble a log: one line instead
        if logged:
            print(f"loading {args.name} from the hub ...", file=sys.stderr, flush=True)
        with quiet_datasets() if logged else nullcontext():
            dsd = load_hub(
                args.name,
                split=args.hub_split,
                revision=args.revision,
                limit=args.limit,
                data_files=dict(args.data_files) if args.data_files else None,
            )
        src = HUB_SOURCES[args.name]
        builder.update(
            name=args.name,
            path=src.path,
            config=src.config,
            revision=args.revision,
            split=args.hub_split,
            limit=args.limit,
        )
        card = DatasetCard(
            pretty_name=f"{args.name} (HeadlineBench view)",
            license=args.license or src.license,
            description=f"`{src.path}` mapped to HeadlineBench's fields. {src.citation}.",
            how_built=f"`datasets.load_dataset({src.path!r}, {src.config!r})`, columns mapped by "
            f"`benchmark.builders.hub`.",
            known_limits=src.notes,
            source_datasets=(src.path,),
        )

    tmp = prepare_out(args.out, args.overwrite)
    try:
        meta = save_dataset(dsd, tmp, card=card, builder=builder, parquet=not args.no_parquet)
        if reports:
            with open(tmp / "build_report.jsonl", "w", encoding="utf-8") as fh:
                for r in reports:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        commit_out(tmp, args.out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    counts = ", ".join(f"{k}: {v}" for k, v in meta["splits"].items())
    print(f"built {args.out} ({counts}); fingerprint {meta['fingerprint'][:16]}")
    if reports:
        kinds: dict[str, int] = {}
        for r in reports:
            for d in r["dropped"]:
                kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        dropped = (
            ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in sorted(kinds.items())) or "nothing"
        )
        print(
            f"parsed {len(reports)} files; dropped {dropped} "
            f"(per file: {args.out}/build_report.jsonl)"
        )
    return EXIT_OK


def cmd_data_show(args: argparse.Namespace) -> int:
    from benchmark.dataset import METADATA_FILE, fingerprint, load_dataset_dir, summarise_split

    dsd = load_dataset_dir(args.path)
    meta_path = args.path / METADATA_FILE
    meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
    fp = fingerprint(dsd)
    splits = {name: summarise_split(dsd[name]) for name in dsd}
    summary: dict[str, Any] = {
        "path": str(args.path),
        "fingerprint": fp,
        "fingerprint_matches_metadata": meta.get("fingerprint") in (None, fp),
        "splits": splits,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return EXIT_OK
    print(f"{args.path}  fingerprint {fp[:16]}")
    if not summary["fingerprint_matches_metadata"]:
        print(
            f"  warning: content differs from the fingerprint recorded at build time "
            f"({meta['fingerprint'][:16]})"
        )
    header = (
        f"{'split':<12}{'articles':>9}{'headline':>10}{'bullets':>9}"
        f"{'body words min/mean/max':>26}{'bullets/art':>13}{'headline words':>16}"
    )
    print(header)
    for name, s in splits.items():
        bw, nb, hw = s["body_words"], s["bullets_per_article"], s["headline_words"]
        print(
            f"{name:<12}{s['articles']:>9}{s['with_headline']:>10}{s['with_bullets']:>9}"
            f"{bw['min']:>10}/{bw['mean']:>6.0f}/{bw['max']:<8}"
            f"{nb['mean']:>13.1f}{hw['mean']:>16.1f}"
        )
    split = args.split or next(iter(dsd))
    if split not in dsd:
        raise InputError(f"no split {split!r}; splits: {', '.join(dsd)}", field="split")
    for row in dsd[split].select(range(min(args.sample, dsd[split].num_rows))):
        print(f"\n[{split}] {row['id']}  ({row['source']}, {row['published'] or 'no date'})")
        print(f"  headline: {row['headline'] if row['headline'] is not None else '(absent)'}")
        if row["bullets"] is None:
            print("  bullets: (absent)")
        for b in row["bullets"] or []:
            print(f"  • {b}")
        body = row["body"].replace("\n\n", " ¶ ")
        print(f"  body: {body[:300]}{'…' if len(body) > 300 else ''}")
    return EXIT_OK
