#!/usr/bin/env bash
# Our signatures read by others, and others' by us: the reference resolution signed by two
# organisations in turn (RSA, then ECDSA P-256) with `sign`, checked by Poppler's pdfsig
# and by pyHanko; a third signature made by pyHanko in one of our fields, checked by our
# `verify`; one flipped byte seen as broken by all three; PDF/A still declared and clean.
#
#   tests/tools/pades-check.sh BINARY SHARED_DIR
#
# pyHanko comes from PyPI into a virtual environment ($PYHANKO_VENV, made if missing);
# the keys and certificates are made here with its `cryptography`, and thrown away.
set -euo pipefail
bin=$(realpath "$1")
shared=$(realpath "$2")
repo=$(cd "$(dirname "$0")/../.." && pwd)
venv=${PYHANKO_VENV:-$repo/target/pyhanko-venv}
if [ ! -x "$venv/bin/pyhanko" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pyhanko pyhanko-cli
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
check() { # check DESCRIPTION COMMAND...: run, say ok or FAIL
    local what=$1; shift
    if "$@"; then echo "ok   $what"; else echo "FAIL $what" >&2; fail=1; fi
}

"$venv/bin/python" - <<'EOF'
import datetime
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

def make(name, key, stem):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PAdES check")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    open(stem + ".crt", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
    open(stem + ".key", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))

make("Alice Kato", rsa.generate_private_key(public_exponent=65537, key_size=2048), "rsa")
make("Bob Park", ec.generate_private_key(ec.SECP256R1()), "ec")
EOF

first=life-funds-for-north-korean-refugees
second=the-society-to-help-returnees-to-north-korea
third=rescue-the-north-korean-people-urgent-action-network-renk
"$bin" build "$repo/input/resolution.toml" -o unsigned.pdf
"$bin" sign unsigned.pdf --field "$first" --key rsa.key --cert rsa.crt -o one.pdf
"$bin" sign one.pdf --field "$second" --key ec.key --cert ec.crt -o two.pdf

pdfsig two.pdf > two.pdfsig 2>&1 || true
check "pdfsig: both signatures valid" test "$(grep -c 'Signature Validation: Signature is Valid.' two.pdfsig)" -eq 2
check "pdfsig: the last covers the whole file" sh -c "awk '/^Signature #2/,0' two.pdfsig | grep -q 'Total document signed'"
check "pdfsig: the first does not (an incremental update followed)" sh -c "awk '/^Signature #1/,/^Signature #2/' two.pdfsig | grep -q 'Not total document signed'"

"$venv/bin/pyhanko" sign validate --trust rsa.crt --trust ec.crt --trust-replace two.pdf > two.pyhanko 2>/dev/null || true
check "pyHanko: both signatures intact and trusted" test "$(grep -c ':INTACT:TRUSTED' two.pyhanko)" -eq 2
check "pyHanko: the changes after the first are signing only" grep -q "^$first:.*ACCEPTABLE_MODIFICATIONS" two.pyhanko

"$venv/bin/pyhanko" sign addsig --field "$third" pemder --key ec.key --cert ec.crt --no-pass two.pdf three.pdf
"$bin" verify three.pdf > three.verify || true
check "verify: pyHanko's signature in our field and ours are intact" grep -q "3 of 15 organisations have signed; every signature is intact." three.verify
check "verify: exit 0 on three intact signatures" sh -c "'$bin' verify three.pdf > /dev/null"
pdfsig three.pdf > three.pdfsig 2>&1 || true
check "pdfsig: three signatures valid" test "$(grep -c 'Signature Validation: Signature is Valid.' three.pdfsig)" -eq 3

# a file whose cross-reference section is a stream (qpdf rewrites ours so) gets its
# update's as a stream too, which qpdf and pdfsig read
qpdf --object-streams=generate unsigned.pdf streams.pdf
"$bin" sign streams.pdf --field "$first" --key rsa.key --cert rsa.crt -o streams-signed.pdf
check "an xref-stream file is updated with an xref stream" sh -c "tail -c 1500 streams-signed.pdf | grep -aq '/Type/XRef'"
check "qpdf --check on the xref-stream update" sh -c "qpdf --check streams-signed.pdf > /dev/null"
check "pdfsig: the signature in the xref-stream file is valid" sh -c "pdfsig streams-signed.pdf | grep -q 'Signature is Valid'"

python3 - <<'EOF'
data = bytearray(open("two.pdf", "rb").read())
at = data.find(b"stream", 2000) + 40   # inside a page's content: signed by both
data[at] ^= 1
open("tampered.pdf", "wb").write(data)
EOF
pdfsig tampered.pdf > tampered.pdfsig 2>&1 || true
check "pdfsig: tampering breaks the signatures" sh -c "! grep -q 'Signature is Valid' tampered.pdfsig"
"$venv/bin/pyhanko" sign validate --trust rsa.crt --trust ec.crt --trust-replace tampered.pdf > tampered.pyhanko 2>/dev/null || true
check "pyHanko: tampering seen" sh -c "! grep -q ':INTACT:' tampered.pyhanko"
check "verify: tampering seen (exit 1)" sh -c "! '$bin' verify tampered.pdf > /dev/null"

# our signed file stays PDF/A (three.pdf carries pyHanko's own appearance, whose
# Courier is not embedded: pyHanko's choice, not ours)
check "pdfcheck --pdfa on the file signed twice" "$shared/tools/pdfcheck" two.pdf --pdfa

if [ "$fail" -ne 0 ]; then
    echo "pades-check: a check failed" >&2
    exit 1
fi
echo "pades-check: all checks passed"
