//! A TCP proxy that ends connections at chosen points, to put a connection loss exactly where
//! a test wants it: every open connection at once ([`CuttingProxy::cut_all`]), or the n-th
//! connection when its client sends its k-th chunk (the client sends one chunk per request
//! and waits for the reply, so chunk k is the k-th request: 1 the upgrade, 2 `version`...).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct CuttingProxy {
    pub addr: SocketAddr,
    cut: watch::Sender<u64>,
}

impl CuttingProxy {
    /// Forwards to `upstream`; connection n (0 first) is cut at its client's chunk
    /// `cut_at[n]`, when there is one.
    pub async fn start(upstream: SocketAddr, cut_at: HashMap<usize, usize>) -> CuttingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (cut, cuts) = watch::channel(0);
        let cut_at = Arc::new(Mutex::new(cut_at));
        tokio::spawn(async move {
            for n in 0.. {
                let Ok((client, _)) = listener.accept().await else { return };
                let limit = cut_at.lock().unwrap().remove(&n);
                tokio::spawn(forward(client, upstream, limit, cuts.clone()));
            }
        });
        CuttingProxy { addr, cut }
    }

    /// Ends every connection open now.
    pub fn cut_all(&self) {
        self.cut.send_modify(|generation| *generation += 1);
    }
}

async fn forward(mut client: TcpStream, upstream: SocketAddr, limit: Option<usize>, mut cuts: watch::Receiver<u64>) {
    let Ok(mut server) = TcpStream::connect(upstream).await else { return };
    cuts.mark_unchanged();
    let (mut client_in, mut client_out) = client.split();
    let (mut server_in, mut server_out) = server.split();
    let up = async {
        let mut buffer = vec![0u8; 64 * 1024];
        for chunk in 1.. {
            let n = client_in.read(&mut buffer).await.unwrap_or(0);
            if n == 0 || limit == Some(chunk) {
                return;
            }
            if server_out.write_all(&buffer[..n]).await.is_err() {
                return;
            }
        }
    };
    let down = tokio::io::copy(&mut server_in, &mut client_out);
    tokio::select! {
        _ = up => {}
        _ = down => {}
        _ = cuts.changed() => {}
    }
}
