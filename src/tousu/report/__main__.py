"""Render the made-up sample year, e.g. to look at the layout or refresh docs screenshots.

    python -m tousu.report OUT_DIR [--year 2026] [--png]

The real report is rendered by the Django layer from the database; this needs no project.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import render_pngs, render_report
from .sample import sample_data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tousu.report", description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--png", action="store_true", help="also rasterise the PDF pages")
    parser.add_argument("--scale", type=float, default=1.5, help="PNG scale (1 = 72 dpi)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    files = render_report(sample_data(args.year), args.out_dir)
    print(f"rendered in {time.perf_counter() - start:.1f} s")
    print(files.html)
    print(files.pdf)
    for chart in files.charts:
        print(chart)
    if args.png:
        for png in render_pngs(files.pdf, args.out_dir / "png", scale=args.scale):
            print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
