//! The stream adapter: raw socket bytes on one side, the bytes tungstenite expects on the other.

use crate::codec::{compress, decompress};
use crate::frame::{apply_mask, Header, OP_BINARY, OP_CONTINUATION, OP_TEXT};
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Messages shorter than this are sent uncompressed (allowed per message; saves CPU on the
/// many tiny JSON replies).
const MIN_COMPRESSED_LEN: usize = 64;
/// Largest message this layer inflates.
const MAX_MESSAGE_LEN: usize = 1 << 30;
/// Encoded bytes buffered before `poll_write` pushes back.
const WRITE_HIGH_WATER: usize = 4 << 20;
const END_OF_HEADERS: &[u8] = b"\r\n\r\n";

/// Which end of the connection this stream is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Reads masked client frames, writes unmasked frames. Deflate is switched on by the
    /// handshake code (see [`DeflateStream::switch`]) when it accepts the client's offer.
    Server,
    /// Writes masked frames; deflate turns on by itself when the server's 101 response
    /// accepts the offer.
    Client,
}

/// A byte stream that adds permessage-deflate under a WebSocket implementation.
pub struct DeflateStream<S> {
    inner: S,
    role: Role,
    enabled: Arc<AtomicBool>,
    /// Bytes read from the socket, not yet turned into `ready`.
    raw: Vec<u8>,
    /// Bytes for the WebSocket layer to read, from `ready_pos` on.
    ready: Vec<u8>,
    ready_pos: usize,
    /// The HTTP upgrade has fully passed in this direction.
    read_upgraded: bool,
    write_upgraded: bool,
    /// A compressed message being reassembled from fragments: opcode and payload so far.
    message: Option<(u8, Vec<u8>)>,
    /// Bytes the WebSocket layer wrote, not yet encoded into `out`.
    pending: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl<S> DeflateStream<S> {
    pub fn new(inner: S, role: Role) -> Self {
        DeflateStream {
            inner,
            role,
            enabled: Arc::new(AtomicBool::new(false)),
            raw: Vec::new(),
            ready: Vec::new(),
            ready_pos: 0,
            read_upgraded: false,
            write_upgraded: false,
            message: None,
            pending: Vec::new(),
            out: Vec::new(),
            out_pos: 0,
            eof: false,
        }
    }

    /// Server side: a handle the handshake callback sets when it accepts the offer, before
    /// the 101 response is written.
    pub fn switch(&self) -> Arc<AtomicBool> {
        self.enabled.clone()
    }

    /// Whether the extension is in use on this connection.
    pub fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Acquire)
    }

    /// Moves what can be moved from `raw` to `ready`.
    fn process_read(&mut self) -> io::Result<()> {
        if !self.read_upgraded {
            match self.role {
                // The request was parsed before the callback could switch deflate on, so
                // everything still to come on a server is frames.
                Role::Server => self.read_upgraded = self.is_enabled(),
                Role::Client => {
                    let Some(end) = find(&self.raw, END_OF_HEADERS) else {
                        self.ready.append(&mut self.raw);
                        return Ok(());
                    };
                    let headers_end = end + END_OF_HEADERS.len();
                    if accepts_deflate(&self.raw[..headers_end]) {
                        self.enabled.store(true, Ordering::Release);
                    }
                    self.ready.extend(self.raw.drain(..headers_end));
                    self.read_upgraded = true;
                }
            }
        }
        if !(self.read_upgraded && self.is_enabled()) {
            self.ready.append(&mut self.raw);
            return Ok(());
        }
        let mut consumed = 0;
        while let Some((header, header_len)) = Header::parse(&self.raw[consumed..]) {
            let frame_len = header_len + header.len;
            if self.raw.len() - consumed < frame_len {
                break;
            }
            let frame = &self.raw[consumed..consumed + frame_len];
            let data = !header.is_control();
            if data && (header.rsv1 || (header.opcode == OP_CONTINUATION && self.message.is_some())) {
                let mut payload = frame[header_len..].to_vec();
                if let Some(key) = header.mask {
                    apply_mask(&mut payload, key);
                }
                let (opcode, assembled) = self.message.get_or_insert_with(|| (header.opcode, Vec::new()));
                assembled.extend_from_slice(&payload);
                if header.fin {
                    let opcode = *opcode;
                    let (_, compressed) = self.message.take().expect("present");
                    let inflated = decompress(&compressed, MAX_MESSAGE_LEN)?;
                    // tungstenite requires client frames to be masked; a zero key leaves the
                    // payload as is.
                    let mask = (self.role == Role::Server).then_some([0; 4]);
                    Header { fin: true, rsv1: false, opcode, mask, len: inflated.len() }.write(&mut self.ready);
                    self.ready.extend_from_slice(&inflated);
                }
            } else {
                self.ready.extend_from_slice(frame);
            }
            consumed += frame_len;
        }
        self.raw.drain(..consumed);
        Ok(())
    }

    /// Moves complete frames (or upgrade bytes) from `pending` to `out`.
    fn process_write(&mut self) {
        if !self.write_upgraded {
            match self.role {
                Role::Client => self.write_upgraded = self.is_enabled(),
                // The 101 response is written after the switch is set: pass it through first.
                Role::Server if self.is_enabled() => {
                    if let Some(end) = find(&self.pending, END_OF_HEADERS) {
                        self.out.extend(self.pending.drain(..end + END_OF_HEADERS.len()));
                        self.write_upgraded = true;
                    }
                }
                Role::Server => {}
            }
        }
        if !(self.write_upgraded && self.is_enabled()) {
            self.out.append(&mut self.pending);
            return;
        }
        let mut consumed = 0;
        while let Some((header, header_len)) = Header::parse(&self.pending[consumed..]) {
            let frame_len = header_len + header.len;
            if self.pending.len() - consumed < frame_len {
                break;
            }
            let frame = &self.pending[consumed..consumed + frame_len];
            let whole_data_message = header.fin && (header.opcode == OP_TEXT || header.opcode == OP_BINARY);
            if whole_data_message && !header.rsv1 && header.len >= MIN_COMPRESSED_LEN {
                let mut payload = frame[header_len..].to_vec();
                if let Some(key) = header.mask {
                    apply_mask(&mut payload, key);
                }
                let mut compressed = compress(&payload);
                if let Some(key) = header.mask {
                    apply_mask(&mut compressed, key);
                }
                Header { rsv1: true, len: compressed.len(), ..header }.write(&mut self.out);
                self.out.extend_from_slice(&compressed);
            } else {
                self.out.extend_from_slice(frame);
            }
            consumed += frame_len;
        }
        self.pending.drain(..consumed);
    }
}

