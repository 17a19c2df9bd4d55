package io.tdflink.common;

import io.tdflink.source.serializable.TDengineRecordDeserialization;
import io.tdflink.tmq.Deserializer;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both sources read their output form through {@link OutputForm}: one set of rules for both. */
class OutputFormTest {

    private static Map<String, String> properties(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void withoutADeserializerEachSourceNamesWhatItTakes() {
        for (Class<?> type : new Class<?>[] {TDengineRecordDeserialization.class, Deserializer.class}) {
            TDengineException e = assertThrows(
                    TDengineException.class,
                    () -> OutputForm.of(properties(TDengineConfigParams.VALUE_DESERIALIZER, "  "), type));
            assertEquals(ErrorCodes.CONNECTOR_CONVERT_NOT_PROVIDED, e.getErrorCode());
            assertTrue(e.getMessage().contains(type.getName()), e.getMessage());
        }
    }

    @Test
    void rowDataInAnyCaseBatchModeAndTheWallClock() {
        OutputForm form = OutputForm.of(
                properties(
                        TDengineConfigParams.VALUE_DESERIALIZER, "rowdata",
                        TDengineConfigParams.TD_BATCH_MODE, "true",
                        TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "Asia/Shanghai",
                        TDengineConfigParams.PROPERTY_KEY_VARCHAR_AS_STRING, "true"),
                Deserializer.class);
        assertTrue(form.isRowData());
        assertTrue(form.isBatchMode());
        assertTrue(form.varcharAsString());
        assertEquals(ZoneId.of("Asia/Shanghai"), form.zone());

        OutputForm plain = OutputForm.of(
                properties(TDengineConfigParams.VALUE_DESERIALIZER, "java.lang.String"), Deserializer.class);
        assertFalse(plain.isRowData() || plain.isBatchMode() || plain.varcharAsString());
        TDengineException e = assertThrows(
                TDengineException.class,
                () -> plain.newDeserializer(Deserializer.class, getClass().getClassLoader()));
        assertEquals(ErrorCodes.CONNECTOR_INVALID_VALUE_DESERIALIZER, e.getErrorCode());
    }
}
