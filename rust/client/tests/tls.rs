//! `useSSL=true` against tdlite serving `wss://` with a self-signed certificate: accepted when
//! validation is disabled, refused with 0x231d and a clear message when it is not trusted.
//! A private CA given in `sslCaFile` is trusted. (Trusting it through the process-wide trust store
//! is in `tls_trust_store.rs`, a process of its own.)

mod support;

use support::{self_signed, Tdlite};
use tdflink_client::{Client, Outcome};
use tdflink_protocol::codes;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabled_validation_accepts_a_self_signed_certificate() {
    let cert = self_signed("accept");
    let mut server = Tdlite::start_tls(&cert).await;
    let config = server.config("&useSSL=true&disableSSLCertValidation=true&enableCompression=true");
    assert_eq!(config.ws_url("/ws"), format!("wss://{}/ws", server.addr));
    let client = Client::connect(&config).await.unwrap();
    client.exec("CREATE DATABASE tls_db").await.unwrap();
    client.exec("CREATE TABLE tls_db.t (ts TIMESTAMP, v INT)").await.unwrap();
    assert_eq!(client.exec("INSERT INTO tls_db.t VALUES (1700000000000, 7) (1700000000001, 8)").await.unwrap(), 2);
    let Outcome::Rows(result) = client.query("SELECT v FROM tls_db.t").await.unwrap() else { panic!("rows expected") };
    let mut blocks = 0;
    while client.fetch(&result).await.unwrap().is_some() {
        blocks += 1;
    }
    assert_eq!(blocks, 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_is_a_failed_connection() {
    let cert = self_signed("untrusted");
    let mut server = Tdlite::start_tls(&cert).await;
    let e = Client::connect(&server.config("&useSSL=true")).await.err().expect("the certificate is not trusted");
    assert_eq!(e.code(), codes::DRIVER_CONNECTION_TIMEOUT, "{e}");
    assert!(e.to_string().contains("TLS handshake") && e.to_string().contains("not trusted"), "{e}");

    // A plain-text client cannot talk to a TLS server either, and says so with the same code.
    let e = Client::connect(&server.config("")).await.err().expect("plain text to a TLS port");
    assert_eq!(e.code(), codes::DRIVER_CONNECTION_TIMEOUT, "{e}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ca_given_in_ssl_ca_file_is_trusted() {
    let cert = self_signed("ca-file");
    let mut server = Tdlite::start_tls(&cert).await;
    let trusted = server.config(&format!("&useSSL=true&sslCaFile={}", cert.cert_file.display()));
    let client = Client::connect(&trusted).await.unwrap();
    client.exec("CREATE DATABASE ca_db").await.unwrap();

    // Another server's CA does not vouch for this one.
    let other = self_signed("ca-file-other");
    let e =
        Client::connect(&server.config(&format!("&useSSL=true&sslCaFile={}", other.cert_file.display()))).await.err().expect("not its CA");
    assert!(e.to_string().contains("not trusted"), "{e}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unusable_ssl_ca_file_is_0xa000_naming_it() {
    let cert = self_signed("ca-file-bad");
    let mut server = Tdlite::start_tls(&cert).await;
    let missing = cert.cert_file.with_file_name("missing.pem");
    for (file, what) in [(missing.clone(), "cannot be read"), (cert.key_file.clone(), "no usable CA certificate")] {
        let e = Client::connect(&server.config(&format!("&useSSL=true&sslCaFile={}", file.display()))).await.err().expect("unusable");
        assert_eq!(e.code(), codes::CONNECTOR_BAD_CONNECTION_PARAMETER, "{e}");
        assert!(e.to_string().contains("sslCaFile") && e.to_string().contains(what), "{e}");
    }
    server.stop().await;
}
