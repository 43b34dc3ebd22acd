"""Dask benchmark: the same batch through local worker processes (--jobs 2) and through a Dask
LocalCluster of one single-threaded worker process per core, in one run, as ratios.

    python bench/dask_bench.py --n 300 --repeat 2 --write-docs   # the figures in docs/SCALING.md
    python bench/dask_bench.py --n 12 --repeat 1                 # the short mode: seconds

One folder of N generated resumes (bench/batch_bench.py's generator: PDF, DOCX and text in equal
shares), written with every output (JSON, DOCX, HTML, summary, index). Configurations run in
interleaved rounds, each keeping its fastest; every run starts warm (the local parent builds its
engine once and forks; each Dask worker built its engine when the cluster's first batch registered
its settings, the round before), so the figures compare executors, not start-up. The cluster
itself (worker processes on 127.0.0.1 only) starts once, and its start-up time is shown apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "SCALING.md"
BEGIN, END = "<!-- dask-bench:begin -->", "<!-- dask-bench:end -->"

_spec = importlib.util.spec_from_file_location("batch_bench", ROOT / "bench" / "batch_bench.py")
batch_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(batch_bench)


def measure(folder: Path, **how) -> dict:
    """One batch with every output; its wall time and what it recorded."""
    from retitle.batch import Options, run_batch

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        result = run_batch([folder], Options(out=out), timeout=None, stderr=open(os.devnull, "w"), **how)
        wall = time.perf_counter() - started
        rows = json.loads((Path(out) / "summary.json").read_text())["rows"]
    same = [{k: v for k, v in r.items() if k not in ("seconds", "output")} for r in rows]
    return {"files": result.total, "failed": result.failed, "wall_s": wall, "rows": same}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="resumes in the batch")
    parser.add_argument("--repeat", type=int, default=2, help="interleaved rounds; each configuration keeps its fastest")
    parser.add_argument("--write-docs", action="store_true", help="update the measured section of docs/SCALING.md")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args()

    import dask
    from distributed import Client, LocalCluster

    cores = os.cpu_count() or 1
    scratch = Path(tempfile.mkdtemp(prefix="retitle-dask-bench-"))
    try:
        folder = scratch / "batch"
        counts = batch_bench.generate(folder, args.n)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
            cluster = LocalCluster(processes=True, host="127.0.0.1", n_workers=cores, threads_per_worker=1,
                                   dashboard_address=None)
        Client(cluster, set_as_default=False).close()
        cluster_start = time.perf_counter() - started
        configs = {
            "local worker processes, --jobs 2": dict(jobs=2),
            f"Dask, {cores} workers × 1 thread, shared file system": dict(scheduler=cluster.scheduler_address),
            f"Dask, {cores} workers × 1 thread, --send-files": dict(scheduler=cluster.scheduler_address, send_files=True),
        }
        batch_bench.generate(scratch / "warm", 3)
        for how in configs.values():  # the warm-up round: engines built, renderers imported, nothing kept
            measure(scratch / "warm", **how)
        runs: dict[str, dict] = {}
        for _ in range(args.repeat):
            for name, how in configs.items():
                run = measure(folder, **how)
                if name not in runs or run["wall_s"] < runs[name]["wall_s"]:
                    runs[name] = run
        cluster.close()
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    base_name = next(iter(configs))
    base, base_rows = runs[base_name], runs[base_name]["rows"]
    lines = [
        f"Machine: {cores} CPUs; Python {platform.python_version()}; {args.n} files "
        f"({', '.join(f'{v} {k}' for k, v in counts.items())}), every output written; measured {date.today()}; "
        f"1-minute load average {load_before:.1f} at the start, {load_after:.1f} at the end; each row the fastest "
        f"of {args.repeat} interleaved rounds; cluster start-up {cluster_start:.1f} s (not in the rows).",
        "",
        "| run | files | failed | wall (s) | resumes/s | time vs --jobs 2 | same summary rows as --jobs 2 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, run in runs.items():
        lines.append(f"| {name} | {run['files']} | {run['failed']} | {run['wall_s']:.1f} | {run['files'] / run['wall_s']:.1f} "
                     f"| {run['wall_s'] / base['wall_s']:.2f}x | {'yes' if run['rows'] == base_rows else 'NO'} |")
    text = "\n".join(lines)
    if args.json:
        print(json.dumps({name: {k: v for k, v in r.items() if k != "rows"} for name, r in runs.items()}, indent=2))
    print(text)
    if args.write_docs:
        current = DOCS.read_text(encoding="utf-8")
        DOCS.write_text(current[:current.index(BEGIN) + len(BEGIN)] + "\n" + text + "\n" + current[current.index(END):],
                        encoding="utf-8")
    return 0 if all(r["rows"] == base_rows for r in runs.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
