//! The values a client binds for one column of an insert. Fixed-width numbers stay as they
//! came over the wire (little-endian, a NULL flag a row): a bind of many rows is then checked
//! cell by cell without first holding a 32-byte `Value` for every cell of it.

use super::value::Value;
use tdflink_protocol::types::DataType;

/// One value per row.
#[derive(Clone, Debug, PartialEq)]
pub enum BoundColumn {
    Values(Vec<Value>),
    Fixed(FixedColumn),
}

/// Rows of a fixed-width, non-DECIMAL type (see [`fixed_value`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FixedColumn {
    ty: DataType,
    width: usize,
    /// One byte a row, 1 = NULL.
    nulls: Vec<u8>,
    /// `width` bytes a row; empty when every row is NULL.
    data: Vec<u8>,
}

impl Default for BoundColumn {
    fn default() -> Self {
        BoundColumn::Values(Vec::new())
    }
}

impl From<Vec<Value>> for BoundColumn {
    fn from(values: Vec<Value>) -> Self {
        BoundColumn::Values(values)
    }
}

impl BoundColumn {
    /// Rows of type `ty` as stmt2 binds them; `None` unless `ty` is a type [`fixed_value`]
    /// reads and `data` holds `width` bytes for each row (or nothing when all are NULL).
    pub fn fixed(ty: DataType, nulls: &[u8], data: &[u8]) -> Option<BoundColumn> {
        let width = fixed_width(ty)?;
        let all_null = nulls.iter().all(|&n| n != 0);
        if data.len() != nulls.len() * width && !(data.is_empty() && all_null) {
            return None;
        }
        let data = if all_null { Vec::new() } else { data.to_vec() };
        Some(BoundColumn::Fixed(FixedColumn { ty, width, nulls: nulls.to_vec(), data }))
    }

    pub fn len(&self) -> usize {
        match self {
            BoundColumn::Values(values) => values.len(),
            BoundColumn::Fixed(fixed) => fixed.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `row`'s value.
    pub fn value(&self, row: usize) -> Value {
        match self {
            BoundColumn::Values(values) => values[row].clone(),
            BoundColumn::Fixed(fixed) => fixed.value(row),
        }
    }

    pub fn into_values(self) -> Vec<Value> {
        match self {
            BoundColumn::Values(values) => values,
            BoundColumn::Fixed(fixed) => (0..fixed.len()).map(|row| fixed.value(row)).collect(),
        }
    }

    /// The values of `rows`, in that order, moved out (each row is taken once).
    pub fn take(&mut self, rows: &[usize]) -> BoundColumn {
        match self {
            BoundColumn::Values(values) => {
                BoundColumn::Values(rows.iter().map(|&r| std::mem::replace(&mut values[r], Value::Null)).collect())
            }
            BoundColumn::Fixed(fixed) => BoundColumn::Fixed(FixedColumn {
                ty: fixed.ty,
                width: fixed.width,
                nulls: rows.iter().map(|&r| fixed.nulls[r]).collect(),
                data: if fixed.data.is_empty() { Vec::new() } else { rows.iter().flat_map(|&r| fixed.bytes(r)).copied().collect() },
            }),
        }
    }
}

impl FixedColumn {
    fn bytes(&self, row: usize) -> &[u8] {
        &self.data[row * self.width..(row + 1) * self.width]
    }

    pub fn len(&self) -> usize {
        self.nulls.len()
    }

    /// Row `row`'s value. Inlined: binds read it for every cell.
    #[inline(always)]
    pub fn value(&self, row: usize) -> Value {
        if self.nulls[row] != 0 {
            return Value::Null;
        }
        fixed_value(self.ty, self.bytes(row)).unwrap_or(Value::Null)
    }
}

/// The width of the types [`fixed_value`] reads: those it reads a zero of.
fn fixed_width(ty: DataType) -> Option<usize> {
    let width = ty.fixed_size()?;
    fixed_value(ty, &[0; 16][..width]).map(|_| width)
}

/// A little-endian value of a fixed-width, non-DECIMAL type (the same bytes in raw blocks and
/// stmt2 binds); `None` for other types, or if `b` does not hold exactly the type's width.
/// Inlined: binds read it for every cell.
#[inline(always)]
pub fn fixed_value(ty: DataType, b: &[u8]) -> Option<Value> {
    use DataType::*;
    macro_rules! read {
        ($t:ty) => {
            <$t>::from_le_bytes(b.try_into().ok()?)
        };
    }
    Some(match ty {
        Bool => Value::Bool(read!(u8) != 0),
        TinyInt => Value::Int(read!(i8).into()),
        SmallInt => Value::Int(read!(i16).into()),
        Int => Value::Int(read!(i32).into()),
        BigInt => Value::Int(read!(i64)),
        UTinyInt => Value::UInt(read!(u8).into()),
        USmallInt => Value::UInt(read!(u16).into()),
        UInt => Value::UInt(read!(u32).into()),
        UBigInt => Value::UInt(read!(u64)),
        Float => Value::Float(read!(f32).into()),
        Double => Value::Float(read!(f64)),
        Timestamp => Value::Timestamp(read!(i64)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_values_read_at_their_own_width() {
        assert_eq!(fixed_value(DataType::TinyInt, &[0xff]), Some(Value::Int(-1)));
        assert_eq!(fixed_value(DataType::USmallInt, &[0xff, 0xff]), Some(Value::UInt(65535)));
        assert_eq!(fixed_value(DataType::Int, &(-5i32).to_le_bytes()), Some(Value::Int(-5)));
        assert_eq!(fixed_value(DataType::Float, &1.5f32.to_le_bytes()), Some(Value::Float(1.5)));
        assert_eq!(fixed_value(DataType::Int, &[1, 2]), None, "a width other than the type's");
        assert_eq!(fixed_width(DataType::Decimal), None);
        assert_eq!(fixed_width(DataType::Null), None);
        assert_eq!(fixed_width(DataType::Timestamp), Some(8));
    }

    #[test]
    fn fixed_columns_keep_nulls_and_give_rows() {
        let data: Vec<u8> = [7i32, 0, 9].iter().flat_map(|v| v.to_le_bytes()).collect();
        let mut column = BoundColumn::fixed(DataType::Int, &[0, 1, 0], &data).unwrap();
        assert_eq!(column.len(), 3);
        assert_eq!(column.take(&[1, 2]).into_values(), vec![Value::Null, Value::Int(9)]);
        let all_null = BoundColumn::fixed(DataType::Int, &[1, 1], &[]).unwrap();
        assert_eq!(all_null.into_values(), vec![Value::Null, Value::Null]);
        assert_eq!(BoundColumn::fixed(DataType::Int, &[0], &[1, 2]), None, "a short buffer");
        assert_eq!(BoundColumn::fixed(DataType::VarChar, &[0], b"x"), None);
    }
}
