//! The signer's credentials: a private key and its certificate (with the certificates that
//! lead to its issuer), from PEM files or a PKCS#12 file, checked before anything is signed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use der::{Decode, Encode};
use pkcs8::DecodePrivateKey;
use spki::EncodePublicKey;
use x509_cert::Certificate;

use super::SignError;

/// RSA keys shorter than this are refused: 2048 bits is the floor of ETSI TS 119 312 and of
/// every browser and reader still in use.
pub const MIN_RSA_BITS: usize = 2048;

/// A private key of a kind PAdES readers verify everywhere.
pub enum PrivateKey {
    /// RSA, signed PKCS #1 v1.5 with SHA-256 (what Acrobat, Poppler and pyHanko all check).
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
    /// ECDSA on P-256 with SHA-256.
    P256(p256::ecdsa::SigningKey),
}

/// A key, its certificate and the rest of the chain (intermediates), ready to sign.
pub struct Credentials {
    /// The private key that signs.
    pub key: PrivateKey,
    /// Its certificate, the signer's.
    pub certificate: Certificate,
    /// The issuers' certificates, carried in the signature.
    pub chain: Vec<Certificate>,
}

/// Where the credentials come from, as the command line names them.
#[allow(missing_docs)] // the fields are the files' bytes and their names for messages
pub enum CredentialFiles<'a> {
    /// A PEM key and certificate, and optionally the chain.
    Pem { key: &'a [u8], key_name: &'a str, cert: &'a [u8], cert_name: &'a str, chain: Option<(&'a [u8], &'a str)> },
    /// A PKCS #12 file (.p12, .pfx).
    Pkcs12 { data: &'a [u8], name: &'a str },
}

impl Credentials {
    /// Reads and checks the credentials: the key must be RSA (2048 bits or more) or
    /// P-256 and must belong to the certificate. `password` opens a PKCS#12 file or an
    /// encrypted PKCS#8 key.
    pub fn load(files: CredentialFiles<'_>, password: Option<&str>) -> Result<Credentials, SignError> {
        let (key, certificate, chain) = match files {
            CredentialFiles::Pem { key, key_name, cert, cert_name, chain } => {
                let key = read_key(key, key_name, password)?;
                let mut certificates = read_certificates(cert, cert_name)?;
                let certificate = certificates.remove(0);
                let mut chain_certificates = certificates;
                if let Some((chain, chain_name)) = chain {
                    chain_certificates.extend(read_certificates(chain, chain_name)?);
                }
                (key, certificate, chain_certificates)
            }
            CredentialFiles::Pkcs12 { data, name } => {
                let Some(password) = password else {
                    return Err(SignError::usage(format!("{name}: a PKCS#12 file needs its password: name the environment variable that holds it with --password-env")));
                };
                let store = p12_keystore::KeyStore::from_pkcs12(data, password).map_err(|e| match e {
                    p12_keystore::error::Error::MacError(_) | p12_keystore::error::Error::UnpadError => {
                        SignError::credentials(format!("{name}: wrong password (the file's integrity check fails with it)"))
                    }
                    e => SignError::credentials(format!("{name}: not a PKCS#12 file this program can open: {e}")),
                })?;
                let Some((_, entry)) = store.private_key_chain() else {
                    return Err(SignError::credentials(format!("{name}: holds no private key with a certificate")));
                };
                let key = key_from_pkcs8(entry.key(), name)?;
                let mut certificates = Vec::new();
                for cert in entry.chain() {
                    certificates.push(Certificate::from_der(cert.as_der()).map_err(|e| SignError::credentials(format!("{name}: a certificate cannot be read: {e}")))?);
                }
                if certificates.is_empty() {
                    return Err(SignError::credentials(format!("{name}: holds a key but no certificate")));
                }
                // the key's own certificate first, whatever order the file keeps
                let public = public_key_der(&key)?;
                if let Some(own) = certificates.iter().position(|c| c.tbs_certificate.subject_public_key_info.to_der().ok().as_deref() == Some(&public[..])) {
                    certificates.swap(0, own);
                }
                let certificate = certificates.remove(0);
                (key, certificate, certificates)
            }
        };
        let public = public_key_der(&key)?;
        let certified = certificate.tbs_certificate.subject_public_key_info.to_der().map_err(|e| SignError::credentials(format!("the certificate's public key cannot be read: {e}")))?;
        if public != certified {
            return Err(SignError::credentials(format!(
                "the private key does not belong to the certificate (the certificate is {}'s): give the key and the certificate that were issued together",
                subject(&certificate)
            )));
        }
        Ok(Credentials { key, certificate, chain })
    }

