package io.tdflink.bench;

import io.tdflink.common.TDengineDataType;
import io.tdflink.common.types.DeclaredRowConverter;
import io.tdflink.common.types.TDengineTypeMapping;
import io.tdflink.common.types.TimestampTicks;
import io.tdflink.common.typeutils.GenericRowDataSerializer;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;
import io.tdflink.source.reader.BatchRowDataConverter;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.columnar.ColumnarRowData;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.FloatColumnVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;
import org.apache.flink.table.data.columnar.vector.VectorizedColumnBatch;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The cost per row of the RowData forms the sources could emit (docs/source.md, "How the rows
 * are built"), on meters rows (ts, current FLOAT, voltage INT, phase FLOAT, groupid INT,
 * location BINARY(24)) in native batches of 4000 rows. Per form and phase, in one thread:
 *
 * <ul>
 *   <li>decode: native batch → rows, on the fetcher thread;
 *   <li>copy: what Flink does to each row before a chained operator with object reuse off (the
 *       default): the row type's serializer copy;
 *   <li>read: a consumer reading every field with its typed getter.
 * </ul>
 *
 * <p>Prints ns and allocated bytes per row, the fastest of 20 measured rounds after 10 warm-up
 * rounds (the least disturbed by other processes). A timed harness, not a test: {@code java ... io.tdflink.bench.RowFormsBenchmark [ROWS [FORM]]},
 * FORM a number from 0 to run one form alone: in a JVM of its own, no form's JIT profile
 * (e.g. a megamorphic {@code RowData} call site) slows another.
 */
public final class RowFormsBenchmark {
    private static final int BATCH_ROWS = 4000;
    private static final int WARMUP_ROUNDS = 10;
    private static final int ROUNDS = 20;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final List<NativeColumn> METERS = List.of(
            new NativeColumn("ts", TDengineDataType.TIMESTAMP, 0, 0, 8),
            NativeColumn.of("current", TDengineDataType.FLOAT),
            NativeColumn.of("voltage", TDengineDataType.INT),
            NativeColumn.of("phase", TDengineDataType.FLOAT),
            NativeColumn.of("groupid", TDengineDataType.INT),
            new NativeColumn("location", TDengineDataType.VARCHAR, 0, 0, 24));
    private static final String[] LOCATIONS = {
        "California.SanFrancisco",
        "California.LosAngeles",
        "California.SanDiego",
        "California.SanJose",
        "California.PaloAlto",
        "California.Campbell",
        "California.MountainView",
        "California.Sunnyvale",
        "California.SantaClara",
        "California.Cupertino"
    };

