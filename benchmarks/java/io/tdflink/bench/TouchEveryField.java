package io.tdflink.bench;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.table.data.RowData;

/** Reads every field (as a consumer of the rows would) and counts rows in the accumulator {@code rows}. */
final class TouchEveryField extends RichMapFunction<RowData, Integer> {
    private final LongCounter rows = new LongCounter();

    @Override
    public void open(OpenContext context) {
        getRuntimeContext().addAccumulator("rows", rows);
    }

    @Override
    public Integer map(RowData row) {
        Measurement.record();
        rows.add(1);
        int nonNull = 0;
        for (int i = 0; i < row.getArity(); i++) {
            nonNull += row.isNullAt(i) ? 0 : 1;
        }
        return nonNull;
    }
}
