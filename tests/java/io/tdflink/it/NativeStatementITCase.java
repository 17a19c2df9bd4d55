package io.tdflink.it;

import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeStatement;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Statements without rows (DDL, inserts) through the Rust client; a query is refused, server errors keep their codes. */
class NativeStatementITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @Test
    void statementsRunAndQueriesAreRefused() throws Exception {
        String url = TDLITE.jdbcUrl(null);
        assertEquals(0, NativeStatement.execute(url, Map.of(), "CREATE DATABASE ns_db"));
        assertEquals(0, NativeStatement.execute(url, Map.of(), "CREATE TABLE ns_db.t (ts TIMESTAMP, v INT)"));
        assertEquals(
                2, NativeStatement.execute(TDLITE.jdbcUrl("ns_db"), Map.of(), "INSERT INTO t VALUES (1, 10) (2, 20)"));
        assertEquals(Arrays.asList("30"), Sql.rows(url, "select sum(v) from ns_db.t"));

        TDengineException query = assertThrows(
                TDengineException.class, () -> NativeStatement.execute(url, Map.of(), "SELECT * FROM ns_db.t"));
        assertEquals(0x2313, query.getErrorCode());
        TDengineException exists = assertThrows(
                TDengineException.class, () -> NativeStatement.execute(url, Map.of(), "CREATE DATABASE ns_db"));
        assertEquals(0x0381, exists.getErrorCode(), "the server's code");
        NativeStatement.execute(url, Map.of(), "DROP DATABASE ns_db");
    }
}
