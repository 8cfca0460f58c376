#!/usr/bin/env python3
"""Write the Typst source a user would hand-write to get our layout of a resolution.

Used by bench/compare.sh to time Typst against resolution-pdf on the same text, the
same fonts (Noto Serif from fonts/) and the same page design: 11 pt justified and
hyphenated, centred title, signatories by country, numbered clauses with lettered items,
a signature page. The paper, margins and size come from the TOML's [style] (or --paper,
--margin, --size; A4, 25 mm, 11 pt by default), so that README's table of how lines are
set can compare Typst at other measures too; the bottom margin is the margin + 5 mm,
for the page number.

    python3 bench/typst-equivalent.py input/resolution.toml > /tmp/resolution.typ
    python3 bench/typst-equivalent.py input/resolution.toml --paper A5 --margin 15 -o /tmp/t.pdf

Needs `pip install typst` to compile (-o).
"""
import argparse
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))


def esc(text: str) -> str:
    # Typst markup: escape the characters that would start markup.
    for ch in "\\#*_`$<>@[]=-+/~\"":
        text = text.replace(ch, "\\" + ch)
    return text


def fmt(x: float) -> str:
    return ("%g" % x)


def source(data, paper: str, margin: float, size: float) -> str:
    doc = data["document"]
    date = doc["date"]
    out = []
    w = out.append
    w('#set document(title: "%s", author: "%s", date: datetime(year: %d, month: %d, day: %d))'
      % (doc["title"].replace('"', '\\"'), doc.get("author", "").replace('"', '\\"'), date.year, date.month, date.day))
    w('#set page(paper: "%s", margin: (x: %smm, top: %smm, bottom: %smm), numbering: "1 / 1")'
      % (paper.lower(), fmt(margin), fmt(margin), fmt(margin + 5)))
    w('#set text(font: "Noto Serif", size: %spt, lang: "%s", hyphenate: true)' % (fmt(size), doc.get("lang", "en")))
    w('#set par(justify: true, leading: 0.55em, spacing: 0.9em)')
    w('#show heading: set align(center)')
    w('#show heading: set text(size: %spt)' % fmt(size * 13 / 11))
    w('#align(center)[#text(size: %spt, weight: "bold")[%s]]' % (fmt(size * 20 / 11), esc(doc["title"])))
    if "subtitle" in doc:
        w('#align(center)[#text(size: 1.2em, style: "italic")[%s]]' % esc(doc["subtitle"]))
    w('#align(center)[%s, %s]' % (esc(doc.get("place", "")), date.strftime("%B %-d, %Y")))
    w('#align(center)[#line(length: 4em, stroke: 0.6pt)]')
    if "summary" in doc:
        w('#pad(x: 3em)[#emph[%s]]' % esc(doc["summary"]))
    if "addressee" in doc:
        w('#grid(columns: 2, column-gutter: 0.6em, [*To:*], [%s])' % esc(doc["addressee"]))
    w('= Signatories')
    if "approval" in doc:
        w(esc(doc["approval"]))
    for group in data.get("signatories", []):
        w('#block(breakable: false)[*%s*' % esc(group["country"]))
        for org in group["organizations"]:
            if isinstance(org, dict):
                person = ", ".join(org[k] for k in ("representative", "title") if k in org)
                extra = (' \\ #text(size: 0.92em, style: "italic")[%s]' % esc(person)) if person else ""
                w('- %s%s' % (esc(org["name"]), extra))
            else:
                w('- %s' % esc(org))
        w(']')
    res = data["resolution"]
    w('= Resolution')
    for p in res.get("preamble", []):
        w(esc(p) + "\n")
    if "intro" in res:
        w(esc(res["intro"]) + "\n")
    w('#set enum(numbering: "1.", full: false)')

    def item(entry) -> str:
        # each item an enum of its own; sub-items inside it
        if isinstance(entry, str):
            return esc(entry)
        subs = "".join(' #enum(numbering: "(i)")[%s]' % esc(s if isinstance(s, str) else s["text"])
                       for s in entry.get("items", []))
        return esc(entry["text"]) + subs

    for i, clause in enumerate(res.get("clauses", []), 1):
        text = clause["text"] if isinstance(clause, dict) else clause
        w('%d. %s' % (i, esc(text)))
        for it in clause.get("items", []) if isinstance(clause, dict) else []:
            w('   #enum(numbering: "(a)")[%s]' % item(it))
    if res.get("closing"):
        for p in res["closing"]:
            w("\n" + esc(p))
    if data.get("signing", {}).get("page"):
        w('#pagebreak()')
        w('= Signatures')
        for group in data.get("signatories", []):
            for org in group["organizations"]:
                name = org["name"] if isinstance(org, dict) else org
                w('#block(breakable: false, above: 2em)[*%s* (%s) \\ #v(2.5em) #line(length: 60%%, stroke: 0.5pt) Name: \\ Title: \\ Date:]'
                  % (esc(name), esc(group["country"])))
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("toml")
    ap.add_argument("-o", "--output", help="compile to this PDF (default: print nothing, see --typ)")
    ap.add_argument("--typ", action="store_true", help="print the Typst source")
    ap.add_argument("--paper", help="A4, A5, … (default: the TOML's, else A4)")
    ap.add_argument("--margin", type=float, help="margin in mm (default: the TOML's, else 25)")
    ap.add_argument("--size", type=float, help="body size in pt (default: the TOML's, else 11)")
    a = ap.parse_args()
    data = tomllib.load(open(a.toml, "rb"))
    style = data.get("style", {})
    margin = a.margin if a.margin is not None else style.get("margin_mm", 25.0)
    if isinstance(margin, dict):
        sys.exit("typst-equivalent: only uniform margins are supported (margin_mm = N)")
    src = source(data, a.paper or style.get("paper", "A4"), float(margin), a.size or float(style.get("font_size_pt", 11.0)))
    if a.typ or not a.output:
        sys.stdout.write(src)
    if a.output:
        import typst
        typ = os.path.splitext(a.output)[0] + ".typ"
        with open(typ, "w") as f:
            f.write(src)
        typst.compile(typ, output=a.output, font_paths=[os.path.join(os.path.dirname(HERE), "fonts")],
                      ignore_system_fonts=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
