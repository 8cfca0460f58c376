#!/usr/bin/env bash
# Whole-process timings of the release binary on the reference resolutions, and the same
# English resolution set by Typst from the template a user would write by hand
# (bench/typst-equivalent.py). Needs hyperfine and `pip install typst`.
#
#     bash bench/compare.sh
#
# Typst runs inside Python, so its figure includes the interpreter; the "python + import
# typst" line is that overhead alone, to subtract.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/resolution-pdf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

hyperfine --warmup 3 --runs 30 -N \
  "$bin build input/resolution.toml -o $tmp/en.pdf" \
  "$bin build input/resolution.ja.toml -o $tmp/ja.pdf" \
  "$bin build input/resolution.toml -o $tmp/en-plain.pdf --pdf-standard none" \
  "$bin check input/resolution.toml"

if python3 -c 'import typst' 2>/dev/null; then
  python3 bench/typst-equivalent.py input/resolution.toml > "$tmp/resolution.typ"
  compile="import typst; typst.compile('$tmp/resolution.typ', output='$tmp/typst.pdf', font_paths=['fonts'], ignore_system_fonts=True, pdf_standards=['a-2a', 'ua-1'])"
  hyperfine --warmup 3 --runs 20 -N \
    "python3 -c \"import typst\"" \
    "python3 -c \"$compile\""
  echo
  ls -l "$tmp"/en.pdf "$tmp"/typst.pdf | awk '{print $5, $9}'
else
  echo "typst is not installed (pip install typst): skipping the comparison"
fi
