"""Write a font's advance widths as the page estimate reads them (core/layout.py).

The estimate needs no PDF library at run time, so the widths are shipped as data. This
script made ``resources/fonts/liberation-sans-widths.json`` from the shipped TTF, over the
characters the Times table covers:

    python packaging/font_widths.py resources/fonts/LiberationSans-Regular.ttf Liberation-Sans
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def main(ttf: str, name: str) -> None:
    pdfmetrics.registerFont(TTFont(name, ttf))
    reference = json.loads((FONTS / "times-roman-widths.json").read_text(encoding="utf-8"))
    widths = {ch: round(pdfmetrics.stringWidth(ch, name, 1000), 1) for ch in reference["widths"]}
    # characters outside the table: scaled from the Times fallbacks by the fonts' average width
    scale = sum(widths.values()) / sum(reference["widths"].values())
    data = {
        "fallback": round(reference["fallback"] * scale, 1),
        "fallback_wide": round(reference["fallback_wide"] * scale, 1),
        "font": name, "schema": "ecqwriter.font-widths/1",
        "source": f"advance widths of {Path(ttf).name}, as reportlab reports them", "units_per_em": 1000,
        "widths": widths,
    }
    (FONTS / f"{name.lower()}-widths.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True),
                                                       encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
