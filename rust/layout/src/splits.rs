//! A SQL table's scan splits as they cross to Java and back (docs/jni-conventions.md, "Scan
//! splits"): each split's SQL and its parameters as a one-row batch.

use crate::{batch, LayoutError};
use tdflink_client::Params;

/// Splits given as (SQL, parameters): `u32` count, then per split `u32` SQL length, the SQL
/// (UTF-8), `u32` parameter batch length (0: no parameters), the batch; little-endian.
pub fn encode_splits<'a>(splits: impl ExactSizeIterator<Item = (&'a str, &'a Params)>) -> Result<Vec<u8>, LayoutError> {
    let length = |n: usize| u32::try_from(n).map(u32::to_le_bytes).map_err(|_| LayoutError::invalid("a split exceeds 4 GiB"));
    let mut out = Vec::with_capacity(4 + splits.len() * 64);
    out.extend_from_slice(&length(splits.len())?);
    for (sql, params) in splits {
        out.extend_from_slice(&length(sql.len())?);
        out.extend_from_slice(sql.as_bytes());
        let params = encode_params(params);
        out.extend_from_slice(&length(params.len())?);
        out.extend_from_slice(&params);
    }
    Ok(out)
}

/// The parameters as a one-row batch; no bytes when there are none, as Java sends them.
pub fn encode_params(params: &Params) -> Vec<u8> {
    match params.is_empty() {
        true => Vec::new(),
        false => batch::encode(&params.to_batch().view()),
    }
}

/// The parameters of a one-row batch from Java; no bytes: none.
pub fn decode_params(bytes: &[u8]) -> Result<Params, LayoutError> {
    if bytes.is_empty() {
        return Ok(Params::default());
    }
    Params::from_batch(&batch::decode(bytes)?).map_err(|e| LayoutError::invalid(e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_cross_and_come_back() {
        let params = Params::default().varchar("d1001").timestamp(-5, tdflink_protocol::types::Precision::Microsecond);
        assert_eq!(decode_params(&encode_params(&params)).unwrap(), params);
        assert!(encode_params(&Params::default()).is_empty());
        assert_eq!(decode_params(&[]).unwrap(), Params::default());
        assert_eq!(decode_params(b"nonsense").unwrap_err().code, tdflink_protocol::codes::DRIVER_INVALID_VARIABLE);
    }

    #[test]
    fn splits_are_counted_and_sized() {
        let splits = [("a", Params::default()), ("bc", Params::default().varchar("x"))];
        let bytes = encode_splits(splits.iter().map(|(sql, params)| (*sql, params))).unwrap();
        assert_eq!(&bytes[..4], &2u32.to_le_bytes());
        assert_eq!(&bytes[4..13], b"\x01\x00\x00\x00a\x00\x00\x00\x00");
        let params_len = u32::from_le_bytes(bytes[19..23].try_into().unwrap()) as usize;
        assert_eq!(decode_params(&bytes[23..23 + params_len]).unwrap(), splits[1].1);
        assert_eq!(bytes.len(), 23 + params_len);
    }
}
