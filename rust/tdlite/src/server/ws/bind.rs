//! stmt2 bind columns (wire bytes) to engine values. The column's own buffer type decides
//! the decoding; the engine then checks the values against the target column.

use crate::engine::{fixed_value, parse_decimal, BoundColumn, BoundTable, PreparedField, Value};
use tdflink_protocol::stmt2::{BindColumn, Stmt2Bind, Stmt2BindExec};
use tdflink_protocol::types::DataType;

/// The values of one bind column; `scale` is the target's DECIMAL scale.
pub fn column_values(column: &BindColumn<'_>, scale: u8) -> Result<Vec<Value>, String> {
    column.values().map(|v| v.map_or(Ok(Value::Null), |bytes| value(column.ty(), bytes, scale))).collect()
}

fn value(ty: DataType, b: &[u8], scale: u8) -> Result<Value, String> {
    use DataType::*;
    if let Some(width) = ty.fixed_size().filter(|_| !matches!(ty, Decimal | Decimal64 | Null)) {
        if b.len() != width {
            return Err(format!("{ty} value of {} bytes", b.len()));
        }
        return fixed_value(ty, b).ok_or_else(|| format!("{ty} is not a bind type"));
    }
    Ok(match ty {
        VarChar | NChar | Json => match std::str::from_utf8(b) {
            Ok(s) => Value::Text(s.to_owned()),
            Err(_) if ty == VarChar => Value::Bytes(b.to_vec()),
            Err(_) => return Err(format!("{ty} value is not UTF-8")),
        },
        Decimal | Decimal64 => {
            let text = std::str::from_utf8(b).map_err(|_| "DECIMAL value is not text".to_owned())?;
            let unscaled = parse_decimal(text, scale).ok_or_else(|| format!("invalid DECIMAL value '{text}'"))?;
            Value::Decimal { unscaled, scale }
        }
        Null => Value::Null,
        _ => Value::Bytes(b.to_vec()),
    })
}

/// The rows of one bind column for an insert: fixed-width numbers as they came, for the
/// engine to read as it checks them; other types decoded here.
fn bound_column(column: &BindColumn<'_>, scale: u8) -> Result<BoundColumn, String> {
    match BoundColumn::fixed(column.ty(), column.null_flags(), column.buffer()) {
        Some(fixed) => Ok(fixed),
        None => column_values(column, scale).map(BoundColumn::Values),
    }
}

/// Tables of a stmt2 bind (action 9), matched to the prepared fields by role and order.
pub fn bound_tables(bind: &Stmt2Bind<'_>, fields: &[PreparedField]) -> Result<Vec<BoundTable>, String> {
    let (tag_fields, column_fields) = split_fields(fields);
    bind.tables
        .iter()
        .map(|t| {
            Ok(BoundTable {
                name: t.name.map(str::to_owned),
                tags: zip_columns(&t.tags, &tag_fields, column_values)?.into_iter().map(|mut v| v.pop().unwrap_or(Value::Null)).collect(),
                columns: zip_columns(&t.columns, &column_fields, bound_column)?,
            })
        })
        .collect()
}

/// Tables of a stmt2 bind_exec (action 11): one column per prepared field, rows grouped into
/// tables by runs of equal table names.
pub fn bound_tables_exec(bind: &Stmt2BindExec<'_>, fields: &[PreparedField]) -> Result<Vec<BoundTable>, String> {
    if bind.fields.len() != fields.len() {
        return Err(format!("{} bind columns for {} fields", bind.fields.len(), fields.len()));
    }
    let mut names: Option<Vec<Value>> = None;
    let (mut tags, mut columns) = (vec![], vec![]);
    for (column, field) in bind.fields.iter().zip(fields) {
        let values = column_values(column, field.scale)?;
        match field.role {
            crate::engine::FieldRole::TableName => names = Some(values),
            crate::engine::FieldRole::Tag => tags.push(values),
            _ => columns.push(values),
        }
    }
    let rows = bind.row_count as usize;
    let name_at = |r: usize| match names.as_ref().map(|n| &n[r]) {
        Some(Value::Text(s)) => Some(s.clone()),
        _ => None,
    };
    let mut tables: Vec<BoundTable> = vec![];
    let mut start = 0;
    for r in 1..=rows {
        if r == rows || name_at(r) != name_at(start) {
            tables.push(BoundTable {
                name: name_at(start),
                tags: tags.iter().map(|t| t[start].clone()).collect(),
                columns: columns.iter().map(|c| c[start..r].to_vec().into()).collect(),
            });
            start = r;
        }
    }
    Ok(tables)
}

fn split_fields(fields: &[PreparedField]) -> (Vec<&PreparedField>, Vec<&PreparedField>) {
    use crate::engine::FieldRole;
    let tags = fields.iter().filter(|f| f.role == FieldRole::Tag).collect();
    let columns = fields.iter().filter(|f| matches!(f.role, FieldRole::Column | FieldRole::QueryParameter)).collect();
    (tags, columns)
}

fn zip_columns<T>(
    columns: &[BindColumn<'_>],
    fields: &[&PreparedField],
    decode: impl Fn(&BindColumn<'_>, u8) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    if columns.len() != fields.len() {
        return Err(format!("{} bind columns for {} placeholders", columns.len(), fields.len()));
    }
    columns.iter().zip(fields).map(|(c, f)| decode(c, f.scale)).collect()
}
