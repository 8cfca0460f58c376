//! Digital signatures: `sign`, `verify` and `build --sign` on the reference resolution,
//! with keys and certificates made here (rcgen, RustCrypto; no private key is committed).
//! The files are read back by independent readers: lopdf for the structure, Poppler's
//! `pdfsig` for the signatures when it is installed (CI installs it; pyHanko is run by
//! `.ci/run`), and the signed bytes are compared with the unsigned file to prove that
//! each signature was appended.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};

/// A field of the reference resolution, by its name and by its organisation's.
const LIFE_FUNDS: &str = "life-funds-for-north-korean-refugees";
const SOCIETY: &str = "The Society to Help Returnees to North Korea";
const RENK: &str = "rescue-the-north-korean-people-urgent-action-network-renk";

/// A signer's files on disk.
struct Signer {
    key: PathBuf,
    cert: PathBuf,
}

enum Algorithm {
    Rsa(usize),
    P256,
    P384,
    Ed25519,
}

fn key_pair(algorithm: &Algorithm) -> KeyPair {
    match algorithm {
        Algorithm::Rsa(bits) => {
            use rsa::pkcs8::EncodePrivateKey;
            let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, *bits).unwrap();
            KeyPair::try_from(key.to_pkcs8_der().unwrap().as_bytes()).unwrap()
        }
        Algorithm::P256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap(),
        Algorithm::P384 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap(),
        Algorithm::Ed25519 => KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap(),
    }
}

/// A self-signed certificate for `name`, valid `from`..`until` (years), with its key.
fn certificate(name: &str, key: &KeyPair, from: i32, until: i32) -> String {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn.push(DnType::OrganizationName, "Test Signatories");
    params.distinguished_name = dn;
    params.not_before = rcgen::date_time_ymd(from, 1, 1);
    params.not_after = rcgen::date_time_ymd(until, 1, 1);
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature, rcgen::KeyUsagePurpose::ContentCommitment];
    params.self_signed(key).unwrap().pem()
}

fn signer(dir: &Path, file: &str, name: &str, algorithm: Algorithm) -> Signer {
    signer_valid(dir, file, name, algorithm, 2020, 2099)
}

fn signer_valid(dir: &Path, file: &str, name: &str, algorithm: Algorithm, from: i32, until: i32) -> Signer {
    let key = key_pair(&algorithm);
    let (key_path, cert_path) = (dir.join(format!("{file}.key")), dir.join(format!("{file}.crt")));
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    std::fs::write(&cert_path, certificate(name, &key, from, until)).unwrap();
    Signer { key: key_path, cert: cert_path }
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(bin());
    command.args(args).current_dir(dir).env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

/// The reference resolution (15 organisations, a signature page) built into `dir`.
fn reference(dir: &Path) -> PathBuf {
    let pdf = dir.join("resolution.pdf");
    std::fs::write(&pdf, build(&repo().join("input/resolution.toml"))).unwrap();
    pdf
}

fn sign(dir: &Path, input: &Path, output: &Path, field: &str, who: &Signer, extra: &[&str]) -> Output {
    let mut args = vec!["sign", input.to_str().unwrap(), "--field", field, "--key", who.key.to_str().unwrap(), "--cert", who.cert.to_str().unwrap(), "-o", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(dir, &args, &[])
}

fn verify_json(dir: &Path, pdf: &Path) -> (i32, serde_json::Value) {
    let out = run(dir, &["verify", pdf.to_str().unwrap(), "--json"], &[]);
    (out.status.code().unwrap(), serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("verify --json: {e}\n{}", stderr(&out))))
}

fn field<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["fields"].as_array().unwrap().iter().find(|f| f["name"] == name || f["title"] == name).unwrap_or_else(|| panic!("no field {name}"))
}

