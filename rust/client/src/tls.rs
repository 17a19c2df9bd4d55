//! TLS for `useSSL=true`: rustls (ring) verifying the server against the system trust store,
//! or, only with `disableSSLCertValidation=true`, accepting any certificate.

use crate::config::ConnectionConfig;
use crate::error::{Error, Result};
use std::sync::{Arc, OnceLock};
use tdflink_protocol::codes;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::crypto::{self, CryptoProvider};
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{self, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_rustls::TlsConnector;

// Built once per process: loading the system store parses every installed certificate, and
// reconnects must not pay that again. SSL_CERT_FILE/SSL_CERT_DIR are read at the first use.
static VERIFYING: OnceLock<Arc<ClientConfig>> = OnceLock::new();
static ACCEPTING_ANY: OnceLock<Arc<ClientConfig>> = OnceLock::new();

/// Runs the TLS handshake over `tcp`, verifying the certificate unless the settings disable it.
pub async fn handshake(config: &ConnectionConfig, tcp: TcpStream) -> Result<TlsStream<TcpStream>> {
    let host = config.host.trim_matches(['[', ']']);
    let name = ServerName::try_from(host.to_owned()).map_err(|e| {
        Error::config(codes::CONNECTOR_BAD_CONNECTION_PARAMETER, format!("host '{host}' is not a valid TLS server name")).with_cause(e)
    })?;
    let connector = TlsConnector::from(client_config(config.disable_ssl_cert_validation)?);
    connector.connect(name, tcp).await.map_err(|e| {
        let untrusted = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>());
        let hint = match untrusted {
            Some(rustls::Error::InvalidCertificate(_)) => {
                ": the server certificate is not trusted (add its CA to the system trust store or SSL_CERT_FILE, or set disableSSLCertValidation=true)"
            }
            _ => "",
        };
        Error::connect_failed(format!("TLS handshake with {host}:{} failed{hint}", config.port)).with_cause(e)
    })
}

fn client_config(accept_any: bool) -> Result<Arc<ClientConfig>> {
    let cell = if accept_any { &ACCEPTING_ANY } else { &VERIFYING };
    if let Some(config) = cell.get() {
        return Ok(config.clone());
    }
    let provider = Arc::new(crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal("no TLS protocol version available").with_cause(e))?;
    let config = if accept_any {
        builder.dangerous().with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider))).with_no_client_auth()
    } else {
        builder.with_root_certificates(system_roots()).with_no_client_auth()
    };
    Ok(cell.get_or_init(|| Arc::new(config)).clone())
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

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Verdict<HandshakeSignatureValid> {
        crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Verdict<HandshakeSignatureValid> {
        crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
