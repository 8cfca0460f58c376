//! The signature value a PDF signature dictionary holds in `/Contents`: a detached CMS
//! `SignedData` (RFC 5652) in the CAdES form PAdES baseline B-B asks for (ETSI EN 319 142-1
//! §6.3): SHA-256, the signed attributes content-type, message-digest and
//! signing-certificate-v2, the signer's certificate and its chain. The signing time is the
//! signature dictionary's `/M`: PAdES forbids the CMS signing-time attribute.
//!
//! The cms crate builds and parses the structures; this file only chooses what goes in
//! and checks what comes out.

use std::time::SystemTime;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::Digest;
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use super::credentials::{Credentials, PrivateKey};
use super::SignError;

mod oid {
    use der::asn1::ObjectIdentifier;
    pub const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
    pub const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
    pub const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
    pub const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
    pub const SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
    pub const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
    pub const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
    pub const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
    pub const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
    pub const RSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
    pub const RSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
    pub const RSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
    pub const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
    pub const ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
    pub const ECDSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
}

/// ESS `SigningCertificateV2` (RFC 5035): binds the signature to the signer's certificate
/// by its hash, so a certificate with the same key cannot be substituted.
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// `ESSCertIDv2` with the default hash algorithm, SHA-256 (DER leaves a default out) and
/// without the optional issuer/serial.
#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

fn sha256() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: oid::SHA256, parameters: None }
}

fn failed(what: impl std::fmt::Display) -> SignError {
    SignError::internal(format!("the CMS signature cannot be made: {what}"))
}

/// The DER of a detached CAdES signature over content whose SHA-256 is `digest`.
pub fn sign(credentials: &Credentials, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    let content = EncapsulatedContentInfo { econtent_type: oid::DATA, econtent: None };
    let certificate = &credentials.certificate;
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: certificate.tbs_certificate.issuer.clone(),
        serial_number: certificate.tbs_certificate.serial_number.clone(),
    });
    let certificate_hash = sha2::Sha256::digest(certificate.to_der().map_err(failed)?);
    let signing_certificate = SigningCertificateV2 { certs: vec![EssCertIdV2 { cert_hash: OctetString::new(certificate_hash.to_vec()).map_err(failed)? }] };
    let mut values = SetOfVec::new();
    values.insert(Any::encode_from(&signing_certificate).map_err(failed)?).map_err(failed)?;
    let signing_certificate = x509_cert::attr::Attribute { oid: oid::SIGNING_CERTIFICATE_V2, values };

    let mut signed_data = cms::builder::SignedDataBuilder::new(&content);
    signed_data.add_digest_algorithm(sha256()).map_err(failed)?;
    for certificate in std::iter::once(certificate).chain(&credentials.chain) {
        signed_data.add_certificate(CertificateChoices::Certificate(certificate.clone())).map_err(failed)?;
    }
    match &credentials.key {
        PrivateKey::Rsa(key) => {
            let mut signer = cms::builder::SignerInfoBuilder::new(key.as_ref(), sid, sha256(), &content, Some(digest)).map_err(failed)?;
            signer.add_signed_attribute(signing_certificate).map_err(failed)?;
            signed_data.add_signer_info::<_, rsa::pkcs1v15::Signature>(signer).map_err(failed)?;
        }
        PrivateKey::P256(key) => {
            let mut signer = cms::builder::SignerInfoBuilder::new(key, sid, sha256(), &content, Some(digest)).map_err(failed)?;
            signer.add_signed_attribute(signing_certificate).map_err(failed)?;
            signed_data.add_signer_info::<_, p256::ecdsa::DerSignature>(signer).map_err(failed)?;
        }
    }
    signed_data.build().map_err(failed)?.to_der().map_err(failed)
}

/// What the signature value says, read back and checked against the signed bytes.
pub struct Checked {
    /// The signer's certificate (None when the value names none that it carries).
    pub signer: Option<Certificate>,
    /// The signed bytes hash to the value's message digest.
    pub digest_matches: bool,
    /// The signature over the signed attributes verifies with the certificate's key.
    pub signature_valid: bool,
    /// A signing-time attribute (pyHanko and others may add one; ours uses `/M`).
    pub signing_time: Option<SystemTime>,
    /// The value carries signing-certificate-v2 naming the signer's certificate.
    pub binds_certificate: bool,
    /// What could not be checked or was wrong, in words.
    pub problems: Vec<String>,
}

