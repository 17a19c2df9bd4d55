package io.tdflink.demo;

import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.java.tuple.Tuple4;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's demo keeps working: its report is checked against the data it generates. */
class DemoITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @Test
    void reportMatchesTheGeneratedReadings() throws Exception {
        List<Tuple4<String, Long, Double, Integer>> stats = SmartMeterDemo.run(TDLITE.jdbcUrl(null));
        assertEquals(SmartMeterDemo.LOCATIONS.length, stats.size());
        for (Tuple4<String, Long, Double, Integer> t : stats) {
            int location = List.of(SmartMeterDemo.LOCATIONS).indexOf(t.f0);
            long readings = 0;
            double current = 0;
            int maxVoltage = 0;
            for (int i = location; i < SmartMeterDemo.SUBTABLES; i += 10) {
                for (int k = 0; k < SmartMeterDemo.READINGS_PER_SUBTABLE; k++) {
                    readings++;
                    current += (float) SmartMeterDemo.current(i, k);
                    maxVoltage = Math.max(maxVoltage, SmartMeterDemo.voltage(i, k));
                }
            }
            assertEquals(readings, t.f1, t.f0);
            assertEquals(current / readings, t.f2, 1e-9, t.f0);
            assertEquals(maxVoltage, t.f3, t.f0);
        }
    }
}
