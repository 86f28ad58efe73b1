//! Upload times as other tools write them: milliseconds or seconds since 1970 (SenseMaker),
//! RFC 3339, `YYYY-MM-DD[ HH:MM[:SS]]` or `DD-MM-YYYY[ HH:MM[:SS]]` in UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound};

/// Parses a timestamp; `None` when it is none of the accepted forms.
pub fn parse(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim();
    if let Ok(n) = v.parse::<i64>() {
        // 10^11 seconds is the year 5138: larger numbers are milliseconds.
        let t = if n.abs() >= 100_000_000_000 {
            DateTime::from_timestamp_millis(n)
        } else {
            DateTime::from_timestamp(n, 0)
        };
        return t.map(|t| t.naive_utc());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.naive_utc().trunc_subsecs(6));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        // Dutch spreadsheets: day-month-year.
        "%d-%m-%Y %H:%M:%S",
        "%d-%m-%Y %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, format) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d-%m-%Y"))
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn sensemaker_milliseconds_and_iso_dates() {
        assert_eq!(
            parse("1438121139568").unwrap().to_string(),
            "2015-07-28 22:05:39.568"
        );
        assert_eq!(
            parse("1438121139").unwrap().to_string(),
            "2015-07-28 22:05:39"
        );
        assert_eq!(
            parse("2024-03-01T10:00:00+01:00").unwrap().to_string(),
            "2024-03-01 09:00:00"
        );
        assert_eq!(
            parse("2024-03-01").unwrap().to_string(),
            "2024-03-01 00:00:00"
        );
        assert!(parse("gisteren").is_none());
        assert!(parse("").is_none());
    }
}
