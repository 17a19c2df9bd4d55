//! permessage-deflate for WebSocket connections made with tokio-tungstenite, which does not
//! implement the extension itself.
//!
//! [`DeflateStream`] sits between the socket and tungstenite. It lets the HTTP upgrade pass
//! untouched; once the extension is agreed it inflates compressed messages the peer sends
//! (RSV1 set) into plain frames for tungstenite, and compresses the data frames tungstenite
//! writes. Only the "no context takeover" mode is offered and accepted (as taosAdapter does),
//! so every message is compressed on its own and no window state outlives a message.

mod codec;
mod frame;
mod stream;

pub use stream::{DeflateStream, Role};

/// What a client offers in `Sec-WebSocket-Extensions`.
pub const CLIENT_OFFER: &str = "permessage-deflate; client_no_context_takeover; server_no_context_takeover";
/// What a server answers when it accepts the offer (gorilla/taosAdapter's wording).
pub const SERVER_ACCEPT: &str = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

/// Whether a `Sec-WebSocket-Extensions` header value offers or accepts permessage-deflate.
pub fn mentions_deflate(header_value: &str) -> bool {
    header_value.split(',').any(|ext| ext.split(';').next().is_some_and(|name| name.trim().eq_ignore_ascii_case("permessage-deflate")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn recognises_the_extension_among_others() {
        assert!(super::mentions_deflate("foo, permessage-deflate; client_max_window_bits"));
        assert!(super::mentions_deflate(super::CLIENT_OFFER));
        assert!(!super::mentions_deflate("x-webkit-deflate-frame"));
    }
}
