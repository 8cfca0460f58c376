#!/usr/bin/env python3
"""Write the Typst source a user would hand-write to get our layout of a resolution.

Used by bench/compare.sh to time Typst against resolution-pdf on the same text, the
same fonts (Noto Serif from fonts/) and the same page design: A4, 11 pt justified
and hyphenated, centred title, signatories by country, numbered clauses with lettered
items, a signature page.

    python3 bench/typst-equivalent.py input/resolution.toml > /tmp/resolution.typ
"""
import sys
import tomllib


def esc(text: str) -> str:
    # Typst markup: escape the characters that would start markup.
    for ch in "\\#*_`$<>@[]=-+/~\"":
        text = text.replace(ch, "\\" + ch)
    return text


def main(path: str) -> None:
    data = tomllib.load(open(path, "rb"))
    doc = data["document"]
    date = doc["date"]
    out = []
    w = out.append
    w('#set document(title: "%s", author: "%s", date: datetime(year: %d, month: %d, day: %d))'
      % (doc["title"].replace('"', '\\"'), doc.get("author", "").replace('"', '\\"'), date.year, date.month, date.day))
    w('#set page(paper: "a4", margin: (x: 25mm, top: 25mm, bottom: 30mm), numbering: "1 / 1")')
    w('#set text(font: "Noto Serif", size: 11pt, lang: "%s", hyphenate: true)' % doc.get("lang", "en"))
    w('#set par(justify: true, leading: 0.55em, spacing: 0.9em)')
    w('#show heading: set align(center)')
    w('#show heading: set text(size: 13pt)')
    w('#align(center)[#text(size: 20pt, weight: "bold")[%s]]' % esc(doc["title"]))
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
            w('- %s' % esc(org))
        w(']')
    res = data["resolution"]
    w('= Resolution')
    for p in res.get("preamble", []):
        w(esc(p) + "\n")
    if "intro" in res:
        w(esc(res["intro"]) + "\n")
    w('#set enum(numbering: "1.", full: false)')
    for i, clause in enumerate(res.get("clauses", []), 1):
        text = clause["text"] if isinstance(clause, dict) else clause
        w('%d. %s' % (i, esc(text)))
        for item in clause.get("items", []) if isinstance(clause, dict) else []:
            w('   #enum(numbering: "(a)")[%s]' % esc(item))
    if data.get("signing", {}).get("page"):
        w('#pagebreak()')
        w('= Signatures')
        for group in data.get("signatories", []):
            for org in group["organizations"]:
                w('#block(breakable: false, above: 2em)[*%s* (%s) \\ #v(2.5em) #line(length: 60%%, stroke: 0.5pt) Name: \\ Title: \\ Date:]'
                  % (esc(org), esc(group["country"])))
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
