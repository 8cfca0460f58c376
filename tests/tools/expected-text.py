#!/usr/bin/env python3
"""Print every sentence a resolution TOML asks to be printed, one per line.

An independent reading of the input (Python's tomllib, not the program's own parser),
for `pdfcheck --expect-text`: what the PDF must contain. Inline markup (*, **) is
removed and `\\*` becomes `*`; style values, paths and metadata-only keys are skipped.
"""
import re
import sys
import tomllib

PRINTED_DOCUMENT_KEYS = ["title", "subtitle", "place", "summary", "addressee", "approval"]


def plain(s):
    s = s.replace("\\*", "\x00")
    s = re.sub(r"\*+", "", s)
    return " ".join(s.replace("\x00", "*").split())


def items(entries, out):
    for entry in entries:
        if isinstance(entry, str):
            out.append(plain(entry))
        else:
            out.append(plain(entry["text"]))
            items(entry.get("items", []), out)


def main(path):
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    out = []
    d = doc["document"]
    out += [plain(d[k]) for k in PRINTED_DOCUMENT_KEYS if d.get(k)]
    date = d.get("date")
    lang = str(d.get("lang", "en")).lower()
    era = doc.get("style", {}).get("japanese_era", False)
    if date is not None and lang.startswith("en"):
        # the date as an English reader writes it, after the place: "Tokyo, August 1, 2005"
        # in the US, "Seoul, 20 November 2023" elsewhere (CLDR's long dates)
        us = lang in ("en", "en-us")
        when = f"{date:%B} {date.day}, {date.year}" if us else f"{date.day} {date:%B} {date.year}"
        out.append(f"{plain(d['place'])}, {when}" if d.get("place") else when)
    elif date is not None and lang.split("-")[0] == "ko":
        # 2005년 8월 1일 도쿄에서
        when = f"{date.year}년 {date.month}월 {date.day}일"
        out.append(f"{when} {plain(d['place'])}에서" if d.get("place") else when)
    elif date is not None and lang.split("-")[0] == "ja" and not era:
        # 2005年8月1日　東京にて
        when = f"{date.year}年{date.month}月{date.day}日"
        out.append(f"{when}\u3000{plain(d['place'])}にて" if d.get("place") else when)
    for group in doc.get("signatories", []):
        out.append(plain(group["country"]))
        for org in group.get("organizations", []):
            if isinstance(org, str):
                out.append(plain(org))
            else:
                out.append(plain(org["name"]))
                out += [plain(org[k]) for k in ("representative", "title") if org.get(k)]
    r = doc.get("resolution", {})
    pre = r.get("preamble", [])
    out += [plain(p) for p in ([pre] if isinstance(pre, str) else pre)]
    if r.get("intro"):
        out.append(plain(r["intro"]))
    items(r.get("clauses", []), out)
    closing = r.get("closing", [])
    out += [plain(p) for p in ([closing] if isinstance(closing, str) else closing)]
    print("\n".join(line for line in out if line))


if __name__ == "__main__":
    main(sys.argv[1])
