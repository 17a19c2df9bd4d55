package io.tdflink.testutils;

import io.tdflink.common.TDengineException;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connector's error codes as users see them: thrown when a job is built, or in a failed job's cause chain. */
public final class ErrorCodeChecks {
    private ErrorCodeChecks() {}

    /** The code of the {@link TDengineException} {@code build} throws (itself, not a wrapper). */
    public static int codeOf(Executable build) {
        return assertThrows(TDengineException.class, build).getErrorCode();
    }

    /**
     * Runs {@code source} into a discarding sink with no restarts and returns the code of the
     * {@link TDengineException} its failure holds; a job that does not fail within 60 s fails the test.
     */
    public static int jobFailureCode(Source<?, ?, ?> source, int parallelism) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
            env.setParallelism(parallelism);
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "bad").sinkTo(new DiscardingSink<>());
            Exception failure = assertThrows(Exception.class, env::execute);
            Optional<TDengineException> cause = ExceptionUtils.findThrowable(failure, TDengineException.class);
            assertTrue(
                    cause.isPresent(), () -> "no TDengineException in " + ExceptionUtils.stringifyException(failure));
            return cause.get().getErrorCode();
        });
    }
}
