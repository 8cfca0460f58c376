//! `sign`, `verify` and `build --sign`: the command-line side of [`resolution_pdf::signature`].

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Args;
use resolution_pdf::unstable::fonts::FontLibrary;
use resolution_pdf::signature::{self, CredentialFiles, Credentials, SignError, SignErrorKind, SignRequest};

use super::{exit, stdout, write};

/// A signed PDF is read whole; a resolution with scans is a few megabytes, this is far
/// beyond any.
const MAX_PDF_BYTES: u64 = 512 * 1024 * 1024;
/// Keys, certificates and PKCS #12 files are small.
const MAX_CREDENTIAL_BYTES: u64 = 1024 * 1024;

/// The signer's credentials and what the signature says (shared by `sign` and `build`).
#[derive(Args, Debug, Clone, Default)]
pub struct SigningArgs {
    /// The private key (PEM: PKCS #8, PKCS #1 or SEC 1; RSA 2048+ or ECDSA P-256).
    #[arg(long, value_name = "KEY.pem", requires = "cert", conflicts_with = "p12")]
    pub key: Option<PathBuf>,
    /// The signer's certificate (PEM; more certificates after it are its chain).
    #[arg(long, value_name = "CERT.pem", requires = "key")]
    pub cert: Option<PathBuf>,
    /// Certificates of the issuers, to carry in the signature (PEM).
    #[arg(long, value_name = "CHAIN.pem")]
    pub chain: Option<PathBuf>,
    /// Key and certificates in one PKCS #12 file (.p12, .pfx).
    #[arg(long, value_name = "FILE.p12")]
    pub p12: Option<PathBuf>,
    /// The environment variable that holds the password of --p12 or of an encrypted key
    /// (a password is never taken on the command line, where others can see it).
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Why the document is signed.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Where it is signed.
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    /// How to reach the signer.
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// Refuse a certificate that is expired or not valid yet (otherwise a warning).
    #[arg(long)]
    pub strict: bool,
}

impl SigningArgs {
    pub fn has_credentials(&self) -> bool {
        self.key.is_some() || self.p12.is_some()
    }

    /// Reads and checks the credentials.
    pub fn load(&self) -> Result<Credentials, SignError> {
        let password = match &self.password_env {
            None => None,
            Some(var) => Some(std::env::var(var).map_err(|_| {
                SignError { kind: SignErrorKind::Usage, message: format!("--password-env names `{var}`, but no such environment variable is set") }
            })?),
        };
        let read = |path: &Path| -> Result<Vec<u8>, SignError> {
            resolution_pdf::read_input(path, MAX_CREDENTIAL_BYTES).map_err(|why| SignError { kind: SignErrorKind::Credentials, message: format!("cannot read {}: {why}", path.display()) })
        };
        if let Some(p12) = &self.p12 {
            let data = read(p12)?;
            let name = p12.display().to_string();
            return Credentials::load(CredentialFiles::Pkcs12 { data: &data, name: &name }, password.as_deref());
        }
        let (Some(key), Some(cert)) = (&self.key, &self.cert) else {
            return Err(SignError { kind: SignErrorKind::Usage, message: "give the signer's credentials: --key KEY.pem --cert CERT.pem, or --p12 FILE.p12 --password-env VAR".into() });
        };
        let (key_bytes, cert_bytes) = (read(key)?, read(cert)?);
        let chain_bytes = self.chain.as_deref().map(read).transpose()?;
        let (key_name, cert_name) = (key.display().to_string(), cert.display().to_string());
        let chain_name = self.chain.as_ref().map(|c| c.display().to_string()).unwrap_or_default();
        Credentials::load(
            CredentialFiles::Pem { key: &key_bytes, key_name: &key_name, cert: &cert_bytes, cert_name: &cert_name, chain: chain_bytes.as_deref().map(|c| (c, chain_name.as_str())) },
            password.as_deref(),
        )
    }

    pub fn request<'a>(&'a self, field: Option<&'a str>, certify: bool) -> SignRequest<'a> {
        SignRequest {
            field,
            reason: self.reason.as_deref(),
            location: self.location.as_deref(),
            contact: self.contact.as_deref(),
            certify,
            strict: self.strict,
            time: signing_time(),
        }
    }
}

