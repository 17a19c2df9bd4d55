//! `wss://`: tdlite serves TLS with a given certificate, and a client that trusts it talks
//! the same protocol as over plain WebSocket.

use futures_util::{SinkExt, StreamExt};
use std::sync::Arc;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::server::{Server, ServerConfig, TlsFiles};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wss_answers_version_over_tls() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = std::env::temp_dir().join(format!("tdlite-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert_file, key_file) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();

    let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: Some(TlsFiles { cert: cert_file, key: key_file }) };
    let server = Server::start(config, Engine::open(EngineConfig::default()).unwrap()).await.unwrap();

    let mut roots = RootCertStore::empty();
    roots.add(CertificateDer::from(cert.cert.der().to_vec())).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let client = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = TcpStream::connect(server.local_addr()).await.unwrap();
    let tls = TlsConnector::from(Arc::new(client)).connect(ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
    let url = format!("wss://localhost:{}/ws", server.local_addr().port());
    let (mut ws, _) = tokio_tungstenite::client_async(url, tls).await.unwrap();
    ws.send(Message::text(r#"{"action":"version"}"#)).await.unwrap();
    let Message::Text(reply) = ws.next().await.unwrap().unwrap() else { panic!("text reply expected") };
    assert!(reply.contains(r#""version":"3.3.6.0""#), "{reply}");

    // A plain-text client cannot talk to a TLS listener.
    let plain = tokio_tungstenite::connect_async(format!("ws://{}/ws", server.local_addr())).await;
    assert!(plain.is_err());
    server.shutdown().await;
    std::fs::remove_dir_all(dir).unwrap();
}