/// Reads a signature value (`/Contents`, zero padding allowed after the DER) and checks
/// it against `signed`, the byte ranges it covers in order.
pub fn check(value: &[u8], signed: &[&[u8]]) -> Checked {
    let mut checked = Checked { signer: None, digest_matches: false, signature_valid: false, signing_time: None, binds_certificate: false, problems: Vec::new() };
    let signed_data = match read_signed_data(value) {
        Ok(s) => s,
        Err(e) => {
            checked.problems.push(e);
            return checked;
        }
    };
    let Some(signer_info) = signed_data.signer_infos.0.iter().next() else {
        checked.problems.push("the signature value holds no signer".into());
        return checked;
    };
    let certificates: Vec<&Certificate> = signed_data
        .certificates
        .as_ref()
        .map(|set| set.0.iter().filter_map(|c| if let CertificateChoices::Certificate(c) = c { Some(c) } else { None }).collect())
        .unwrap_or_default();
    checked.signer = match &signer_info.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => certificates.iter().find(|c| c.tbs_certificate.issuer == id.issuer && c.tbs_certificate.serial_number == id.serial_number).map(|c| (*c).clone()),
        SignerIdentifier::SubjectKeyIdentifier(id) => certificates.iter().find(|c| subject_key_identifier(c).as_deref() == Some(id.0.as_bytes())).map(|c| (*c).clone()),
    };
    let Some(signer) = checked.signer.clone() else {
        checked.problems.push("the signature value does not carry the signer's certificate".into());
        return checked;
    };

    let digest_algorithm = signer_info.digest_alg.oid;
    let Some(content_digest) = digest(digest_algorithm, signed) else {
        checked.problems.push(format!("unsupported digest algorithm {digest_algorithm}"));
        return checked;
    };
    let Some(attributes) = &signer_info.signed_attrs else {
        checked.problems.push("the signature has no signed attributes (PAdES requires them)".into());
        return checked;
    };
    for attribute in attributes.iter() {
        let Some(value) = attribute.values.iter().next() else { continue };
        if attribute.oid == oid::MESSAGE_DIGEST {
            checked.digest_matches = value.decode_as::<OctetString>().is_ok_and(|d| d.as_bytes() == content_digest.as_slice());
        } else if attribute.oid == oid::SIGNING_TIME {
            checked.signing_time = x509_cert::time::Time::from_der(&value.to_der().unwrap_or_default()).ok().map(|t| t.to_system_time());
        } else if attribute.oid == oid::SIGNING_CERTIFICATE_V2 {
            let hash = signer.to_der().ok().map(|der| sha2::Sha256::digest(der).to_vec());
            checked.binds_certificate = value.decode_as::<SigningCertificateV2>().is_ok_and(|s| s.certs.first().is_some_and(|c| Some(c.cert_hash.as_bytes().to_vec()) == hash));
        }
    }
    if !checked.digest_matches {
        checked.problems.push("the signed bytes do not match the signature's message digest: the document was changed after signing".into());
    }
    let Ok(attributes_der) = attributes.to_der() else {
        checked.problems.push("the signed attributes cannot be encoded".into());
        return checked;
    };
    let Some(attributes_digest) = digest(digest_algorithm, &[&attributes_der]) else { return checked };
    match verify_signature(&signer, signer_info.signature_algorithm.oid, digest_algorithm, &attributes_der, &attributes_digest, signer_info.signature.as_bytes()) {
        Ok(()) => checked.signature_valid = true,
        Err(e) => checked.problems.push(e),
    }
    checked
}

fn read_signed_data(value: &[u8]) -> Result<SignedData, String> {
    // the value is zero-padded to the size reserved in the file: read one DER element
    let mut reader = der::SliceReader::new(value).map_err(|e| e.to_string())?;
    let info: ContentInfo = der::Decode::decode(&mut reader).map_err(|e| format!("the signature value is not CMS: {e}"))?;
    if info.content_type != oid::SIGNED_DATA {
        return Err(format!("the signature value is CMS {}, not SignedData", info.content_type));
    }
    info.content.decode_as::<SignedData>().map_err(|e| format!("the SignedData cannot be read: {e}"))
}

fn subject_key_identifier(certificate: &Certificate) -> Option<Vec<u8>> {
    const SKI: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
    let extension = certificate.tbs_certificate.extensions.as_ref()?.iter().find(|e| e.extn_id == SKI)?;
    OctetString::from_der(extension.extn_value.as_bytes()).ok().map(|o| o.as_bytes().to_vec())
}

/// The digest of `parts` in order with the algorithm `algorithm` names.
fn digest(algorithm: ObjectIdentifier, parts: &[&[u8]]) -> Option<Vec<u8>> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut hasher = D::new();
        for part in parts {
            hasher.update(part);
        }
        hasher.finalize().to_vec()
    }
    match algorithm {
        oid::SHA256 => Some(run::<sha2::Sha256>(parts)),
        oid::SHA384 => Some(run::<sha2::Sha384>(parts)),
        oid::SHA512 => Some(run::<sha2::Sha512>(parts)),
        _ => None,
    }
}

fn verify_signature(signer: &Certificate, algorithm: ObjectIdentifier, digest_algorithm: ObjectIdentifier, message: &[u8], message_digest: &[u8], signature: &[u8]) -> Result<(), String> {
    use signature::hazmat::PrehashVerifier;
    use spki::DecodePublicKey;
    let key = signer.tbs_certificate.subject_public_key_info.to_der().map_err(|e| e.to_string())?;
    let invalid = || "the signature does not verify with the signer's certificate".to_string();
    match algorithm {
        oid::RSA | oid::RSA_SHA256 | oid::RSA_SHA384 | oid::RSA_SHA512 => {
            use signature::Verifier;
            let key = rsa::RsaPublicKey::from_public_key_der(&key).map_err(|_| "the certificate's RSA key cannot be read".to_string())?;
            let signature = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| invalid())?;
            let verified = match digest_algorithm {
                oid::SHA256 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &signature),
                oid::SHA384 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &signature),
                oid::SHA512 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &signature),
                other => return Err(format!("unsupported digest algorithm {other}")),
            };
            verified.map_err(|_| invalid())
        }
        oid::ECDSA_SHA256 | oid::ECDSA_SHA384 | oid::ECDSA_SHA512 => {
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(&key).map_err(|_| "the signer's key is not on P-256, which this program checks".to_string())?;
            let signature = p256::ecdsa::DerSignature::try_from(signature).map_err(|_| invalid())?;
            let signature = p256::ecdsa::Signature::try_from(signature).map_err(|_| invalid())?;
            key.verify_prehash(message_digest, &signature).map_err(|_| invalid())
        }
        other => Err(format!("unsupported signature algorithm {other}: this program checks RSA PKCS #1 v1.5 and ECDSA P-256")),
    }
}
