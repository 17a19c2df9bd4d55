package io.tdflink.it.faults;

import io.tdflink.testutils.SequenceRows;
import io.tdflink.testutils.SequenceTableCheck;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The check the sink fault tests rely on catches a lost row and a row with another row's value or table. */
class SequenceTableCheckITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @Test
    void countsLostAndWrongRows() throws Exception {
        SequenceRows.createSupertable(TDLITE.jdbcUrl(null), "chk");
        long t0 = SequenceRows.T0;
        // Keys 0..5 of two tables: key 2 missing, key 3 with key 1's value, key 5 in the wrong table.
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "INSERT INTO chk.t0 USING chk.m TAGS (0) VALUES (" + t0 + ", 0) (" + (t0 + 4) + ", 4) (" + (t0 + 5)
                        + ", 5)",
                "INSERT INTO chk.t1 USING chk.m TAGS (1) VALUES (" + (t0 + 1) + ", 1) (" + (t0 + 3) + ", 1)");

        SequenceTableCheck check = SequenceTableCheck.of(TDLITE.jdbcUrl(null), "chk", 6, 2);
        assertEquals(
                "rows=5 lost=3 duplicates_left=0 wrong=2",
                check.summary(),
                "key 2 lost; keys 3 and 5 wrong, so not delivered either");
    }
}
