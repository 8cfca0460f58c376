#!/usr/bin/env python3
"""Set a resolution with LuaLaTeX, in our layout's measures, to compare line setting.

The README puts resolution-pdf's typographic figures (bench: /work/shared/tools/page-figures,
word-space ratios, hyphenation runs, hanging punctuation) beside those of other typesetters
given the same text, font and measure. This script writes the LaTeX document a careful user
would write for our layout and compiles it with lualatex:

  * the page: paper and uniform margins from the TOML's [style] (or --paper/--margin), so
    the text block is exactly paper width - 2 x margin wide, as in our layout;
  * Noto Serif from fonts/noto-serif (fontspec, Path=), the TOML's size (default 11 pt),
    leading 1.36 x size, no paragraph indent, \\parskip 0.55 line, justified, hyphenated with
    the US English patterns (babel `american`);
  * the same parts: title (1.65 x, bold), subtitle, place and date, a short rule, the summary
    (italic, indented 2 em each side), "To:" with the addressee hanging, the signatories by
    country as bullet lists, the preamble, clauses numbered I., II. ... with their labels
    right-aligned in a hanging column (widest label + 0.6 em), items (a), (b) ... and
    sub-items (i), (ii) ..., closing paragraphs; page numbers "n / N" in 9 pt in the foot.
  * --microtype: microtype with protrusion and font expansion (stretch=20, shrink=20,
    step=5, i.e. +-2 %); --no-microtype: plain LaTeX.

TeX's line-breaking parameters are LaTeX's defaults (\\pretolerance 100, \\tolerance 200,
\\hyphenpenalty 50, \\emergencystretch 0): what a user gets, so that the figures are honest.
Overfull and underfull lines are counted from the log and printed on stderr.

    python3 bench/latex-equivalent.py input/resolution.toml -o /tmp/latex.pdf --microtype
    python3 bench/latex-equivalent.py input/resolution.toml --paper A5 --margin 15 --tex > x.tex

Needs lualatex with fontspec, babel, geometry, enumitem and microtype (Debian:
texlive-luatex texlive-latex-recommended texlive-latex-extra texlive-lang-english).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = os.path.join(os.path.dirname(HERE), "fonts", "noto-serif") + "/"
PAPERS = {"a4": (210.0, 297.0), "a5": (148.0, 210.0), "b5": (176.0, 250.0), "jis-b5": (182.0, 257.0),
          "letter": (215.9, 279.4), "legal": (215.9, 355.6)}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
LEADING = 1.36


def esc(text: str) -> str:
    """LaTeX-escape plain text, collapsing runs of ASCII white space as our markup does."""
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    out = []
    for ch in text:
        out.append({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
                    "#": r"\#", "%": r"\%", "_": r"\_", "~": r"\textasciitilde{}",
                    "^": r"\textasciicircum{}"}.get(ch, ch))
    return "".join(out)


def markup(text: str) -> str:
    """Our inline markup (*italic*, **bold**, ***both***, \\* for an asterisk) as LaTeX."""
    text = text.replace("\\*", "\x00")
    text = esc(text)
    text = re.sub(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", r"\\textbf{\\emph{\1}}", text)
    text = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\\textbf{\1}", text)
    text = re.sub(r"\*(?=\S)(.+?)(?<=\S)\*", r"\\emph{\1}", text)
    return text.replace("\x00", "*")


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def alpha(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


LABELS = [lambda n: roman(n) + ".", lambda n: "(%s)" % alpha(n), lambda n: "(%s)" % roman(n).lower()]
COUNTERS = [r"\Roman*.", r"(\alph*)", r"(\roman*)"]


def text_of(entry):
    return entry["text"] if isinstance(entry, dict) else entry


def items_of(entry):
    return entry.get("items", []) if isinstance(entry, dict) else []


def widest(level: int, count: int) -> str:
    """TeX that sets \\resWidest to the width of the widest label of a list of `count`."""
    labels = "".join("{%s}" % LABELS[level](n) for n in range(1, count + 1))
    return r"\resSetWidest{%s}" % labels


def list_items(out, entries, level):
    """A clause list (level 0), items (1) or sub-items (2), each label hanging in a column."""
    gap = "0.55" if level == 0 else "0.3"
    out.append(widest(level, len(entries)))
    out.append(r"\begin{enumerate}[label=%s, align=right, labelsep=0.6em, labelwidth=\resWidest,"
               r" leftmargin=\dimexpr\resWidest+0.6em\relax, topsep=0pt, partopsep=0pt, itemsep=0pt,"
               r" parsep=%s\resLine]" % (COUNTERS[level], gap))
    for entry in entries:
        out.append(r"\item " + markup(text_of(entry)))
        subs = items_of(entry)
        if subs and level < 2:
            list_items(out, subs, level + 1)
    out.append(r"\end{enumerate}")


def document(data, paper: str, margin: float, size: float, microtype: bool) -> str:
    doc = data["document"]
    res = data.get("resolution", {})
    pw, _ = PAPERS[paper.lower()]
    lang = doc.get("lang", "en")
    line = size * LEADING
    out = []
    w = out.append
    w(r"\documentclass{article}")
    w(r"\usepackage[%s]{babel}" % ("british" if lang.lower() in ("en-gb", "en-uk") else "american"))
    w(r"\usepackage{fontspec}")
    w(r"\setmainfont{NotoSerif}[Path=%s, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold,"
      r" ItalicFont=*-Italic, BoldItalicFont=*-BoldItalic, Ligatures=TeXOff]" % FONTS)
    # uniform margins: the text block is the paper width less twice the margin, as ours
    w(r"\usepackage[paperwidth=%.2fmm, paperheight=%.2fmm, margin=%.2fmm, footskip=%.2fmm]{geometry}"
      % (*PAPERS[paper.lower()], margin, margin / 2))
    w(r"\usepackage{enumitem}")
    if microtype:
        w(r"\usepackage[protrusion=true, expansion=true, stretch=20, shrink=20, step=5]{microtype}")
    w(r"\makeatletter")
    w(r"\renewcommand\normalsize{\@setfontsize\normalsize{%.3f}{%.3f}}" % (size, line))
    w(r"\def\ps@resolution{\let\@oddhead\@empty\let\@evenhead\@empty"
      r"\def\@oddfoot{\hfil\fontsize{9}{11}\selectfont\thepage\ / \pageref{res-last-page}\hfil}"
      r"\let\@evenfoot\@oddfoot}")
    w(r"\AtEndDocument{\label{res-last-page}}")
    w(r"\makeatother")
    w(r"\pagestyle{resolution}")
    w(r"\newlength\resLine \setlength\resLine{%.3fpt}" % line)
    w(r"\setlength\topskip{%.3fpt}" % size)
    w(r"\setlength\parindent{0pt}")
    w(r"\setlength\parskip{0.55\resLine}")
    w(r"\raggedbottom")
    # the widest of a list of labels, for the hanging label column
    w(r"\newlength\resWidest \newlength\resTmp")
    w(r"\newcommand\resSetWidest[1]{\setlength\resWidest{0pt}\resWidestLoop#1\relax}")
    w(r"\def\resWidestLoop#1{\ifx\relax#1\else\settowidth\resTmp{#1}"
      r"\ifdim\resTmp>\resWidest\setlength\resWidest{\resTmp}\fi\expandafter\resWidestLoop\fi}")
    # a centred bold section heading, 1.18 x size, 1.1 lines above and 0.5 below
    w(r"\newcommand\resHeading[1]{\par\addvspace{\dimexpr1.1\resLine-\parskip\relax}"
      r"{\centering\bfseries\fontsize{%.3f}{%.3f}\selectfont #1\par}\nobreak"
      r"\vspace{\dimexpr0.5\resLine-\parskip\relax}\nobreak}" % (size * 1.18, size * 1.18 * 1.3))
    w(r"\begin{document}")
    w(r"\normalsize")
    # title block
    ts = size * 1.65
    w(r"{\centering\bfseries\fontsize{%.3f}{%.3f}\selectfont %s\par}" % (ts, ts * 1.22, markup(doc["title"])))
    if "subtitle" in doc:
        ss = size * 1.2
        w(r"\vspace{\dimexpr%.3fpt-\parskip\relax}" % (0.7 * size))
        w(r"{\centering\itshape\fontsize{%.3f}{%.3f}\selectfont %s\par}" % (ss, ss * 1.3, markup(doc["subtitle"])))
    date = doc.get("date")
    when = ("%s %d, %d" % (MONTHS[date.month - 1], date.day, date.year)) if date else ""
    place = markup(doc["place"]) if "place" in doc else ""
    if place or when:
        w(r"\vspace{\dimexpr0.6\resLine-\parskip\relax}")
        w(r"{\centering %s\par}" % ", ".join(p for p in (place, when) if p))
    w(r"\vspace{\dimexpr0.4\resLine-\parskip\relax}")
    w(r"{\centering\rule{%.3fpt}{0.6pt}\par}" % min(6 * size, (pw - 2 * margin) * 72 / 25.4 / 3))
    w(r"\vspace{\dimexpr0.9\resLine-\parskip\relax}")
    if "summary" in doc:
        w(r"{\leftskip=2em \rightskip=2em \itshape %s\par}" % markup(doc["summary"]))
        w(r"\vspace{\dimexpr1.0\resLine-\parskip\relax}")
    if "addressee" in doc:
        w(r"{\raggedright\settowidth\resTmp{\textbf{To:}}\addtolength\resTmp{0.5em}"
          r"\hangindent=\resTmp\hangafter=1\makebox[\resTmp][l]{\textbf{To:}}%s\par}" % markup(doc["addressee"]))
        w(r"\vspace{\dimexpr1.0\resLine-\parskip\relax}")
    # signatories, by country
    if data.get("signatories") or "approval" in doc:
        w(r"\resHeading{Signatories}")
        if "approval" in doc:
            w(markup(doc["approval"]) + "\n")
        for g, group in enumerate(data.get("signatories", [])):
            if g:
                w(r"\vspace{\dimexpr0.55\resLine-\parskip\relax}")
            w(r"{\raggedright\bfseries %s\par}\nobreak" % markup(group["country"]))
            w(r"\vspace{\dimexpr%.3fpt-\parskip\relax}\nobreak" % (0.1 * size))
            w(r"\begin{itemize}[label=\textbullet, align=left, leftmargin=1.2em, labelwidth=1.2em,"
              r" labelsep=0pt, topsep=0pt, partopsep=0pt, itemsep=0pt, parsep=0pt]\raggedright")
            for org in group["organizations"]:
                if isinstance(org, dict):
                    w(r"\item " + markup(org["name"]))
                    person = ", ".join(markup(org[k]) for k in ("representative", "title") if k in org)
                    if person:
                        w(r"\par{\itshape\fontsize{%.3f}{%.3f}\selectfont %s\par}" % (size * 0.92, line, person))
                else:
                    w(r"\item " + markup(org))
            w(r"\end{itemize}")
    # the resolution
    paras = list(res.get("preamble", [])) + ([res["intro"]] if "intro" in res else [])
    if paras or res.get("clauses") or res.get("closing"):
        w(r"\resHeading{Resolution}")
        for p in paras:
            w(markup(p) + "\n")
        if res.get("clauses"):
            list_items(out, res["clauses"], 0)
        for i, p in enumerate(res.get("closing", [])):
            if i == 0:
                w(r"\vspace{\dimexpr1.0\resLine-\parskip\relax}")
            w(markup(p) + "\n")
    w(r"\end{document}")
    return "\n".join(out) + "\n"


def log_figures(log: str) -> str:
    over = re.findall(r"^Overfull \\hbox \((\d+\.\d+)pt too wide\) in paragraph", log, re.M)
    under = re.findall(r"^Underfull \\hbox \(badness (\d+)\) in paragraph", log, re.M)
    worst = max((float(x) for x in over), default=0.0)
    return "overfull lines %d (widest %.2f pt), underfull lines %d" % (len(over), worst, len(under))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("toml")
    ap.add_argument("-o", "--output", help="the PDF to write (default: NAME.latex.pdf in the current directory)")
    ap.add_argument("--microtype", dest="microtype", action="store_true", default=True)
    ap.add_argument("--no-microtype", dest="microtype", action="store_false")
    ap.add_argument("--paper", help="A4, A5, B5, JIS-B5, Letter, Legal (default: the TOML's, else A4)")
    ap.add_argument("--margin", type=float, help="uniform margin in mm (default: the TOML's, else 25)")
    ap.add_argument("--size", type=float, help="body size in pt (default: the TOML's, else 11)")
    ap.add_argument("--tex", action="store_true", help="print the .tex and stop")
    ap.add_argument("--keep", metavar="DIR", help="compile in DIR and keep the .tex and .log there")
    ap.add_argument("--runs", type=int, default=2, help="lualatex runs (2: the page count in the foot)")
    a = ap.parse_args()

    data = tomllib.load(open(a.toml, "rb"))
    style = data.get("style", {})
    paper = a.paper or style.get("paper", "A4")
    margin = a.margin
    if margin is None:
        m = style.get("margin_mm", 25.0)
        if isinstance(m, dict):
            sys.exit("latex-equivalent: only uniform margins are supported (margin_mm = N)")
        margin = float(m)
    size = a.size or float(style.get("font_size_pt", 11.0))
    if paper.lower() not in PAPERS:
        sys.exit("latex-equivalent: unknown paper %s" % paper)
    tex = document(data, paper, margin, size, a.microtype)
    if a.tex:
        sys.stdout.write(tex)
        return 0

    work = a.keep or tempfile.mkdtemp(prefix="latex-equivalent-")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "resolution.tex"), "w") as f:
        f.write(tex)
    for _ in range(a.runs):
        r = subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "resolution.tex"],
                           cwd=work, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout[-3000:])
            return 1
    log = open(os.path.join(work, "resolution.log"), encoding="utf-8", errors="replace").read()
    output = a.output or os.path.splitext(os.path.basename(a.toml))[0] + ".latex.pdf"
    shutil.copy(os.path.join(work, "resolution.pdf"), output)
    print("%s: %s (%s, %s, margin %g mm, %g pt)" % (output, log_figures(log),
          "microtype" if a.microtype else "no microtype", paper, margin, size), file=sys.stderr)
    if not a.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
