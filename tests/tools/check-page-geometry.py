#!/usr/bin/env python3
"""check-page-geometry.py IN.toml OUT.pdf

Reads the PDF back with poppler (`pdftotext -bbox`) and checks, against the margins
the TOML asks for (read independently with tomllib), that
  - every word of the body lies inside the text block (the page number may sit in the
    bottom margin, nothing else may; punctuation at a line's ends may hang into the side
    margins by part of its width, as optical margin alignment sets it), and
  - no two words overlap (overlapping lines or runs drawn on top of each other).
Exit status 0 when both hold, 1 otherwise (each offending word is printed).
"""
import html
import re
import subprocess
import sys
import tomllib

PT_PER_MM = 72 / 25.4
TOLERANCE = 0.75  # points: rounding in the PDF and in poppler's boxes
# characters that may stand out into the margin at the end or start of a justified line
HANGS_RIGHT = set("-,.;:!?’”)]'\"–—")
HANGS_LEFT = set("“‘([–—")


def margins(style):
    m = style.get("margin_mm", 25)
    if isinstance(m, dict):
        return {k: float(m.get(k, 25)) * PT_PER_MM for k in ("top", "bottom", "left", "right")}
    return {k: float(m) * PT_PER_MM for k in ("top", "bottom", "left", "right")}


def main(toml_path, pdf_path):
    with open(toml_path, "rb") as f:
        doc = tomllib.load(f)
    m = margins(doc.get("style", {}))
    out = subprocess.run(["pdftotext", "-bbox", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
    problems = 0
    words_checked = 0
    for page_no, page in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S), 1):
        width, height, body = float(page.group(1)), float(page.group(2)), page.group(3)
        left, right = m["left"], width - m["right"]
        top, bottom = m["top"], height - m["bottom"]
        words = []
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body):
            x0, y0, x1, y1 = map(float, w.groups()[:4])
            text = html.unescape(w.group(5))
            words.append((x0, y0, x1, y1, text))
            words_checked += 1
            in_footer = y0 > bottom  # the page number lives in the bottom margin
            base = (y0 + y1) / 2
            # punctuation at a line's ends may hang into the margin (protrusion): at most
            # about three quarters of its width, here bounded by 0.45 of the line height
            hang = 0.45 * (y1 - y0)
            right_hang = hang if text[-1:] in HANGS_RIGHT else 0
            left_hang = hang if text[:1] in HANGS_LEFT else 0
            if (x0 < left - left_hang - TOLERANCE or x1 > right + right_hang + TOLERANCE
                    or (not in_footer and (base < top or base > bottom))):
                print(f"{pdf_path}: page {page_no}: `{text}` at x {x0:.1f}–{x1:.1f}, y {y0:.1f}–{y1:.1f} "
                      f"leaves the text block x {left:.1f}–{right:.1f}, y {top:.1f}–{bottom:.1f}")
                problems += 1
        # overlaps: sort by x, compare neighbours whose x ranges meet
        words.sort()
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b[0] >= a[2]:
                    break
                ox = min(a[2], b[2]) - max(a[0], b[0])
                oy = min(a[3], b[3]) - max(a[1], b[1])
                if ox > 1.0 and oy > 0:
                    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
                    if ox * oy > 0.3 * smaller:
                        print(f"{pdf_path}: page {page_no}: `{a[4]}` and `{b[4]}` overlap")
                        problems += 1
    if words_checked == 0:
        print(f"{pdf_path}: no words found")
        return 1
    print(f"{pdf_path}: {words_checked} words inside the margins, none overlapping" if problems == 0
          else f"{pdf_path}: {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
