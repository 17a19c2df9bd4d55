package io.tdflink.testutils;

import org.apache.flink.api.common.functions.MapFunction;

import java.util.concurrent.TimeUnit;

/** Passes elements on unchanged, pausing every few per subtask, so a job lasts long enough for faults to land mid-job. */
public final class Paced<T> implements MapFunction<T, T> {
    private final long every;
    private final long pauseMs;
    private long seen;

    public Paced(long every, long pauseMs) {
        this.every = every;
        this.pauseMs = pauseMs;
    }

    @Override
    public T map(T element) throws InterruptedException {
        if (++seen % every == 0) {
            TimeUnit.MILLISECONDS.sleep(pauseMs);
        }
        return element;
    }
}