/// Poppler's `pdfsig` on `pdf`, when installed (`.ci/run` installs it).
fn pdfsig(pdf: &Path) -> Option<String> {
    let out = Command::new("pdfsig").arg(pdf).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn two_organisations_sign_in_turn_and_both_signatures_hold() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let unsigned = reference(d);
    let alice = signer(d, "alice", "Alice Kato", Algorithm::Rsa(2048));
    let bob = signer(d, "bob", "Bob Park", Algorithm::P256);
    let once = d.join("once.pdf");
    let twice = d.join("twice.pdf");
    let out = sign(d, &unsigned, &once, LIFE_FUNDS, &alice, &["--reason", "Approved by the board", "--location", "Tokyo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sign(d, &once, &twice, SOCIETY, &bob, &[]);
    assert!(out.status.success(), "{}", stderr(&out));

    // appended: each file begins with the whole of the one before, byte for byte
    let (unsigned, once, twice_bytes) = (std::fs::read(&unsigned).unwrap(), std::fs::read(&once).unwrap(), std::fs::read(&twice).unwrap());
    assert!(once.starts_with(&unsigned) && once.len() > unsigned.len(), "the first signature is an incremental update");
    assert!(twice_bytes.starts_with(&once), "the second signature is an incremental update");

    // lopdf reads the final revision: two fields hold a /V with the PAdES sub-filter
    let doc = lopdf::Document::load_mem(&twice_bytes).unwrap();
    let sub_filters: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|t| t == b"Sig"))
        .map(|d| d.get(b"SubFilter").unwrap().as_name().unwrap().to_vec())
        .collect();
    assert_eq!(sub_filters, [b"ETSI.CAdES.detached".to_vec(), b"ETSI.CAdES.detached".to_vec()]);

    let (code, report) = verify_json(d, &twice);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["signed"], 2);
    assert_eq!(report["total"], 15);
    let first = &field(&report, LIFE_FUNDS)["signature"];
    assert_eq!(first["intact"], true);
    assert_eq!(first["changes_after"], "signatures-only");
    assert!(first["signer"].as_str().unwrap().contains("CN=Alice Kato"), "{first}");
    let second = &field(&report, SOCIETY)["signature"];
    assert_eq!(second["intact"], true);
    assert_eq!(second["changes_after"], "none");
    assert!(second["signer"].as_str().unwrap().contains("CN=Bob Park"));
    assert_eq!(field(&report, RENK)["signed"], false);

    // the text report says who has signed
    let text = run(d, &["verify", twice.to_str().unwrap()], &[]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("2 of 15 organisations have signed; every signature is intact."), "{text}");
    assert!(text.contains("trust is not checked"), "{text}");

    if let Some(report) = pdfsig(&twice) {
        assert_eq!(report.matches("Signature Validation: Signature is Valid.").count(), 2, "{report}");
        let last = report.split("Signature #").find(|s| s.contains("Bob Park")).unwrap();
        assert!(last.contains("Total document signed"), "{report}");
        assert!(report.contains("Signing Hash Algorithm: SHA-256"), "{report}");
    }
}

#[test]
fn a_flipped_byte_in_signed_content_is_reported_broken() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let unsigned = reference(d);
    let alice = signer(d, "alice", "Alice Kato", Algorithm::P256);
    let signed = d.join("signed.pdf");
    assert!(sign(d, &unsigned, &signed, LIFE_FUNDS, &alice, &[]).status.success());
    let mut bytes = std::fs::read(&signed).unwrap();
    // a byte inside the first page's content stream (signed, and not in the gap)
    let at = bytes.windows(6).position(|w| w == b"stream").unwrap() + 40;
    bytes[at] ^= 0x01;
    let tampered = d.join("tampered.pdf");
    std::fs::write(&tampered, &bytes).unwrap();

    let (code, report) = verify_json(d, &tampered);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(field(&report, LIFE_FUNDS)["signature"]["intact"], false);
    assert_eq!(report["intact"], false);
    if let Some(report) = pdfsig(&tampered) {
        assert!(!report.contains("Signature is Valid"), "{report}");
    }
}