/// Now, or `SOURCE_DATE_EPOCH` when it is set (reproducible builds: the same input and
/// key then give the same signed bytes).
fn signing_time() -> SystemTime {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<u64>().ok()).map(|s| UNIX_EPOCH + Duration::from_secs(s)).unwrap_or_else(SystemTime::now)
}

#[derive(Args, Debug, Clone)]
pub struct SignArgs {
    /// The PDF to sign (made with a signature page).
    #[arg(value_name = "IN.pdf")]
    pub input: PathBuf,
    /// The field to sign: its name or the organisation's name (see `verify`).
    #[arg(long, value_name = "NAME")]
    pub field: Option<String>,
    /// Where to write the signed PDF (default: replace IN.pdf, atomically).
    #[arg(short, long, value_name = "OUT.pdf")]
    pub output: Option<PathBuf>,
    /// The secretariat's certification: the first signature, after which only filling in
    /// and signing fields is allowed (DocMDP). Without --field, it goes in an invisible
    /// field of its own.
    #[arg(long)]
    pub certify: bool,
    #[command(flatten)]
    pub signing: SigningArgs,
}

#[derive(Args, Debug, Clone)]
pub struct VerifyArgs {
    /// The PDF to check.
    #[arg(value_name = "IN.pdf")]
    pub input: PathBuf,
    /// Print the report as JSON on standard output.
    #[arg(long)]
    pub json: bool,
}

pub fn status_of(e: &SignError) -> i32 {
    match e.kind {
        SignErrorKind::Usage => exit::USAGE,
        SignErrorKind::Credentials | SignErrorKind::Document => exit::INVALID_INPUT,
        SignErrorKind::Internal => exit::OUTPUT,
    }
}

fn read_pdf(path: &Path) -> Result<Vec<u8>, i32> {
    resolution_pdf::read_input(path, MAX_PDF_BYTES).map_err(|why| {
        say!("error: cannot read {}: {why}", path.display());
        exit::INVALID_INPUT
    })
}

pub fn run_sign(args: &SignArgs) -> i32 {
    if args.field.is_none() && !args.certify {
        say!("error: name the field to sign with --field (the organisation's name or the field's; `resolution-pdf verify {}` lists them)", args.input.display());
        return exit::USAGE;
    }
    let credentials = match args.signing.load() {
        Ok(c) => c,
        Err(e) => {
            say!("error: {e}");
            return status_of(&e);
        }
    };
    let pdf = match read_pdf(&args.input) {
        Ok(pdf) => pdf,
        Err(code) => return code,
    };
    let fonts = FontLibrary::new();
    let request = args.signing.request(args.field.as_deref(), args.certify);
    let signed = match signature::sign(&pdf, &credentials, &request, &fonts) {
        Ok(s) => s,
        Err(e) => {
            say!("error: {}: {e}", args.input.display());
            return status_of(&e);
        }
    };
    for warning in &signed.warnings {
        say!("warning: {warning}");
    }
    let output = args.output.as_deref().unwrap_or(&args.input);
    let written = if output == Path::new("-") { stdout::write(&signed.pdf).map_err(|e| e.to_string()) } else { write::atomically(output, &signed.pdf).map_err(|d| d.headline()) };
    if let Err(e) = written {
        say!("error: {e}");
        return exit::OUTPUT;
    }
    let what = if args.certify { "certified" } else { "signed" };
    say!("{what}: {} by {} -> {}", signed.field, credentials.signer_name(), output.display());
    exit::OK
}

/// `build --sign`: certifies a freshly built PDF (in memory, before it is written).
pub fn certify_built(pdf: &[u8], credentials: &Credentials, signing: &SigningArgs, field: Option<&str>, fonts: &FontLibrary) -> Result<(Vec<u8>, Vec<String>), SignError> {
    let request = signing.request(field, true);
    signature::sign(pdf, credentials, &request, fonts).map(|s| (s.pdf, s.warnings))
}

pub fn run_verify(args: &VerifyArgs) -> i32 {
    let pdf = match read_pdf(&args.input) {
        Ok(pdf) => pdf,
        Err(code) => return code,
    };
    let report = match signature::verify(&pdf) {
        Ok(r) => r,
        Err(e) => {
            say!("error: {}: {e}", args.input.display());
            return status_of(&e);
        }
    };
    let intact = report.all_intact();
    let printed = if args.json { stdout::print(json(&args.input, &report).as_bytes()) } else { stdout::print(text(&args.input, &report).as_bytes()) };
    if printed != exit::OK {
        return printed;
    }
    if intact { exit::OK } else { exit::INVALID_INPUT }
}

