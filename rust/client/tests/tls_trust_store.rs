//! `useSSL=true` with validation on, the self-signed certificate trusted through the system
//! trust store mechanism (SSL_CERT_FILE). A test binary of its own with one test: setting the
//! variable is only safe while no other thread reads the environment.

mod support;

use support::{self_signed, Tdlite};
use tdflink_client::Client;

#[test]
fn a_certificate_trusted_through_ssl_cert_file_is_accepted() {
    let cert = self_signed("trusted");
    // Before any thread (the runtime's) exists; the client reads it at its first TLS connect.
    std::env::set_var("SSL_CERT_FILE", &cert.cert_file);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let mut server = Tdlite::start_tls(&cert).await;
        let client = Client::connect(&server.config("&useSSL=true")).await.unwrap();
        client.exec("CREATE DATABASE trusted").await.unwrap();
        server.stop().await;
    });
}
