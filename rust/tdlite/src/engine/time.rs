//! Time as TDengine sees it: i64 ticks in a database's precision, timestamp literals read in
//! the session's time zone, and `NOW`/`TODAY` shifted by durations.

use crate::sql::ast::{Duration, TimeUnit};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, Timestamp, Zoned};
use tdflink_protocol::types::Precision;

const NANOS_PER_SECOND: i128 = 1_000_000_000;

pub fn nanos_per_tick(precision: Precision) -> i64 {
    1_000_000_000 / precision.ticks_per_second()
}

/// A time zone with the name `TIMEZONE()` reports for it.
#[derive(Clone, Debug)]
pub struct Zone {
    pub name: String,
    pub tz: TimeZone,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone { name: "UTC".to_owned(), tz: TimeZone::UTC }
    }

    /// `name` as `zone` reads it; `None` for a name it does not know.
    pub fn named(name: &str) -> Option<Zone> {
        Some(Zone { name: name.trim().to_owned(), tz: zone(Some(name))? })
    }

    /// The host's zone, as TDengine's `timezone` setting defaults to it: the `TZ` variable,
    /// else /etc/localtime; UTC when neither tells. A zone without an IANA name (a copied
    /// /etc/localtime, a POSIX `TZ` rule) is named by its current offset.
    pub fn host() -> Zone {
        match TimeZone::try_system() {
            Ok(tz) if tz.is_unknown() => Zone::utc(),
            Ok(tz) => {
                let name = match tz.iana_name() {
                    Some(name) => name.to_owned(),
                    None => offset_name(tz.to_offset(Timestamp::now()).seconds()),
                };
                Zone { name, tz }
            }
            Err(_) => Zone::utc(),
        }
    }
}

/// The session's zone: an IANA name, `UTC`/`Z`, or a fixed offset such as `+08:00`.
/// `None` for anything else, which the session refuses rather than silently using UTC.
pub fn zone(name: Option<&str>) -> Option<TimeZone> {
    let name = match name.map(str::trim) {
        None | Some("") => return Some(TimeZone::UTC),
        Some(name) => name,
    };
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Some(TimeZone::UTC);
    }
    if let Some(seconds) = offset_seconds(name) {
        return Offset::from_seconds(seconds).ok().map(TimeZone::fixed);
    }
    TimeZone::get(name).ok()
}

/// The current instant in nanoseconds since the epoch.
pub fn now_nanos() -> i128 {
    Timestamp::now().as_nanosecond()
}

/// Nanoseconds as ticks of `precision`, rounding toward negative infinity like TDengine's
/// clock does for instants before 1970 too.
pub fn ticks_from_nanos(nanos: i128, precision: Precision) -> i64 {
    nanos.div_euclid(i128::from(nanos_per_tick(precision))) as i64
}

/// Local midnight of the day containing `now`, as ticks.
pub fn today(now: i128, precision: Precision, tz: &TimeZone) -> Option<i64> {
    let instant = Timestamp::from_nanosecond(now).ok()?;
    let midnight = tz.to_datetime(instant).date().to_zoned(tz.clone()).ok()?;
    Some(ticks_from_nanos(midnight.timestamp().as_nanosecond(), precision))
}

/// A fixed-length duration in ticks of `precision` (TDengine's "absolute duration"); `None`
/// for months and years, whose length depends on the date, or on overflow.
pub fn duration_ticks(duration: Duration, precision: Precision) -> Option<i64> {
    let nanos: i128 = match duration.unit {
        TimeUnit::Nanosecond => 1,
        TimeUnit::Microsecond => 1_000,
        TimeUnit::Millisecond => 1_000_000,
        TimeUnit::Second => NANOS_PER_SECOND,
        TimeUnit::Minute => 60 * NANOS_PER_SECOND,
        TimeUnit::Hour => 3_600 * NANOS_PER_SECOND,
        TimeUnit::Day => 86_400 * NANOS_PER_SECOND,
        TimeUnit::Week => 7 * 86_400 * NANOS_PER_SECOND,
        TimeUnit::Month | TimeUnit::Year => return None,
    };
    let total = i128::from(duration.value).checked_mul(nanos)?;
    // Truncates toward zero as TDengine's precision conversion does (1b in ms is 0).
    i64::try_from(total / i128::from(nanos_per_tick(precision))).ok()
}