#[test]
fn content_changed_after_signing_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let unsigned = reference(d);
    let alice = signer(d, "alice", "Alice Kato", Algorithm::Rsa(2048));
    let signed = d.join("signed.pdf");
    assert!(sign(d, &unsigned, &signed, LIFE_FUNDS, &alice, &[]).status.success());
    // a later revision that replaces the first page's content: the signed bytes stay
    // intact, but what the signature covered was changed
    let bytes = std::fs::read(&signed).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut changed = lopdf::IncrementalDocument::create_from(bytes.clone(), doc);
    let page = *changed.get_prev_documents().get_pages().values().next().unwrap();
    changed.opt_clone_object_to_new_document(page).unwrap();
    let content = changed.new_document.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), b"BT ET".to_vec()));
    changed.new_document.get_dictionary_mut(page).unwrap().set("Contents", lopdf::Object::Reference(content));
    let mut out = Vec::new();
    changed.save_to(&mut out).unwrap();
    let tampered = d.join("changed.pdf");
    std::fs::write(&tampered, &out).unwrap();

    let (code, report) = verify_json(d, &tampered);
    let signature = &field(&report, LIFE_FUNDS)["signature"];
    assert_eq!(signature["intact"], true, "{report:#}");
    assert_eq!(signature["changes_after"], "content", "{report:#}");
    assert_eq!(code, 1);
}

