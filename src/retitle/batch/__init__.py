"""Batch runs: many resumes, streamed, with per-file outputs and a summary.

`walk` finds the inputs and their output paths, `work` is what happens to one file, `local` and
`distributed` are the executors (processes here, or a Dask cluster), `run` drives a run and writes
its summary, `progress` is the terminal display.
"""

from retitle.batch.run import EXIT_INTERRUPTED, Result, run_batch, write_index_page, write_summary
from retitle.batch.walk import OUTPUT_SUFFIXES, SUMMARY_FILES, Item, collect, output_paths
from retitle.batch.work import ROW_FIELDS, Options, Outcome, finish, process, render_file, summary_row
from retitle.errors import BatchError

__all__ = ["BatchError", "EXIT_INTERRUPTED", "Item", "OUTPUT_SUFFIXES", "Options", "Outcome", "ROW_FIELDS",
           "Result", "SUMMARY_FILES", "collect", "finish", "output_paths", "process", "render_file", "run_batch",
           "summary_row", "write_index_page", "write_summary"]
