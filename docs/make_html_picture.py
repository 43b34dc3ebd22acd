"""Screenshot the top of the sample's HTML report for the README.

    python docs/make_html_picture.py [RESUME] [OUT.png]    # needs chromium and Pillow

Headless Chromium opens the page `retitle analyze RESUME --html` writes (from file://, as a
user would) and takes a screenshot of its first screen; Pillow reduces it to a palette PNG so
the README stays light.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

import retitle
from retitle.render.html import write_html

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 1280, 2150  # the summary and the first flagged bullets with their notes
COLOURS = 128


def main(source: Path, out: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or sys.exit("chromium is needed")
    os.chdir(HERE.parent)  # the page shows the path as given: samples/…, not this machine's folders
    with tempfile.TemporaryDirectory() as tmp:
        page = write_html(retitle.analyze(os.path.relpath(source)), Path(tmp) / "report.html")
        shot = Path(tmp) / "shot.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--no-first-run", "--disable-background-networking", f"--user-data-dir={tmp}/profile",
                        f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", page.resolve().as_uri()],
                       check=True, capture_output=True, timeout=180)
        Image.open(shot).convert("RGB").quantize(COLOURS).save(out, optimize=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]).resolve() if args else HERE.parent / "samples" / "ada_okafor_resume.md",
         Path(args[1]).resolve() if len(args) > 1 else HERE / "html-report.png")