impl<S: AsyncWrite + Unpin> DeflateStream<S> {
    /// Writes buffered output to the socket until it is empty or the socket is not ready.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.out_pos < self.out.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.out[self.out_pos..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.out_pos += n;
        }
        self.out.clear();
        self.out_pos = 0;
        Poll::Ready(Ok(()))
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether an HTTP 101 response's headers accept permessage-deflate.
fn accepts_deflate(headers: &[u8]) -> bool {
    String::from_utf8_lossy(headers).lines().any(|line| {
        line.split_once(':')
            .is_some_and(|(name, value)| name.trim().eq_ignore_ascii_case("sec-websocket-extensions") && crate::mentions_deflate(value))
    })
}

impl<S: AsyncRead + Unpin> AsyncRead for DeflateStream<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.ready_pos < this.ready.len() {
                let n = buf.remaining().min(this.ready.len() - this.ready_pos);
                buf.put_slice(&this.ready[this.ready_pos..this.ready_pos + n]);
                this.ready_pos += n;
                if this.ready_pos == this.ready.len() {
                    this.ready.clear();
                    this.ready_pos = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.eof {
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; 16 * 1024];
            let mut chunk_buf = ReadBuf::new(&mut chunk);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut chunk_buf))?;
            if chunk_buf.filled().is_empty() {
                this.eof = true;
            }
            this.raw.extend_from_slice(chunk_buf.filled());
            this.process_read()?;
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for DeflateStream<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.out.len() - this.out_pos >= WRITE_HIGH_WATER {
            ready!(this.poll_drain(cx))?;
        }
        this.pending.extend_from_slice(buf);
        this.process_write();
        // Best effort now; whatever is left goes out on the next write or flush.
        if let Poll::Ready(Err(e)) = this.poll_drain(cx) {
            return Poll::Ready(Err(e));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.process_write();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.process_write();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}
