package io.tdflink.bench;

import io.tdflink.testutils.Sql;

/** Runs SQL statements for a benchmark script (set-up the loader does not do). Arguments: JDBC_URL SQL... */
public final class RunSql {
    private RunSql() {}

    public static void main(String[] args) throws Exception {
        Sql.execute(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
    }
}