#[test]
fn the_secretariat_certifies_at_build_time_and_organisations_sign_after() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let secretariat = signer(d, "sec", "Secretariat", Algorithm::Rsa(2048));
    let bob = signer(d, "bob", "Bob Park", Algorithm::P256);
    let pdf = d.join("certified.pdf");
    let input = repo().join("input/resolution.toml");
    let out = run(d, &["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--sign", "--key", secretariat.key.to_str().unwrap(), "--cert", secretariat.cert.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // in place: the certified file is signed again
    // the organisation's name as a person types it: capitals, a straight dash, no "!"
    let typed = "RESCUE THE NORTH KOREAN PEOPLE - URGENT ACTION NETWORK (RENK)";
    let out = run(d, &["sign", pdf.to_str().unwrap(), "--field", typed, "--key", bob.key.to_str().unwrap(), "--cert", bob.cert.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));

    let (code, report) = verify_json(d, &pdf);
    assert_eq!(code, 0, "{report:#}");
    let certification = &field(&report, "certification")["signature"];
    assert_eq!(certification["certification"], 2, "DocMDP P=2: fill in and sign");
    assert_eq!(certification["changes_after"], "signatures-only");
    assert_eq!(field(&report, RENK)["signature"]["intact"], true);
    // the organisations' count leaves the secretariat out
    let text = run(d, &["verify", pdf.to_str().unwrap()], &[]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("1 of 15 organisations have signed; the document is certified"), "{}", String::from_utf8_lossy(&text.stdout));

    // the certification is the first signature only
    let again = d.join("again.pdf");
    let out = run(d, &["sign", pdf.to_str().unwrap(), "--certify", "--key", bob.key.to_str().unwrap(), "--cert", bob.cert.to_str().unwrap(), "-o", again.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--certify makes the first signature only"), "{}", stderr(&out));
    assert!(!again.exists());

    if let Some(report) = pdfsig(&pdf) {
        assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
    }
}

#[test]
fn signing_twice_at_the_same_time_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let unsigned = reference(d);
    let bob = signer(d, "bob", "Bob Park", Algorithm::P256);
    let mut outputs = Vec::new();
    for name in ["a.pdf", "b.pdf"] {
        let out_path = d.join(name);
        let out = Command::new(bin())
            .args(["sign", unsigned.to_str().unwrap(), "--field", LIFE_FUNDS, "--key", bob.key.to_str().unwrap(), "--cert", bob.cert.to_str().unwrap(), "-o", out_path.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", "1764443100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        outputs.push(std::fs::read(out_path).unwrap());
    }
    assert_eq!(outputs[0], outputs[1], "deterministic: RFC 6979 ECDSA and the time from SOURCE_DATE_EPOCH");
    let (_, report) = verify_json(d, &d.join("a.pdf"));
    assert_eq!(field(&report, LIFE_FUNDS)["signature"]["signing_time"], "2025-11-29 19:05:00 UTC");
}

/// A refused signing: exit status, a message containing `says`, and no output written.
fn refused(dir: &Path, args: &[&str], env: &[(&str, &str)], status: i32, says: &str) {
    let out = run(dir, args, env);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(status), "{args:?}: {message}");
    assert!(message.contains(says), "{args:?}: expected `{says}` in:\n{message}");
    assert!(!message.contains("panicked"), "{message}");
    assert!(!dir.join("out.pdf").exists(), "{args:?} left an output file");
}

#[test]
fn every_bad_credential_is_refused_with_a_clear_message_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pdf = reference(d);
    let pdf_s = pdf.to_str().unwrap();
    let before = std::fs::read(&pdf).unwrap();
    let good = signer(d, "good", "Good Signer", Algorithm::P256);
    let other = signer(d, "other", "Other Signer", Algorithm::P256);
    // ring (rcgen) makes no certificate for a 1024-bit key; the key is refused before
    // its certificate is looked at, so any certificate does
    let small_rsa = {
        use rsa::pkcs8::EncodePrivateKey;
        let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 1024).unwrap();
        let path = d.join("small.key");
        std::fs::write(&path, key.to_pkcs8_pem(Default::default()).unwrap().as_bytes()).unwrap();
        Signer { key: path, cert: good.cert.clone() }
    };
    let p384 = signer(d, "p384", "P-384 Key", Algorithm::P384);
    let ed = signer(d, "ed", "Ed Key", Algorithm::Ed25519);
    let expired = signer_valid(d, "expired", "Expired", Algorithm::P256, 2001, 2002);
    let future = signer_valid(d, "future", "Future", Algorithm::P256, 2090, 2099);
    let s = |p: &PathBuf| p.to_str().unwrap().to_string();
    let with = |key: &PathBuf, cert: &PathBuf, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = ["sign", pdf_s, "--field", LIFE_FUNDS, "-o", "out.pdf", "--key"].iter().map(|a| a.to_string()).collect();
        args.extend([s(key), "--cert".into(), s(cert)]);
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    let check = |args: Vec<String>, env: &[(&str, &str)], status: i32, says: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(d, &args, env, status, says);
    };

    check(with(&other.key, &good.cert, &[]), &[], 1, "the private key does not belong to the certificate");
    check(with(&small_rsa.key, &small_rsa.cert, &[]), &[], 1, "RSA of 1024 bits");
    check(with(&p384.key, &p384.cert, &[]), &[], 1, "unsupported key type: ECDSA P-384");
    check(with(&ed.key, &ed.cert, &[]), &[], 1, "unsupported key type: Ed25519");
    check(with(&expired.key, &expired.cert, &["--strict"]), &[], 1, "the certificate has expired");
    check(with(&future.key, &future.cert, &["--strict"]), &[], 1, "the certificate is not valid yet");
    check(with(&good.key, &good.cert, &[]).into_iter().map(|a| if a == LIFE_FUNDS { "No Such Organisation".into() } else { a }).collect(), &[], 1, "there is no signature field `No Such Organisation`; the fields are:\n  life-funds-for-north-korean-refugees");
    check(with(&good.cert, &good.cert, &[]), &[], 1, "not a private key");
    check(with(&good.key, &good.key, &[]), &[], 1, "not a certificate");

    // PKCS #12: made here with p12-keystore, opened with the password from the environment
    let p12 = d.join("good.p12");
    {
        use x509_cert::der::{DecodePem, Encode};
        let cert = x509_cert::Certificate::from_pem(std::fs::read(&good.cert).unwrap()).unwrap();
        let key_pem = std::fs::read_to_string(&good.key).unwrap();
        let (_, key_der) = x509_cert::der::pem::decode_vec(key_pem.as_bytes()).unwrap();
        let chain = p12_keystore::Certificate::from_der(&cert.to_der().unwrap()).unwrap();
        let mut store = p12_keystore::KeyStore::new();
        store.add_entry("good", p12_keystore::KeyStoreEntry::PrivateKeyChain(p12_keystore::PrivateKeyChain::new(key_der, b"1", [chain])));
        std::fs::write(&p12, store.writer("correct horse").write().unwrap()).unwrap();
    }
    let p12_args = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = ["sign", pdf_s, "--field", LIFE_FUNDS, "-o", "out.pdf", "--p12"].iter().map(|a| a.to_string()).collect();
        args.push(s(&p12));
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    check(p12_args(&["--password-env", "P12_PASSWORD"]), &[("P12_PASSWORD", "wrong horse")], 1, "wrong password");
    check(p12_args(&[]), &[], 2, "needs its password: name the environment variable");
    check(p12_args(&["--password-env", "UNSET_PASSWORD_VARIABLE"]), &[], 2, "no such environment variable is set");

    // the same p12 with the right password signs
    let out = run(d, &p12_args(&["--password-env", "P12_PASSWORD"]).iter().map(String::as_str).collect::<Vec<_>>(), &[("P12_PASSWORD", "correct horse")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let signed = d.join("out.pdf");
    let (code, report) = verify_json(d, &signed);
    assert_eq!(code, 0);
    assert!(field(&report, LIFE_FUNDS)["signature"]["signer"].as_str().unwrap().contains("Good Signer"));

    // a field already signed is not signed again
    let signed_s = s(&signed);
    let again = ["sign", &signed_s, "--field", LIFE_FUNDS, "-o", "again.pdf", "--key", &s(&other.key), "--cert", &s(&other.cert)];
    let out = run(d, &again, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is already signed"), "{}", stderr(&out));
    assert!(!d.join("again.pdf").exists());
    std::fs::remove_file(&signed).unwrap();

    // expired without --strict: signed, with a warning
    let out = run(d, &with(&expired.key, &expired.cert, &[]).iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: the certificate has expired"), "{}", stderr(&out));
    std::fs::remove_file(d.join("out.pdf")).unwrap();

    // the input was never touched
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}

#[test]
fn files_without_our_fields_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = signer(d, "good", "Good Signer", Algorithm::P256);
    let no_fields = d.join("no-fields.pdf");
    std::fs::write(&no_fields, build_toml(&std::fs::read_to_string(repo().join("examples/minimal.toml")).unwrap())).unwrap();
    let not_pdf = d.join("not.pdf");
    std::fs::write(&not_pdf, b"%PDF-1.7\nthis is not a PDF\n").unwrap();
    for (input, says) in [(&no_fields, "has no signature field to sign"), (&not_pdf, "not a PDF this program can read")] {
        let args = ["sign", input.to_str().unwrap(), "--field", "x", "-o", "out.pdf", "--key", good.key.to_str().unwrap(), "--cert", good.cert.to_str().unwrap()];
        refused(d, &args, &[], 1, says);
    }
    // a certification brings its own field: a document without a signature page can be
    // certified as it is built
    let certified = d.join("certified.pdf");
    let minimal = repo().join("examples/minimal.toml");
    let out = run(d, &["build", minimal.to_str().unwrap(), "-o", certified.to_str().unwrap(), "--sign", "--key", good.key.to_str().unwrap(), "--cert", good.cert.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (code, report) = verify_json(d, &certified);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(field(&report, "certification")["signature"]["intact"], true);
    if let Some(report) = pdfsig(&certified) {
        assert!(report.contains("Signature is Valid."), "{report}");
    }

    // verify on a file without fields: nothing signed, nothing broken
    let out = run(d, &["verify", no_fields.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 signature fields"));
    let out = run(d, &["verify", not_pdf.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_encrypted_pdf_is_refused_by_sign_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plain = reference(d);
    let encrypted = d.join("encrypted.pdf");
    // an empty user password: readers open it without asking, and lopdf did too, which
    // once let `sign` append an update that dropped the encryption from the trailer
    let Ok(status) = Command::new("qpdf").args(["--encrypt", "", "owner", "256", "--"]).arg(&plain).arg(&encrypted).status() else {
        eprintln!("qpdf is not installed: skipped (CI installs it)");
        return;
    };
    assert!(status.success());
    let good = signer(d, "good", "Good Signer", Algorithm::P256);
    let args = ["sign", encrypted.to_str().unwrap(), "--field", LIFE_FUNDS, "-o", "out.pdf", "--key", good.key.to_str().unwrap(), "--cert", good.cert.to_str().unwrap()];
    refused(d, &args, &[], 1, "the PDF is encrypted");
    let out = run(d, &["verify", encrypted.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("encrypted"), "{}", stderr(&out));
}
