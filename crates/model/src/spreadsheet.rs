//! Text cells of CSV files meant for spreadsheets, safe from formula injection (OWASP, "CSV
//! Injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return as a formula, so a story titled `=HYPERLINK("http://evil.example")` would
//! become a link in an analyst's Excel. Such a text cell is written with a leading apostrophe,
//! which Excel and LibreOffice read as "this is text" and do not show.
//!
//! The mapping is reversible: a text that itself starts with an apostrophe followed by one of
//! those characters gets one more apostrophe, and [`read_cell`] removes exactly one. Our own
//! importers read every CSV cell through [`read_cell`], so an export reads back unchanged.
//! Numbers are never text cells and are written as they are (`-0.5` stays `-0.5`).

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether the text, after any apostrophes it starts with, starts with a formula character.
fn needs_marker(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// A text cell as written to a CSV file for spreadsheets.
pub fn write_cell(text: &str) -> Cow<'_, str> {
    if needs_marker(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell of a CSV file whose columns are all written as text: a cell that reads as a number
/// (`-0.5`) is a number and stays as it is; any other cell is a text cell ([`write_cell`]).
pub fn write_field(cell: &str) -> Cow<'_, str> {
    if cell.parse::<f64>().is_ok() {
        Cow::Borrowed(cell)
    } else {
        write_cell(cell)
    }
}

/// A text cell as read from a CSV file: [`write_cell`] undone.
pub fn read_cell(text: &str) -> Cow<'_, str> {
    match text.strip_prefix('\'') {
        Some(rest) if needs_marker(rest) => Cow::Owned(rest.to_string()),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_read_back_unchanged() {
        for (plain, written) in [
            (
                "=HYPERLINK(\"http://evil.example\")",
                "'=HYPERLINK(\"http://evil.example\")",
            ),
            ("=1+1", "'=1+1"),
            ("+31 6", "'+31 6"),
            ("-- niet goed", "'-- niet goed"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=al gemarkeerd", "''=al gemarkeerd"),
            ("''-twee", "'''-twee"),
            ("Gewoon verhaal", "Gewoon verhaal"),
            ("'t Was goed", "'t Was goed"),
            ("", ""),
        ] {
            assert_eq!(write_cell(plain), written, "{plain:?}");
            assert_eq!(read_cell(written), plain, "{written:?}");
        }
        assert_eq!(write_field("-0.5"), "-0.5");
        assert_eq!(write_field("-1e3"), "-1e3");
        assert_eq!(write_field("=1+1"), "'=1+1");
        // A third party's cell that merely starts with an apostrophe stays as it is.
        assert_eq!(read_cell("'t Was goed"), "'t Was goed");
    }
}
