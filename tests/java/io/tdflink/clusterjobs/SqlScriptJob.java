package io.tdflink.clusterjobs;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a SQL script through {@code flink run}, as the SQL client would: statements split on
 * {@code ;} at line ends, each executed in order ({@code SET 'key' = 'value'} sets the
 * configuration); a statement that starts a job (INSERT) is
 * awaited unless {@code detach=true}, so a bounded script ends when its data is written.
 * Arguments: {@code script=PATH [streaming=true|false] [detach=true|false]}.
 */
public final class SqlScriptJob {
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

    private SqlScriptJob() {}

    public static void main(String[] args) throws Exception {
        JobArgs a = new JobArgs(args);
        boolean streaming = Boolean.parseBoolean(a.get("streaming", "true"));
        boolean detach = Boolean.parseBoolean(a.get("detach", "false"));
        TableEnvironment tables = TableEnvironment.create(
                streaming ? EnvironmentSettings.inStreamingMode() : EnvironmentSettings.inBatchMode());
        String script = new String(Files.readAllBytes(Paths.get(a.get("script"))), StandardCharsets.UTF_8);
        for (String statement : script.split(";\\s*(\\n|$)")) {
            String sql = statement.replaceAll("(?m)^\\s*--.*$", "").trim();
            if (sql.isEmpty()) {
                continue;
            }
            Matcher set = SET.matcher(sql);
            if (set.matches()) {
                tables.getConfig().set(set.group(1), set.group(2)); // as the SQL client does; executeSql takes no SET
                continue;
            }
            TableResult result = tables.executeSql(sql);
            if (result.getJobClient().isPresent()) {
                System.out.println("job " + result.getJobClient().get().getJobID() + " started by: "
                        + sql.split("\\s+", 4)[0] + " ...");
                if (!detach) {
                    result.await();
                }
            }
        }
    }
}
