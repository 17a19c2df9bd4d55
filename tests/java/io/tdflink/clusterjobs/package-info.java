/**
 * Jobs submitted with {@code flink run} to real session clusters (tests/flink/test_clusters.py,
 * the README demo): small mains that use only the connector and Flink, so they run from a job
 * jar with the connector shaded in as well as with the connector in Flink's {@code lib/}.
 * Arguments are {@code key=value} words ({@link JobArgs}).
 */
package io.tdflink.clusterjobs;
