//! A batch of typed columns: the form rows take between the client and its callers. A
//! writer binds one (each column becomes a stmt2 bind column, docs/protocol.md §9.4), a
//! query with parameters binds a one-row one, and the JNI layer reads and writes it in its
//! own byte layout. [`Batch`] borrows its values; [`OwnedBatch`] holds them.

use crate::types::DataType;

/// One column of a batch schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnSchema {
    pub name: String,
    pub ty: DataType,
    /// TIMESTAMP: precision code (0 ms, 1 µs, 2 ns). DECIMAL: number of digits. Else 0.
    pub precision: u8,
    /// DECIMAL: digits after the point. Else 0.
    pub scale: u8,
    /// Declared width in bytes (as DESCRIBE shows it); informational.
    pub bytes: u32,
}

impl ColumnSchema {
    pub fn new(name: impl Into<String>, ty: DataType) -> Self {
        let bytes = ty.fixed_size().unwrap_or(0) as u32;
        ColumnSchema { name: name.into(), ty, precision: 0, scale: 0, bytes }
    }

    pub fn with_precision(mut self, precision: u8) -> Self {
        self.precision = precision;
        self
    }

    pub fn with_scale(mut self, scale: u8) -> Self {
        self.scale = scale;
        self
    }

    pub fn with_bytes(mut self, bytes: u32) -> Self {
        self.bytes = bytes;
        self
    }

    /// Width of one value in the batch, `None` if the column is variable-width. DECIMAL
    /// travels as a decimal string, so it is variable-width here although not on the wire.
    pub fn value_width(&self) -> Option<usize> {
        match self.ty {
            DataType::Decimal | DataType::Decimal64 => None,
            ty => ty.fixed_size(),
        }
    }
}

/// The values of one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnData<'a> {
    /// `rows × width` little-endian values; NULL rows hold zeros.
    Fixed { width: usize, values: &'a [u8] },
    /// `lengths` holds `rows` little-endian i32 (0 for NULL); `data` the non-null values back to back.
    Var { lengths: &'a [u8], data: &'a [u8] },
}

/// A read-only view of one column.
#[derive(Clone, Debug)]
pub struct ColumnView<'a> {
    pub schema: ColumnSchema,
    /// One byte per row, 1 = NULL.
    pub nulls: &'a [u8],
    pub data: ColumnData<'a>,
}

impl<'a> ColumnView<'a> {
    pub fn is_null(&self, row: usize) -> bool {
        self.nulls[row] != 0
    }

    /// Fixed-width value bytes of `row`. Panics on a variable-width column.
    pub fn fixed(&self, row: usize) -> &'a [u8] {
        match self.data {
            ColumnData::Fixed { width, values } => &values[row * width..(row + 1) * width],
            ColumnData::Var { .. } => panic!("column {} is variable-width", self.schema.name),
        }
    }

    /// Iterates the variable-width values, `None` for NULL rows. Panics on a fixed-width column.
    pub fn var_values(&self) -> impl Iterator<Item = Option<&'a [u8]>> + '_ {
        let (lengths, data) = match self.data {
            ColumnData::Var { lengths, data } => (lengths, data),
            ColumnData::Fixed { .. } => panic!("column {} is fixed-width", self.schema.name),
        };
        let mut offset = 0usize;
        lengths.chunks_exact(4).zip(self.nulls).map(move |(len, &null)| {
            if null != 0 {
                return None;
            }
            let len = i32::from_le_bytes(len.try_into().unwrap()) as usize;
            let value = &data[offset..offset + len];
            offset += len;
            Some(value)
        })
    }
}

/// A batch: views of its columns, which all hold `rows` rows.
#[derive(Clone, Debug)]
pub struct Batch<'a> {
    pub rows: usize,
    pub columns: Vec<ColumnView<'a>>,
}

/// The values of one owned column.
#[derive(Clone, Debug, PartialEq, Eq)]
enum OwnedData {
    Fixed {
        width: usize,
        values: Vec<u8>,
    },
    /// Lengths as little-endian i32, as a [`ColumnData::Var`] holds them.
    Var {
        lengths: Vec<u8>,
        data: Vec<u8>,
    },
}

/// A batch that owns its values, built column by column; [`OwnedBatch::view`] lends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedBatch {
    rows: usize,
    columns: Vec<(ColumnSchema, Vec<u8>, OwnedData)>,
}

impl OwnedBatch {
    pub fn new(rows: usize) -> OwnedBatch {
        OwnedBatch { rows, columns: Vec::new() }
    }

    /// Adds a fixed-width column: one null flag and one value slot (zeros for NULL) per row.
    /// Panics when the sizes do not match the rows or `schema` is variable-width.
    pub fn fixed(mut self, schema: ColumnSchema, nulls: &[u8], values: &[u8]) -> OwnedBatch {
        let width = schema.value_width().unwrap_or_else(|| panic!("column {} is variable-width", schema.name));
        assert!(nulls.len() == self.rows && values.len() == self.rows * width, "column {}: sizes for {} rows", schema.name, self.rows);
        self.columns.push((schema, nulls.to_vec(), OwnedData::Fixed { width, values: values.to_vec() }));
        self
    }

    /// Adds a variable-width column: per row a null flag and a byte length (0 for NULL), then
    /// the values back to back.
    pub fn var(mut self, schema: ColumnSchema, nulls: &[u8], lengths: &[i32], data: &[u8]) -> OwnedBatch {
        assert!(schema.value_width().is_none(), "column {} is fixed-width", schema.name);
        assert!(nulls.len() == self.rows && lengths.len() == self.rows, "column {}: sizes for {} rows", schema.name, self.rows);
        assert_eq!(lengths.iter().map(|l| *l as usize).sum::<usize>(), data.len(), "column {}: lengths and data", schema.name);
        let lengths = lengths.iter().flat_map(|l| l.to_le_bytes()).collect();
        self.columns.push((schema, nulls.to_vec(), OwnedData::Var { lengths, data: data.to_vec() }));
        self
    }

    pub fn view(&self) -> Batch<'_> {
        let columns = self
            .columns
            .iter()
            .map(|(schema, nulls, data)| ColumnView {
                schema: schema.clone(),
                nulls,
                data: match data {
                    OwnedData::Fixed { width, values } => ColumnData::Fixed { width: *width, values },
                    OwnedData::Var { lengths, data } => ColumnData::Var { lengths, data },
                },
            })
            .collect();
        Batch { rows: self.rows, columns }
    }
}
