//! Why bytes could not be laid out or read, with the code the JNI layer throws it with.

use std::fmt;
use tdflink_protocol::bytes_io::WireError;
use tdflink_protocol::codes;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutError {
    pub code: i32,
    pub message: String,
}

impl LayoutError {
    /// Bytes from Java that are not a valid batch, or a value too large for its length
    /// field: 0x2303, as docs/native-batch-layout.md says.
    pub fn invalid(message: impl Into<String>) -> LayoutError {
        LayoutError { code: codes::DRIVER_INVALID_VARIABLE, message: message.into() }
    }

    /// A raw block from the server that does not convert.
    pub fn server_data(error: WireError) -> LayoutError {
        LayoutError { code: codes::DRIVER_UNKNOWN, message: error.to_string() }
    }
}

impl From<WireError> for LayoutError {
    fn from(e: WireError) -> Self {
        LayoutError::invalid(e.detail())
    }
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LayoutError {}