    private RowFormsBenchmark() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<ByteBuffer> batches = meterBatches(rows);
        List<Form> forms = List.of(
                new Form("GenericRowData (before)", genericRows(), GenericRowDataSerializer.INSTANCE::copy),
                new Form("TDengineRowData views (chosen)", tdengineRows(), GenericRowDataSerializer.INSTANCE::copy),
                new Form("BinaryRowData", binaryRows(), row -> ((BinaryRowData) row).copy()),
                new Form("columnar view, copy shares it", columnarViews(), UnaryOperator.identity()),
                new Form("columnar view, copy materializes", columnarViews(), RowFormsBenchmark::materialize));
        System.out.printf(
                Locale.ROOT,
                "%d rows in batches of %d; fastest of %d rounds, ns and bytes allocated per row%n",
                rows,
                BATCH_ROWS,
                ROUNDS);
        System.out.printf(
                Locale.ROOT,
                "%-34s %8s %8s %8s %8s | %8s %8s %8s%n",
                "form",
                "decode",
                "copy",
                "read",
                "total",
                "B decode",
                "B copy",
                "B read");
        for (Form form : args.length > 1 ? List.of(forms.get(Integer.parseInt(args[1]))) : forms) {
            form.run(batches, rows);
        }
    }

    /** One way to turn a native batch into rows. */
    private interface Decoder {
        void decode(ByteBuffer batch, List<RowData> out);
    }

    private static final class Form {
        final String name;
        final Decoder decoder;
        final UnaryOperator<RowData> copy;

        Form(String name, Decoder decoder, UnaryOperator<RowData> copy) {
            this.name = name;
            this.decoder = decoder;
            this.copy = copy;
        }

        void run(List<ByteBuffer> batches, int rows) {
            long[][] samples = new long[6][ROUNDS];
            long checksum = 0;
            for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
                List<RowData> decoded = new ArrayList<>(rows);
                long t0 = System.nanoTime();
                long a0 = allocated();
                for (ByteBuffer batch : batches) {
                    decoder.decode(batch, decoded);
                }
                long t1 = System.nanoTime();
                long a1 = allocated();
                List<RowData> copies = new ArrayList<>(rows);
                for (RowData row : decoded) {
                    copies.add(copy.apply(row));
                }
                long t2 = System.nanoTime();
                long a2 = allocated();
                for (RowData row : copies) {
                    checksum += readEveryField(row);
                }
                long t3 = System.nanoTime();
                long a3 = allocated();
                if (round >= WARMUP_ROUNDS) {
                    long[] phases = {t1 - t0, t2 - t1, t3 - t2, a1 - a0, a2 - a1, a3 - a2};
                    for (int p = 0; p < phases.length; p++) {
                        samples[p][round - WARMUP_ROUNDS] = phases[p];
                    }
                }
            }
            double[] perRow = new double[6];
            for (int p = 0; p < perRow.length; p++) {
                Arrays.sort(samples[p]);
                perRow[p] = (double) samples[p][0] / rows;
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %8.1f %8.1f %8.1f %8.1f | %8.0f %8.0f %8.0f   (checksum %d)%n",
                    name,
                    perRow[0],
                    perRow[1],
                    perRow[2],
                    perRow[0] + perRow[1] + perRow[2],
                    perRow[3],
                    perRow[4],
                    perRow[5],
                    checksum);
        }
    }

    private static long readEveryField(RowData row) {
        TimestampData ts = row.getTimestamp(0, 3);
        return ts.getMillisecond()
                + ts.getNanoOfMillisecond()
                + Float.floatToIntBits(row.getFloat(1))
                + row.getInt(2)
                + Float.floatToIntBits(row.getFloat(3))
                + row.getInt(4)
                + row.getString(5).hashCode();
    }

    /** The connector before: rows built at once, boxed, as DeclaredRowConverter still builds them (GenericRowData). */
    private static Decoder genericRows() {
        List<String> names = new ArrayList<>();
        List<LogicalType> types = new ArrayList<>();
        for (NativeColumn column : METERS) {
            names.add(column.name());
            types.add(TDengineTypeMapping.defaultType(column));
        }
        DeclaredRowConverter converter = new DeclaredRowConverter(
                RowType.of(types.toArray(new LogicalType[0]), names.toArray(new String[0])), ZONE.getId(), 0);
        return (buffer, out) -> {
            NativeBatchReader batch = reader(buffer);
            for (int r = 0; r < batch.rowCount(); r++) {
                out.add(converter.convert(batch, r));
            }
        };
    }

    private static Decoder tdengineRows() {
        BatchRowDataConverter converter = new BatchRowDataConverter(ZONE);
        return (buffer, out) -> converter.convert(reader(buffer), out);
    }

    /** As the official connector builds rows, but straight from the batch: primitives unboxed, timestamps at precision 9. */
    private static Decoder binaryRows() {
        return (buffer, out) -> {
            NativeBatchReader batch = reader(buffer);
            for (int r = 0; r < batch.rowCount(); r++) {
                BinaryRowData row = new BinaryRowData(METERS.size());
                BinaryRowWriter writer = new BinaryRowWriter(row);
                for (int c = 0; c < METERS.size(); c++) {
                    if (batch.isNull(c, r)) {
                        writer.setNullAt(c);
                        continue;
                    }
                    switch (METERS.get(c).type()) {
                        case TIMESTAMP:
                            writer.writeTimestamp(c, wallClock(batch.getLong(c, r)), 9);
                            break;
                        case FLOAT:
                            writer.writeFloat(c, batch.getFloat(c, r));
                            break;
                        case INT:
                            writer.writeInt(c, batch.getInt(c, r));
                            break;
                        default:
                            writer.writeString(
                                    c,
                                    StringData.fromBytes(
                                            batch.varData(c), batch.varOffset(c, r), batch.varLength(c, r)));
                    }
                }
                writer.complete();
                out.add(row);
            }
        };
    }

    /**
     * A view per row over column vectors on the batch (Flink's ColumnarRowData, as its Parquet
     * and ORC readers). The native batch is valid only during the decode, so the view needs a
     * heap copy of it; values are converted when read.
     */
    private static Decoder columnarViews() {
        return (buffer, out) -> {
            ByteBuffer heap = ByteBuffer.allocate(buffer.remaining());
            heap.put(buffer.duplicate()).flip();
            NativeBatchReader batch = reader(heap);
            ColumnVector[] vectors = new ColumnVector[METERS.size()];
            for (int c = 0; c < vectors.length; c++) {
                vectors[c] = vector(batch, c);
            }
            VectorizedColumnBatch columns = new VectorizedColumnBatch(vectors);
            columns.setNumRows(batch.rowCount());
            for (int r = 0; r < batch.rowCount(); r++) {
                out.add(new ColumnarRowData(columns, r));
            }
        };
    }

    private static ColumnVector vector(NativeBatchReader batch, int c) {
        switch (METERS.get(c).type()) {
            case TIMESTAMP:
                return new TimestampVector(batch, c);
            case FLOAT:
                return new FloatVector(batch, c);
            case INT:
                return new IntVector(batch, c);
            default:
                return new BytesVector(batch, c);
        }
    }

    private abstract static class Vector implements ColumnVector {
        final NativeBatchReader batch;
        final int column;

        Vector(NativeBatchReader batch, int column) {
            this.batch = batch;
            this.column = column;
        }

        @Override
        public boolean isNullAt(int i) {
            return batch.isNull(column, i);
        }
    }

    private static final class TimestampVector extends Vector implements TimestampColumnVector {
        TimestampVector(NativeBatchReader batch, int column) {
            super(batch, column);
        }

        @Override
        public TimestampData getTimestamp(int i, int precision) {
            return wallClock(batch.getLong(column, i));
        }
    }

    private static final class FloatVector extends Vector implements FloatColumnVector {
        FloatVector(NativeBatchReader batch, int column) {
            super(batch, column);
        }

        @Override
        public float getFloat(int i) {
            return batch.getFloat(column, i);
        }
    }

    private static final class IntVector extends Vector implements IntColumnVector {
        IntVector(NativeBatchReader batch, int column) {
            super(batch, column);
        }

        @Override
        public int getInt(int i) {
            return batch.getInt(column, i);
        }
    }

    private static final class BytesVector extends Vector implements BytesColumnVector {
        BytesVector(NativeBatchReader batch, int column) {
            super(batch, column);
        }

        @Override
        public Bytes getBytes(int i) {
            return new Bytes(batch.varData(column), batch.varOffset(column, i), batch.varLength(column, i));
        }
    }

    /** A view made self-contained, as a serializer copy must when the view may not outlive its batch. */
    private static RowData materialize(RowData view) {
        GenericRowData row = new GenericRowData(METERS.size());
        for (int c = 0; c < METERS.size(); c++) {
            LogicalType type = TDengineTypeMapping.defaultType(METERS.get(c));
            row.setField(c, RowData.createFieldGetter(type, c).getFieldOrNull(view));
        }
        return row;
    }

    private static TimestampData wallClock(long millis) {
        return TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(TimestampTicks.toInstant(millis, 0), ZONE));
    }

    private static NativeBatchReader reader(ByteBuffer buffer) {
        return new NativeBatchReader(buffer, buffer.remaining());
    }

    private static List<ByteBuffer> meterBatches(int rows) {
        Random random = new Random(42);
        List<ByteBuffer> out = new ArrayList<>();
        NativeBatchWriter writer = new NativeBatchWriter(METERS);
        for (int k = 0; k < rows; k++) {
            writer.appendLong(0, 1_700_000_000_000L + k);
            writer.appendFloat(1, 10 + random.nextFloat() * 5);
            writer.appendInt(2, 200 + random.nextInt(40));
            writer.appendFloat(3, random.nextFloat());
            writer.appendInt(4, 1 + k % 10);
            writer.appendString(5, LOCATIONS[k % LOCATIONS.length]);
            if (writer.rowCount() == BATCH_ROWS || k == rows - 1) {
                ByteBuffer buffer = ByteBuffer.allocate(writer.encodedSize());
                buffer.limit(writer.encodeTo(buffer));
                out.add(buffer);
                writer.clear();
            }
        }
        return out;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
