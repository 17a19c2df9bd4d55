//! Property tests of the stmt2 payloads (docs/fuzzing.md): binds of every type encode, and
//! the decoder tdlite serves them with (`Stmt2Bind::decode`, `Stmt2BindExec::decode`) reads
//! back what was encoded; damaged payloads fail without panicking or allocating more than
//! their size warrants.

use proptest::collection::vec;
use proptest::prelude::*;
use tdflink_fuzz_support::alloc::{allocation_bound, largest_allocation, PeakAlloc};
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::encode::BindParts;
use tdflink_fuzz_support::model::{shaped_table, Table};
use tdflink_fuzz_support::mutate::{apply, damage};
use tdflink_protocol::stmt2::{BindColumn, Stmt2Bind, Stmt2BindExec, Stmt2Table, BIND_EXEC_HEADER_LEN, BIND_HEADER_LEN};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// One table's share of a bind: its name, its tags (one row) and its columns.
type TableParts = (Option<String>, Vec<BindParts>, Vec<BindParts>);

fn parts(table: &Table) -> Vec<BindParts> {
    table.columns.iter().map(BindParts::of).collect()
}

/// One to four tables with the same numbers of tags and columns, all named or none.
fn bind_parts() -> impl Strategy<Value = Vec<TableParts>> {
    (1usize..=4, 0usize..=3, 0usize..=5, any::<bool>())
        .prop_filter("something to bind", |(_, tags, columns, named)| *named || tags + columns > 0)
        .prop_flat_map(|(tables, tags, columns, named)| {
            let name =
                if named { vec(any::<char>(), 0..10).prop_map(|c| Some(c.into_iter().collect())).boxed() } else { Just(None).boxed() };
            let table = (name, shaped_table(tags..=tags, 1..=1), shaped_table(columns..=columns, 1..=6))
                .prop_map(|(name, tags, columns)| (name, parts(&tags), parts(&columns)));
            vec(table, tables)
        })
}

fn bind(parts: &[TableParts]) -> Stmt2Bind<'_> {
    Stmt2Bind { tables: parts.iter().map(bind_table).collect() }
}

fn bind_table((name, tags, cols): &TableParts) -> Stmt2Table<'_> {
    Stmt2Table { name: name.as_deref(), tags: columns(tags), columns: columns(cols) }
}

fn columns(parts: &[BindParts]) -> Vec<BindColumn<'_>> {
    parts.iter().map(BindParts::column).collect()
}

/// Reads every value, as tdlite does with a bind it accepted.
fn read_all<'a>(columns: impl Iterator<Item = &'a BindColumn<'a>>) {
    columns.for_each(|c| c.values().for_each(drop));
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn binds_round_trip(parts in bind_parts()) {
        let bind = bind(&parts);
        let payload = bind.encode().unwrap();
        let back = Stmt2Bind::decode(&payload).unwrap();
        prop_assert_eq!(&back, &bind);
        for (table, (_, tags, columns)) in back.tables.iter().zip(&parts) {
            let read = |c: &BindColumn<'_>| BindParts {
                ty: c.ty(),
                nulls: c.null_flags().to_vec(),
                lengths: c.lengths().map(<[u8]>::to_vec),
                buffer: c.buffer().to_vec(),
            };
            prop_assert_eq!(&table.tags.iter().map(read).collect::<Vec<_>>(), tags);
            prop_assert_eq!(&table.columns.iter().map(read).collect::<Vec<_>>(), columns);
        }
    }

    #[test]
    fn bind_execs_round_trip(table in shaped_table(1..=8, 1..=10)) {
        let parts = parts(&table);
        let exec = Stmt2BindExec::new(columns(&parts), None).unwrap();
        let payload = exec.encode().unwrap();
        prop_assert_eq!(Stmt2BindExec::decode(&payload).unwrap(), exec);
    }

    #[test]
    fn damaged_binds_fail_cleanly(parts in bind_parts(), damage in damage(BIND_HEADER_LEN)) {
        let bad = apply(&bind(&parts).encode().unwrap(), &damage);
        let (_, largest) = largest_allocation(|| {
            if let Ok(bind) = Stmt2Bind::decode(&bad) {
                bind.tables.iter().for_each(|t| read_all(t.tags.iter().chain(&t.columns)));
            }
        });
        prop_assert!(largest <= allocation_bound(bad.len()), "{largest} bytes at once for a {}-byte payload", bad.len());
    }

    #[test]
    fn damaged_bind_execs_fail_cleanly(table in shaped_table(1..=6, 1..=8), damage in damage(BIND_EXEC_HEADER_LEN)) {
        let parts = parts(&table);
        let exec = Stmt2BindExec::new(columns(&parts), None).unwrap();
        let bad = apply(&exec.encode().unwrap(), &damage);
        let (_, largest) = largest_allocation(|| Stmt2BindExec::decode(&bad).map(|e| read_all(e.fields.iter())).ok());
        prop_assert!(largest <= allocation_bound(bad.len()), "{largest} bytes at once for a {}-byte payload", bad.len());
    }

    #[test]
    fn arbitrary_bytes_fail_cleanly(bytes in vec(any::<u8>(), 0..256)) {
        let (_, largest) = largest_allocation(|| (Stmt2Bind::decode(&bytes).is_ok(), Stmt2BindExec::decode(&bytes).is_ok()));
        prop_assert!(largest <= allocation_bound(bytes.len()));
    }
}
