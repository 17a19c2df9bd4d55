//! A tungstenite client and server, each over a `DeflateStream`, agree on permessage-deflate,
//! exchange messages of every kind and size, and really send compressed bytes.

use futures_util::{SinkExt, StreamExt};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tdflink_ws_deflate::{mentions_deflate, DeflateStream, Role, CLIENT_OFFER, SERVER_ACCEPT};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

/// Counts bytes written to the socket.
struct Counting<S>(S, Arc<AtomicUsize>);

impl<S: AsyncRead + Unpin> AsyncRead for Counting<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Counting<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.0).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &r {
            self.1.fetch_add(*n, Ordering::Relaxed);
        }
        r
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// An echo server that accepts deflate when `accept` and the client offers it.
#[allow(clippy::result_large_err)] // the handshake callback's error is tungstenite's HTTP response
async fn echo_server(accept: bool) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let stream = DeflateStream::new(tcp, Role::Server);
        let switch = stream.switch();
        let callback = move |request: &Request, mut response: Response| {
            let offered = request.headers().get("sec-websocket-extensions").and_then(|v| v.to_str().ok()).is_some_and(mentions_deflate);
            if accept && offered {
                response.headers_mut().insert("sec-websocket-extensions", HeaderValue::from_static(SERVER_ACCEPT));
                switch.store(true, Ordering::Release);
            }
            Ok(response)
        };
        let mut ws = tokio_tungstenite::accept_hdr_async(stream, callback).await.unwrap();
        while let Some(Ok(message)) = ws.next().await {
            if message.is_text() || message.is_binary() {
                ws.send(message).await.unwrap();
            }
        }
    });
    addr
}

async fn client(
    addr: std::net::SocketAddr,
    written: Arc<AtomicUsize>,
) -> (tokio_tungstenite::WebSocketStream<DeflateStream<Counting<TcpStream>>>, bool) {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut request = format!("ws://{addr}/ws").into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-extensions", HeaderValue::from_static(CLIENT_OFFER));
    let (ws, _) = tokio_tungstenite::client_async(request, DeflateStream::new(Counting(tcp, written), Role::Client)).await.unwrap();
    let enabled = ws.get_ref().is_enabled();
    (ws, enabled)
}

fn compressible(len: usize) -> String {
    "{\"ts\":1700000000000,\"current\":10.5,\"voltage\":219}".chars().cycle().take(len).collect()
}

#[tokio::test]
async fn messages_of_every_size_round_trip_compressed() {
    let addr = echo_server(true).await;
    let written = Arc::new(AtomicUsize::new(0));
    let (mut ws, enabled) = client(addr, written.clone()).await;
    assert!(enabled);
    let before = written.load(Ordering::Relaxed);
    for message in [
        Message::text(""),
        Message::text("{\"action\":\"version\"}"),
        Message::text(compressible(1 << 20)),
        Message::binary((0..200_000u32).flat_map(|i| (i % 7).to_le_bytes()).collect::<Vec<u8>>()),
    ] {
        ws.send(message.clone()).await.unwrap();
        assert_eq!(ws.next().await.unwrap().unwrap(), message);
    }
    let sent = written.load(Ordering::Relaxed) - before;
    assert!(sent < 100_000, "{sent} bytes on the wire for ~1.8 MB of messages");
    ws.close(None).await.unwrap();
}

#[tokio::test]
async fn a_server_that_declines_gets_plain_frames() {
    let addr = echo_server(false).await;
    let written = Arc::new(AtomicUsize::new(0));
    let (mut ws, enabled) = client(addr, written.clone()).await;
    assert!(!enabled);
    let message = Message::text(compressible(100_000));
    ws.send(message.clone()).await.unwrap();
    assert_eq!(ws.next().await.unwrap().unwrap(), message);
    assert!(written.load(Ordering::Relaxed) > 100_000);
}
