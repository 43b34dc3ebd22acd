"""Renderers: each formats a `Report` (or an error) and nothing else."""

from __future__ import annotations

FORMATS = ("text", "json", "jsonl", "line", "markdown")
