package io.tdflink.common;

import org.apache.flink.annotation.Internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zone whose wall clock Flink TIMESTAMP values show, from the {@code timezone} property.
 *
 * <p>Unset: the JVM's default zone, as in the official connector, so ported jobs see the same
 * values. An IANA name ({@code Asia/Shanghai}) or an ISO offset ({@code +08:00}) is used as it
 * is. TDengine's own spelling {@code UTC-8} is POSIX: the sign is inverted, so {@code UTC-8}
 * means eight hours <em>ahead</em> of UTC (China), which is what TDengine's docs mean by it.
 * (The official driver silently ignores such values over WebSocket.)
 */
@Internal
public final class TimeZones {
    private static final Pattern POSIX = Pattern.compile("(?i)(UTC|GMT)([+-])(\\d{1,2})(?::?(\\d{2}))?");

    private TimeZones() {}

    /** @throws TDengineException 0xa000 for a value that is no zone */
    public static ZoneId wallClockZone(String timezone) {
        if (timezone == null || timezone.trim().isEmpty()) {
            return ZoneId.systemDefault();
        }
        String value = timezone.trim();
        Matcher posix = POSIX.matcher(value);
        if (posix.matches()) {
            int hours = Integer.parseInt(posix.group(3));
            int minutes = posix.group(4) == null ? 0 : Integer.parseInt(posix.group(4));
            int seconds = (hours * 3600 + minutes * 60) * ("-".equals(posix.group(2)) ? 1 : -1);
            return ZoneOffset.ofTotalSeconds(seconds);
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new TDengineException(
                    ErrorCodes.CONNECTOR_BAD_CONNECTION_PARAMETER,
                    "timezone '" + value + "' is neither an IANA zone, an offset nor UTC±h",
                    e);
        }
    }
}
