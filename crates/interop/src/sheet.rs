//! Small tables (a header row and rows of text) as a CSV or XLSX file, for the lists staff export
//! from a page (proposals, a session's post-its). CSV cells that a spreadsheet would run as a
//! formula are neutralised ([`vertelpunt_model::spreadsheet::write_field`]); XLSX cells are
//! written as text, which spreadsheets never run.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use vertelpunt_model::spreadsheet::write_field;

/// A table as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents right).
pub fn csv_bytes(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let _ = writer.write_record(headers.iter().map(|h| write_field(h).into_owned()));
        for row in rows {
            let _ = writer.write_record(row.iter().map(|c| write_field(c).into_owned()));
        }
        let _ = writer.flush();
    }
    out
}

/// A table as an XLSX workbook of one sheet named `sheet` (cut to the 31 characters a sheet
/// name may have), with a bold header row that stays in view.
pub fn xlsx_bytes(
    sheet: &str,
    headers: &[String],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    let name: String = sheet
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        worksheet.set_name(name.trim())?;
    }
    let bold = Format::new().set_bold();
    for (col, header) in headers.iter().enumerate() {
        worksheet.write_string_with_format(0, col as u16, header, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            worksheet.write_string(r as u32 + 1, col as u16, cell)?;
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_in_a_csv_cell_is_written_as_text() {
        let bytes = csv_bytes(
            &["titel".into()],
            &[
                vec!["=HYPERLINK(\"http://x\")".into()],
                vec!["Eén loket".into()],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains("Eén loket"));
    }

    #[test]
    fn an_xlsx_file_reads_back() {
        let bytes = xlsx_bytes(
            "Verbetervoorstellen",
            &["titel".into(), "stand".into()],
            &[vec!["Eén loket".into(), "opgepakt".into()]],
        )
        .unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