/// `ticks + duration` (or minus, when `negative`), months and years on the calendar of `tz`.
pub fn shift(ticks: i64, duration: Duration, negative: bool, precision: Precision, tz: &TimeZone) -> Option<i64> {
    let sign = if negative { -1 } else { 1 };
    if let Some(delta) = duration_ticks(duration, precision) {
        return ticks.checked_add(delta.checked_mul(sign)?);
    }
    let count = duration.value.checked_mul(sign)?;
    let span = match duration.unit {
        TimeUnit::Month => Span::new().try_months(count).ok()?,
        _ => Span::new().try_years(count).ok()?,
    };
    let per_tick = i128::from(nanos_per_tick(precision));
    let start = Zoned::new(Timestamp::from_nanosecond(i128::from(ticks) * per_tick).ok()?, tz.clone());
    let end = start.checked_add(span).ok()?;
    i64::try_from(end.timestamp().as_nanosecond().div_euclid(per_tick)).ok()
}

/// Parses a timestamp literal the way TDengine does: `YYYY-MM-DD[( |T)HH:MM:SS[.fraction]]`
/// with an optional `Z` or `±HH[:]MM` offset; without an offset the time is local to `tz`.
/// Fraction digits beyond the precision are dropped, not rounded.
pub fn parse_timestamp(text: &str, precision: Precision, tz: &TimeZone) -> Option<i64> {
    let text = text.trim();
    let (date_part, time_part) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim_start())),
        None => (text, None),
    };
    let date = parse_date(date_part)?;
    let Some(time_part) = time_part else {
        let midnight = date.to_zoned(tz.clone()).ok()?;
        return Some(ticks_from_nanos(midnight.timestamp().as_nanosecond(), precision));
    };
    let (clock, rest) = split_clock(time_part);
    let [hour, minute, second] = fields::<3>(clock, ':', 2)?;
    let datetime = DateTime::new(
        date.year(),
        date.month(),
        date.day(),
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    let (fraction, zone_text) = match rest.strip_prefix('.') {
        Some(after) => {
            let end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
            (fraction_ticks(&after[..end], precision)?, &after[end..])
        }
        None => (0, rest),
    };
    let seconds = if zone_text.is_empty() {
        tz.to_timestamp(datetime).ok()?.as_second()
    } else {
        let offset = if zone_text.eq_ignore_ascii_case("z") { 0 } else { offset_seconds(zone_text)? };
        TimeZone::UTC.to_timestamp(datetime).ok()?.as_second() - i64::from(offset)
    };
    seconds.checked_mul(precision.ticks_per_second())?.checked_add(fraction)
}

