//! A table's regional figures: lines of a label and a number, pasted from a spreadsheet or a
//! statistics office's CSV (`label;value`, a tab, or a comma before the number; a decimal comma
//! is read as in Dutch), shown beside the cards as a bar chart.

/// The most lines a table's figures may have.
pub const MAX_LINES: usize = 30;
/// The longest label, in characters.
pub const MAX_LABEL: usize = 80;

/// One figure: its label, its value, and the value as it was typed (shown as it was).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    pub typed: String,
}

/// Why the figures cannot be read: the line (1-based) and a locale key under `sessions.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiguresProblem {
    pub line: usize,
    pub key: &'static str,
}

/// Reads pasted figures; blank lines are skipped, a first line whose value is not a number is
/// taken as a header and skipped too.
pub fn parse(text: &str) -> Result<Vec<Figure>, FiguresProblem> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let split = line
            .rsplit_once(';')
            .or_else(|| line.rsplit_once('\t'))
            .or_else(|| line.rsplit_once(','));
        let Some((label, typed)) = split else {
            return Err(FiguresProblem {
                line: number,
                key: "figures_line",
            });
        };
        let (label, typed) = (
            label.trim().trim_matches('"'),
            typed.trim().trim_matches('"'),
        );
        let value = typed.replace(' ', "").replace(',', ".").parse::<f64>();
        match value {
            Ok(v) if v.is_finite() => {
                if label.is_empty() || label.chars().count() > MAX_LABEL {
                    return Err(FiguresProblem {
                        line: number,
                        key: "figures_label",
                    });
                }
                out.push(Figure {
                    label: label.to_string(),
                    value: v,
                    typed: typed.to_string(),
                });
            }
            _ if out.is_empty() && number == first_line(text) => continue,
            _ => {
                return Err(FiguresProblem {
                    line: number,
                    key: "figures_number",
                })
            }
        }
        if out.len() > MAX_LINES {
            return Err(FiguresProblem {
                line: number,
                key: "figures_too_many",
            });
        }
    }
    Ok(out)
}

fn first_line(text: &str) -> usize {
    text.lines()
        .position(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1)
}

/// Each figure's bar width in percent of the largest (0 for none or a negative value).
pub fn bar_widths(figures: &[Figure]) -> Vec<u32> {
    let max = figures.iter().map(|f| f.value).fold(0.0_f64, f64::max);
    figures
        .iter()
        .map(|f| {
            if max > 0.0 && f.value > 0.0 {
                ((f.value / max) * 100.0).round() as u32
            } else {
                0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_figures_are_read_with_dutch_decimals_and_a_header() {
        let text = "Gemeente;Jeugdhulp per 1000\nEnschede;98,3\nHengelo;87,1\n\nAlmelo\t101\n";
        let figures = parse(text).unwrap();
        assert_eq!(figures.len(), 3);
        assert_eq!(figures[0].label, "Enschede");
        assert_eq!(figures[0].value, 98.3);
        assert_eq!(figures[0].typed, "98,3");
        assert_eq!(bar_widths(&figures), vec![97, 86, 100]);
        assert_eq!(
            parse("Enschede;98,3\nHengelo;veel"),
            Err(FiguresProblem {
                line: 2,
                key: "figures_number"
            })
        );
        assert_eq!(
            parse("zonder getal"),
            Err(FiguresProblem {
                line: 1,
                key: "figures_line"
            })
        );
    }
}