const TRUST_NOTE: &str = "trust is not checked: whether the certificates chain to an authority you trust is out of scope here; check the signers' certificates against your own trust list";

fn text(path: &Path, report: &signature::Verification) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let total = report.fields.len();
    let _ = writeln!(out, "{}: {} signature field{}", path.display(), total, if total == 1 { "" } else { "s" });
    for field in &report.fields {
        let label = match &field.title {
            Some(title) if title != &field.name => format!("{title} ({})", field.name),
            _ => field.name.clone(),
        };
        let Some(s) = &field.signature else {
            let _ = writeln!(out, "  not signed  {label}");
            continue;
        };
        let state = if !s.intact { "BROKEN" } else if s.changes == signature::Changes::Content { "CHANGED" } else { "signed" };
        let _ = writeln!(out, "  {state:<10}  {label}");
        let kind = if let Some(p) = s.certification { format!("certification (DocMDP P={p}), ") } else { String::new() };
        let _ = writeln!(out, "      {kind}by {}", s.signer);
        if let Some(time) = s.signing_time {
            let _ = writeln!(out, "      at {}", signature::utc(time));
        }
        let bytes = if s.intact { "the signed bytes are intact" } else { "the signed bytes are NOT intact" };
        let after = match s.changes {
            signature::Changes::None => "it covers the whole file",
            signature::Changes::SignaturesOnly => "later revisions only add signatures and fields",
            signature::Changes::Content => "a later revision CHANGED what it signed",
        };
        let _ = writeln!(out, "      {bytes}; {after}");
        if let Some((from, until)) = s.certificate_valid {
            let at = match s.valid_at_signing {
                Some(true) => ", valid when signed",
                Some(false) => ", NOT valid when signed",
                None => "",
            };
            let _ = writeln!(out, "      certificate valid {} to {}{at}", signature::utc(from), signature::utc(until));
        }
        for problem in &s.problems {
            let _ = writeln!(out, "      problem: {problem}");
        }
    }
    // the certification is the secretariat's, not an organisation's
    let certifications = report.fields.iter().filter(|f| f.signature.as_ref().is_some_and(|s| s.certification.is_some())).count();
    let signed = report.signed() - certifications;
    let organisations = total - certifications;
    let certified = if certifications > 0 { "; the document is certified" } else { "" };
    let state = if report.signed() == 0 { "." } else if report.all_intact() { "; every signature is intact." } else { "; NOT every signature is intact." };
    if organisations == 0 {
        let _ = writeln!(out, "No organisation has a signature field{certified}{state}");
    } else {
        let _ = writeln!(out, "{signed} of {organisations} organisations have signed{certified}{state}");
    }
    let _ = writeln!(out, "note: {TRUST_NOTE}");
    out
}

fn json(path: &Path, report: &signature::Verification) -> String {
    let time = |t: Option<SystemTime>| t.map(|t| serde_json::Value::String(signature::utc(t))).unwrap_or(serde_json::Value::Null);
    let fields: Vec<serde_json::Value> = report
        .fields
        .iter()
        .map(|f| {
            let signature = f.signature.as_ref().map(|s| {
                serde_json::json!({
                    "signer": s.signer,
                    "signer_name": s.signer_name,
                    "signing_time": time(s.signing_time),
                    "intact": s.intact,
                    "changes_after": s.changes.name(),
                    "certification": s.certification,
                    "sub_filter": s.sub_filter,
                    "certificate": s.certificate_valid.map(|(from, until)| serde_json::json!({
                        "not_before": signature::utc(from),
                        "not_after": signature::utc(until),
                        "valid_when_signed": s.valid_at_signing,
                    })),
                    "problems": s.problems,
                })
            });
            serde_json::json!({ "name": f.name, "title": f.title, "signed": f.signature.is_some(), "signature": signature })
        })
        .collect();
    let value = serde_json::json!({
        "file": path.display().to_string(),
        "fields": fields,
        "signed": report.signed(),
        "total": report.fields.len(),
        "intact": report.all_intact(),
        "trust": TRUST_NOTE,
    });
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}