    /// The certificate's subject's common name (or the whole subject when it has none).
    pub fn signer_name(&self) -> String {
        common_name(&self.certificate).unwrap_or_else(|| subject(&self.certificate))
    }
}

fn read_key(bytes: &[u8], name: &str, password: Option<&str>) -> Result<PrivateKey, SignError> {
    let not_a_key = || SignError::credentials(format!("{name}: not a private key: give a PEM file (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"));
    let (label, der) = match der::pem::decode_vec(first_pem_block(bytes, "PRIVATE KEY").unwrap_or(bytes)) {
        Ok(decoded) => decoded,
        // DER as some tools write it
        Err(_) if pkcs8::PrivateKeyInfo::from_der(bytes).is_ok() => ("PRIVATE KEY", bytes.to_vec()),
        Err(_) => return Err(not_a_key()),
    };
    match label {
        "PRIVATE KEY" => key_from_pkcs8(&der, name),
        "ENCRYPTED PRIVATE KEY" => {
            let Some(password) = password else {
                return Err(SignError::usage(format!("{name}: the key is encrypted: name the environment variable that holds its password with --password-env")));
            };
            let encrypted = pkcs8::EncryptedPrivateKeyInfo::from_der(&der).map_err(|e| SignError::credentials(format!("{name}: the encrypted key cannot be read: {e}")))?;
            let plain = encrypted.decrypt(password).map_err(|_| SignError::credentials(format!("{name}: wrong password, or a key encryption this program cannot open (PBES2 is supported)")))?;
            key_from_pkcs8(plain.as_bytes(), name)
        }
        "RSA PRIVATE KEY" => {
            use pkcs1::DecodeRsaPrivateKey;
            let key = rsa::RsaPrivateKey::from_pkcs1_der(&der).map_err(|e| SignError::credentials(format!("{name}: the RSA key cannot be read: {e}")))?;
            rsa_key(key)
        }
        "EC PRIVATE KEY" => {
            let key = p256::SecretKey::from_sec1_der(&der).map_err(|_| SignError::credentials(format!("{name}: unsupported key type: an elliptic-curve key not on P-256; use ECDSA P-256 or RSA (2048 bits or more)")))?;
            Ok(PrivateKey::P256(key.into()))
        }
        other => Err(SignError::credentials(format!("{name}: holds `{other}`, not a private key"))),
    }
}

/// The first PEM block whose label ends with `suffix` (a key file may open with
/// "EC PARAMETERS" or hold the certificate too).
fn first_pem_block<'a>(bytes: &'a [u8], suffix: &str) -> Option<&'a [u8]> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut from = 0;
    while let Some(start) = text[from..].find("-----BEGIN ").map(|i| from + i) {
        let label_end = text[start + 11..].find("-----")? + start + 11;
        let label = &text[start + 11..label_end];
        let end_marker = format!("-----END {label}-----");
        let end = text[label_end..].find(&end_marker)? + label_end + end_marker.len();
        if label.ends_with(suffix) {
            return Some(&bytes[start..end]);
        }
        from = end;
    }
    None
}

/// OIDs of the key algorithms a PKCS #8 key may name.
mod oid {
    use der::asn1::ObjectIdentifier;
    pub const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
    pub const EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    pub const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
    pub const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
    pub const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
    pub const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
    pub const DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
    pub const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
}

fn key_from_pkcs8(der: &[u8], name: &str) -> Result<PrivateKey, SignError> {
    let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| SignError::credentials(format!("{name}: the key cannot be read: {e}")))?;
    let unsupported = |what: &str| SignError::credentials(format!("{name}: unsupported key type: {what}; use RSA (2048 bits or more) or ECDSA P-256"));
    match info.algorithm.oid {
        oid::RSA => rsa_key(rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(|e| SignError::credentials(format!("{name}: the RSA key cannot be read: {e}")))?),
        oid::EC => {
            let curve = info.algorithm.parameters_oid().ok();
            match curve {
                Some(oid::P256) => Ok(PrivateKey::P256(p256::SecretKey::from_pkcs8_der(der).map_err(|e| SignError::credentials(format!("{name}: the P-256 key cannot be read: {e}")))?.into())),
                Some(oid::P384) => Err(unsupported("ECDSA P-384")),
                Some(oid::P521) => Err(unsupported("ECDSA P-521")),
                _ => Err(unsupported("ECDSA on a curve other than P-256")),
            }
        }
        oid::ED25519 => Err(unsupported("Ed25519")),
        oid::ED448 => Err(unsupported("Ed448")),
        oid::DSA => Err(unsupported("DSA")),
        other => Err(unsupported(&format!("algorithm {other}"))),
    }
}