fn parse_date(text: &str) -> Option<Date> {
    let [year, month, day] = fields::<3>(text, '-', 4)?;
    Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// Splits `HH:MM:SS...` into the clock and what follows it (fraction and zone).
fn split_clock(text: &str) -> (&str, &str) {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(text.len());
    text.split_at(end)
}

/// `N` fields of 1..=`max_digits` digits separated by `separator`, and nothing else.
fn fields<const N: usize>(text: &str, separator: char, max_digits: usize) -> Option<[u32; N]> {
    let mut out = [0; N];
    let mut parts = text.split(separator);
    for slot in &mut out {
        let part = parts.next()?;
        if part.is_empty() || part.len() > max_digits || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// A second's fraction written with `digits`, in ticks of `precision`.
fn fraction_ticks(digits: &str, precision: Precision) -> Option<i64> {
    let wanted = match precision {
        Precision::Millisecond => 3,
        Precision::Microsecond => 6,
        Precision::Nanosecond => 9,
    };
    if digits.is_empty() {
        return None;
    }
    let kept = &digits[..digits.len().min(wanted)];
    Some(kept.parse::<i64>().ok()? * 10i64.pow((wanted - kept.len()) as u32))
}

/// `±HH`, `±HHMM` or `±HH:MM` as seconds east of UTC; at most 12 hours, as TDengine allows.
/// `±HH:MM`.
fn offset_name(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn offset_seconds(text: &str) -> Option<i32> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|&c| c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    if hours > 12 || minutes > 59 || (hours == 12 && minutes > 0) {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Precision = Precision::Millisecond;
    const US: Precision = Precision::Microsecond;
    const NS: Precision = Precision::Nanosecond;

    fn shanghai() -> TimeZone {
        zone(Some("Asia/Shanghai")).unwrap()
    }

    #[test]
    fn local_times_use_the_session_zone() {
        let utc = TimeZone::UTC;
        assert_eq!(parse_timestamp("2021-07-13 14:06:32.272", MS, &utc), Some(1_626_185_192_272));
        assert_eq!(parse_timestamp("2021-07-13 14:06:32.272", MS, &shanghai()), Some(1_626_156_392_272));
        assert_eq!(parse_timestamp("2021-07-13T14:06:32", MS, &utc), Some(1_626_185_192_000));
        assert_eq!(parse_timestamp("2024-01-01", MS, &shanghai()), Some(1_704_038_400_000));
        assert_eq!(parse_timestamp("1969-12-31 23:59:59.999", MS, &utc), Some(-1));
    }

    #[test]
    fn explicit_offsets_win_over_the_session_zone() {
        let expected = Some(1_626_156_392_272);
        for text in
            ["2021-07-13T14:06:32.272+08:00", "2021-07-13T14:06:32.272+0800", "2021-07-13 14:06:32.272+08", "2021-07-13T06:06:32.272Z"]
        {
            assert_eq!(parse_timestamp(text, MS, &TimeZone::UTC), expected, "{text}");
        }
    }

    #[test]
    fn fractions_follow_the_precision() {
        let utc = TimeZone::UTC;
        assert_eq!(parse_timestamp("1970-01-01 00:00:01.123456789", MS, &utc), Some(1_123));
        assert_eq!(parse_timestamp("1970-01-01 00:00:01.123456789", US, &utc), Some(1_123_456));
        assert_eq!(parse_timestamp("1970-01-01 00:00:01.123456789", NS, &utc), Some(1_123_456_789));
        assert_eq!(parse_timestamp("1970-01-01 00:00:01.5", NS, &utc), Some(1_500_000_000));
    }

    #[test]
    fn malformed_timestamps_are_refused() {
        for text in [
            "",
            "abc",
            "2021-13-01",
            "2021-02-30 00:00:00",
            "2021-07-13 25:00:00",
            "2021-07-13 14:06",
            "2021-07-13 14:06:32.",
            "2021-07-13 14:06:32+13:00",
            "2021-07-13x",
        ] {
            assert_eq!(parse_timestamp(text, MS, &TimeZone::UTC), None, "{text}");
        }
    }

    #[test]
    fn durations_convert_between_precisions() {
        let d = |value, unit| Duration { value, unit };
        assert_eq!(duration_ticks(d(1, TimeUnit::Hour), MS), Some(3_600_000));
        assert_eq!(duration_ticks(d(1, TimeUnit::Hour), NS), Some(3_600_000_000_000));
        assert_eq!(duration_ticks(d(1500, TimeUnit::Microsecond), MS), Some(1));
        assert_eq!(duration_ticks(d(1, TimeUnit::Month), MS), None);
        assert_eq!(duration_ticks(d(i64::MAX, TimeUnit::Week), NS), None);
    }

    #[test]
    fn calendar_shifts_follow_the_zone() {
        let utc = TimeZone::UTC;
        let jan31 = parse_timestamp("2024-01-31", MS, &utc).unwrap();
        let month = Duration { value: 1, unit: TimeUnit::Month };
        assert_eq!(shift(jan31, month, false, MS, &utc), parse_timestamp("2024-02-29", MS, &utc));
        let year = Duration { value: 1, unit: TimeUnit::Year };
        assert_eq!(shift(jan31, year, true, MS, &utc), parse_timestamp("2023-01-31", MS, &utc));
        let hour = Duration { value: 1, unit: TimeUnit::Hour };
        assert_eq!(shift(0, hour, true, US, &utc), Some(-3_600_000_000));
    }

    #[test]
    fn zones_and_today() {
        assert!(zone(None).is_some());
        assert!(zone(Some("+08:00")).is_some());
        assert!(zone(Some("Europe/Berlin")).is_some());
        assert!(zone(Some("Mars/Olympus")).is_none());
        let noon = i128::from(parse_timestamp("2024-03-05 12:00:00", NS, &shanghai()).unwrap());
        let midnight = parse_timestamp("2024-03-05", MS, &shanghai());
        assert_eq!(today(noon, MS, &shanghai()), midnight);
        assert_eq!(ticks_from_nanos(-1, MS), -1);
    }
}
