//! TLS for `useSSL=true`: rustls (ring) verifying the server against the system trust store
//! plus the CAs of `sslCaFile`, or, only with `disableSSLCertValidation=true` (logged as a
//! warning), accepting any certificate.

use crate::config::ConnectionConfig;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use tdflink_protocol::codes;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::crypto::{self, CryptoProvider};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{self, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_rustls::TlsConnector;

// Built once per process and CA file: loading the system store parses every installed
// certificate, and reconnects must not pay that again. SSL_CERT_FILE/SSL_CERT_DIR are read at
// the first use.
static VERIFYING: Mutex<Option<HashMap<Option<PathBuf>, Arc<ClientConfig>>>> = Mutex::new(None);
static ACCEPTING_ANY: OnceLock<Arc<ClientConfig>> = OnceLock::new();

/// Runs the TLS handshake over `tcp`, verifying the certificate unless the settings disable it.
pub async fn handshake(config: &ConnectionConfig, tcp: TcpStream) -> Result<TlsStream<TcpStream>> {
    let host = config.host.trim_matches(['[', ']']);
    let name = ServerName::try_from(host.to_owned()).map_err(|e| {
        Error::config(codes::CONNECTOR_BAD_CONNECTION_PARAMETER, format!("host '{host}' is not a valid TLS server name")).with_cause(e)
    })?;
    let connector = TlsConnector::from(client_config(config)?);
    connector.connect(name, tcp).await.map_err(|e| {
        let untrusted = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>());
        let hint = match untrusted {
            Some(rustls::Error::InvalidCertificate(_)) => {
                ": the server certificate is not trusted (give its CA in sslCaFile, or add it to the system trust store)"
            }
            _ => "",
        };
        Error::connect_failed(format!("TLS handshake with {host}:{} failed{hint}", config.port)).with_cause(e)
    })
}

fn client_config(config: &ConnectionConfig) -> Result<Arc<ClientConfig>> {
    let provider = Arc::new(crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal("no TLS protocol version available").with_cause(e))?;
    if config.disable_ssl_cert_validation {
        // Every connection says so: anyone on the path can impersonate the server.
        log::warn!("TLS to {}:{} does not validate the server certificate (disableSSLCertValidation=true)", config.host, config.port);
        let any = ACCEPTING_ANY.get_or_init(|| {
            Arc::new(builder.dangerous().with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider))).with_no_client_auth())
        });
        return Ok(any.clone());
    }
    let mut cache = VERIFYING.lock().unwrap_or_else(|p| p.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(verifying) = cache.get(&config.ssl_ca_file) {
        return Ok(verifying.clone());
    }
    let mut roots = system_roots();
    if let Some(file) = &config.ssl_ca_file {
        add_ca_file(&mut roots, file)?;
    }
    let verifying = Arc::new(builder.with_root_certificates(roots).with_no_client_auth());
    cache.insert(config.ssl_ca_file.clone(), verifying.clone());
    Ok(verifying)
}

/// Adds the PEM certificates of `file` as trust anchors: a private CA without touching the
/// process-wide store. An unreadable file or one without a usable certificate is 0xa000.
fn add_ca_file(roots: &mut RootCertStore, file: &PathBuf) -> Result<()> {
    let bad = |what: String| Error::config(codes::CONNECTOR_BAD_CONNECTION_PARAMETER, format!("sslCaFile {}: {what}", file.display()));
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
        .map_err(|e| bad(format!("cannot be read ({e})")))?
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| bad(format!("is not PEM ({e})")))?;
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(bad("holds no usable CA certificate".to_owned()));
    }
    log::debug!("trusting {added} CA certificates of {}", file.display());
    Ok(())
}

/// The platform's trust anchors; unreadable entries are logged and skipped.
fn system_roots() -> RootCertStore {
    let found = rustls_native_certs::load_native_certs();
    for error in &found.errors {
        log::warn!("skipping part of the system trust store: {error}");
    }
    let mut roots = RootCertStore::empty();
    let (added, ignored) = roots.add_parsable_certificates(found.certs);
    log::debug!("system trust store: {added} certificates, {ignored} unusable");
    roots
}

/// Accepts whatever certificate the server presents, while still checking that the server
/// owns it (handshake signatures). Opt-in only, through `disableSSLCertValidation=true`: the
/// traffic stays encrypted but anyone on the path can impersonate the server, which is
/// tolerable for self-signed test and internal setups, never as a default.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

/// What rustls expects from a verifier.
type Verdict<T> = std::result::Result<T, rustls::Error>;

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Verdict<ServerCertVerified> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Verdict<HandshakeSignatureValid> {
        crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Verdict<HandshakeSignatureValid> {
        crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