fn rsa_key(key: rsa::RsaPrivateKey) -> Result<PrivateKey, SignError> {
    use rsa::traits::PublicKeyParts;
    let bits = key.n().bits();
    if bits < MIN_RSA_BITS {
        return Err(SignError::credentials(format!("unsupported key: RSA of {bits} bits; use RSA of {MIN_RSA_BITS} bits or more, or ECDSA P-256")));
    }
    Ok(PrivateKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))))
}

fn public_key_der(key: &PrivateKey) -> Result<Vec<u8>, SignError> {
    let der = match key {
        PrivateKey::Rsa(key) => {
            use signature::Keypair;
            key.verifying_key().to_public_key_der()
        }
        PrivateKey::P256(key) => key.verifying_key().to_public_key_der(),
    };
    der.map(|d| d.into_vec()).map_err(|e| SignError::credentials(format!("the key's public part cannot be encoded: {e}")))
}

fn read_certificates(bytes: &[u8], name: &str) -> Result<Vec<Certificate>, SignError> {
    let text = std::str::from_utf8(bytes).unwrap_or("");
    if text.contains("-----BEGIN ") && !text.contains("-----BEGIN CERTIFICATE-----") {
        let label = text.split("-----BEGIN ").nth(1).and_then(|rest| rest.split("-----").next()).unwrap_or("something else");
        return Err(SignError::credentials(format!("{name}: not a certificate: the file holds {label}; give the certificate (BEGIN CERTIFICATE)")));
    }
    let certificates = if text.contains("-----BEGIN CERTIFICATE-----") {
        Certificate::load_pem_chain(bytes).map_err(|e| SignError::credentials(format!("{name}: a certificate cannot be read: {e}")))?
    } else {
        vec![Certificate::from_der(bytes).map_err(|_| SignError::credentials(format!("{name}: not a certificate: give a PEM file (BEGIN CERTIFICATE) or a DER certificate")))?]
    };
    if certificates.is_empty() {
        return Err(SignError::credentials(format!("{name}: holds no certificate")));
    }
    Ok(certificates)
}

/// The certificate's subject, as RFC 4514 writes it.
pub fn subject(certificate: &Certificate) -> String {
    certificate.tbs_certificate.subject.to_string()
}

/// The subject's common name, when it has one.
pub fn common_name(certificate: &Certificate) -> Option<String> {
    for rdn in certificate.tbs_certificate.subject.0.iter() {
        for attribute in rdn.0.iter() {
            if attribute.oid == oid::COMMON_NAME {
                let value = &attribute.value;
                if let Ok(s) = der::asn1::Utf8StringRef::try_from(value) {
                    return Some(s.as_str().to_string());
                }
                if let Ok(s) = der::asn1::PrintableStringRef::try_from(value) {
                    return Some(s.as_str().to_string());
                }
                if let Ok(s) = der::asn1::Ia5StringRef::try_from(value) {
                    return Some(s.as_str().to_string());
                }
                if let Ok(s) = der::asn1::TeletexStringRef::try_from(value) {
                    return Some(s.as_str().to_string());
                }
            }
        }
    }
    None
}

/// The certificate's validity period, as times since the epoch.
pub fn validity(certificate: &Certificate) -> (SystemTime, SystemTime) {
    let validity = &certificate.tbs_certificate.validity;
    (validity.not_before.to_system_time(), validity.not_after.to_system_time())
}

/// Whether `at` falls outside the certificate's validity, said as a sentence.
pub fn validity_problem(certificate: &Certificate, at: SystemTime) -> Option<String> {
    let (from, until) = validity(certificate);
    if at < from {
        Some(format!("the certificate is not valid yet: valid from {}", utc(from)))
    } else if at > until {
        Some(format!("the certificate has expired: valid until {}", utc(until)))
    } else {
        None
    }
}

/// A time as `2026-11-29 19:05:00 UTC`.
pub fn utc(time: SystemTime) -> String {
    match der::DateTime::from_system_time(time) {
        Ok(t) => format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", t.year(), t.month(), t.day(), t.hour(), t.minutes(), t.seconds()),
        Err(_) => format!("{} s after 1970 (UTC)", time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs()),
    }
}
