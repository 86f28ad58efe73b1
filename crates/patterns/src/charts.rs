//! One SVG chart per strong pattern, drawn with plotters: box plots per group, 100 % stacked
//! bars for tables, a scatter with its least-squares line, a ternary plot for triads and bars
//! for key words, and the distribution of every question. Dutch labels, the Okabe-Ito
//! colour-blind-safe palette, n on every chart; in a distribution, counts of 1–4 stories are
//! not drawn (marked "<5"), so a small group never shows.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::pattern::{Family, Pattern};
use crate::stats::MISSING;
use crate::variables::{pseudo, Numeric, Scale, Variables};

/// Okabe & Ito (2008), colour-blind safe.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];
const WIDTH: u32 = 720;
const HEIGHT: u32 = 440;

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn numeric<'a>(v: &'a Variables, id: &str) -> Option<&'a Numeric> {
    if id == pseudo::DATE {
        return Some(&v.date);
    }
    v.numerics.iter().find(|n| n.question == id)
}

/// The chart of a pattern as an SVG document, or `None` for patterns without a chart.
pub fn render(pattern: &Pattern, v: &Variables) -> Option<String> {
    let mut svg = String::new();
    let drawn = {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        area.fill(&WHITE).ok()?;
        let result = match pattern.family {
            Family::NumericByGroup | Family::OverTime | Family::Subgroup
                if pattern.groups.iter().all(|g| g.stats.is_some())
                    && !pattern.groups.is_empty() =>
            {
                if pattern.family == Family::OverTime && pattern.test.as_deref() == Some("spearman")
                {
                    scatter(&area, pattern, v)
                } else {
                    boxes(&area, pattern, v)
                }
            }
            Family::NumericByNumeric | Family::OverTime => scatter(&area, pattern, v),
            Family::Triad => ternary(&area, pattern, v),
            Family::ChoiceByChoice | Family::Subgroup => stacked(&area, pattern),
            Family::Words => word_bars(&area, pattern),
            Family::Univariate if pattern.n > 0 => distribution(&area, pattern, v),
            Family::Univariate | Family::NumericByGroup => return None,
        };
        result.is_ok() && area.present().is_ok()
    };
    drawn.then_some(svg)
}

/// The name at a whole-number axis position, or nothing between positions.
fn name_at(names: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
        names[i as usize].clone()
    } else {
        String::new()
    }
}

/// An axis value as a date (days since 1970) or a whole number.
fn axis_value(v: f64, is_date: bool) -> String {
    if is_date {
        chrono::DateTime::from_timestamp(v as i64 * 86_400, 0)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    } else {
        format!("{v:.0}")
    }
}

fn caption(pattern: &Pattern) -> String {
    let labels: Vec<&str> = pattern.labels.iter().map(|l| l.nl.as_str()).collect();
    short(&format!("{} (n = {})", labels.join(" × "), pattern.n), 90)
}

fn boxes(area: &Area, pattern: &Pattern, v: &Variables) -> DrawResult {
    let y_var = numeric(v, &pattern.questions[0]);
    let stats: Vec<_> = pattern
        .groups
        .iter()
        .filter_map(|g| g.stats.as_ref())
        .collect();
    let lo = stats.iter().map(|s| s.min).fold(f64::INFINITY, f64::min);
    let hi = stats
        .iter()
        .map(|s| s.max)
        .fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.05).max(0.5);
    let k = pattern.groups.len();
    let names: Vec<String> = pattern
        .groups
        .iter()
        .map(|g| format!("{} (n={})", short(&g.label.nl, 18), g.n))
        .collect();
    let is_date = y_var.is_some_and(|n| n.question == pseudo::DATE);
    let mut chart = ChartBuilder::on(area)
        .caption(caption(pattern), ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5f64..(k as f64 - 0.5), (lo - pad)..(hi + pad))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(k)
        .x_label_formatter(&|x| name_at(&names, *x))
        .y_label_formatter(&|y| axis_value(*y, is_date))
        .y_desc(short(&pattern.labels[0].nl, 40))
        .draw()?;
    for (i, s) in stats.iter().enumerate() {
        let x = i as f64;
        let c = colour(i);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.3, s.q1), (x + 0.3, s.q3)],
            c.mix(0.35).filled(),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.3, s.q1), (x + 0.3, s.q3)],
            c.stroke_width(2),
        )))?;
        for (a, b) in [
            ((x - 0.3, s.median), (x + 0.3, s.median)),
            ((x, s.min), (x, s.q1)),
            ((x, s.q3), (x, s.max)),
        ] {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![a, b],
                c.stroke_width(2),
            )))?;
        }
        chart.draw_series(std::iter::once(Circle::new((x, s.mean), 4, BLACK.filled())))?;
    }
    Ok(())
}

fn stacked(area: &Area, pattern: &Pattern) -> DrawResult {
    let Some(table) = &pattern.table else {
        return Err("no table".into());
    };
    let (rows, cols) = (table.rows.len(), table.columns.len());
    let (top, legend) = area.split_vertically(HEIGHT - 70);
    let names: Vec<String> = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, l)| {
            let n: u64 = table.counts[r * cols..(r + 1) * cols].iter().sum();
            format!("{} (n={n})", short(&l.nl, 22))
        })
        .collect();
    let mut chart = ChartBuilder::on(&top)
        .caption(caption(pattern), ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(190)
        .build_cartesian_2d(0f64..100f64, -0.5f64..(rows as f64 - 0.5))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows)
        .y_label_formatter(&|y| name_at(&names, *y))
        .x_desc("% van de verhalen in de groep")
        .draw()?;
    for r in 0..rows {
        let row = &table.counts[r * cols..(r + 1) * cols];
        let total: u64 = row.iter().sum();
        let mut start = 0.0;
        for (c, &count) in row.iter().enumerate() {
            let width = count as f64 * 100.0 / total.max(1) as f64;
            let y = r as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(start, y - 0.35), (start + width, y + 0.35)],
                colour(c).filled(),
            )))?;
            start += width;
        }
    }
    let per_line = 3usize;
    for (c, label) in table.columns.iter().enumerate() {
        let x = 20 + (c % per_line) as i32 * 230;
        let y = 8 + (c / per_line) as i32 * 18;
        legend.draw(&Rectangle::new(
            [(x, y), (x + 12, y + 12)],
            colour(c).filled(),
        ))?;
        legend.draw(&Text::new(
            short(&label.nl, 30),
            (x + 18, y),
            ("sans-serif", 13),
        ))?;
    }
    Ok(())
}

/// Up to `max` stories with both values, taken at even steps so the picture is the same every run.
fn sample_pairs(x: &Numeric, y: &Numeric, max: usize) -> Vec<(f64, f64)> {
    let both: Vec<usize> = (0..x.codes.len())
        .filter(|&i| x.codes[i] != MISSING && y.codes[i] != MISSING)
        .collect();
    let step = both.len().div_ceil(max).max(1);
    both.iter()
        .step_by(step)
        .map(|&i| (x.values[x.codes[i] as usize], y.values[y.codes[i] as usize]))
        .collect()
}

fn least_squares(x: &Numeric, y: &Numeric) -> Option<(f64, f64)> {
    let (mut n, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for (&a, &b) in x.codes.iter().zip(&y.codes) {
        if a != MISSING && b != MISSING {
            n += 1.0;
            sx += x.values[a as usize];
            sy += y.values[b as usize];
        }
    }
    let (mx, my) = (sx / n, sy / n);
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (&a, &b) in x.codes.iter().zip(&y.codes) {
        if a != MISSING && b != MISSING {
            let dx = x.values[a as usize] - mx;
            sxy += dx * (y.values[b as usize] - my);
            sxx += dx * dx;
        }
    }
    (sxx > 0.0).then(|| (sxy / sxx, my - sxy / sxx * mx))
}

fn scatter(area: &Area, pattern: &Pattern, v: &Variables) -> DrawResult {
    let (Some(x), Some(y)) = (
        numeric(v, &pattern.questions[0]),
        numeric(v, &pattern.questions[1]),
    ) else {
        return Err("unknown variables".into());
    };
    let points = sample_pairs(x, y, 1500);
    let range = |n: &Numeric| {
        let lo = n.values.first().copied().unwrap_or(0.0);
        let hi = n.values.last().copied().unwrap_or(1.0);
        let pad = ((hi - lo) * 0.04).max(0.5);
        (lo - pad)..(hi + pad)
    };
    let (xr, yr) = (range(x), range(y));
    let is_date = x.question == pseudo::DATE;
    let mut chart = ChartBuilder::on(area)
        .caption(caption(pattern), ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(xr.clone(), yr)?;
    chart
        .configure_mesh()
        .x_desc(short(&x.label.nl, 50))
        .y_desc(short(&y.label.nl, 40))
        .x_label_formatter(&|v| axis_value(*v, is_date))
        .draw()?;
    chart.draw_series(
        points
            .iter()
            .map(|&(a, b)| Circle::new((a, b), 2, colour(0).mix(0.35).filled())),
    )?;
    if let Some((slope, intercept)) = least_squares(x, y) {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (xr.start, intercept + slope * xr.start),
                (xr.end, intercept + slope * xr.end),
            ],
            colour(5).stroke_width(3),
        )))?;
    }
    Ok(())
}

/// A point of the triangle for shares (a, b, c): corner a at the top, b bottom left, c bottom right.
fn ternary_point(s: [f64; 3]) -> (f64, f64) {
    let total = (s[0] + s[1] + s[2]).max(1e-9);
    let (a, c) = (s[0] / total, s[2] / total);
    (c + a / 2.0, a * 3f64.sqrt() / 2.0)
}

fn ternary(area: &Area, pattern: &Pattern, v: &Variables) -> DrawResult {
    let Some(triad) = v.triads.iter().find(|t| t.question == pattern.questions[1]) else {
        return Err("unknown triad".into());
    };
    area.draw(&Text::new(caption(pattern), (12, 8), ("sans-serif", 16)))?;
    let (plot, legend) = area.split_horizontally(470);
    let mut chart = ChartBuilder::on(&plot)
        .margin(40)
        .build_cartesian_2d(-0.1f64..1.1f64, -0.1f64..0.97f64)?;
    let corners = [(0.5, 3f64.sqrt() / 2.0), (0.0, 0.0), (1.0, 0.0)];
    chart.draw_series(std::iter::once(PathElement::new(
        vec![corners[0], corners[1], corners[2], corners[0]],
        BLACK.stroke_width(2),
    )))?;
    let answers: Vec<[f64; 3]> = triad.shares.iter().flatten().copied().collect();
    let step = answers.len().div_ceil(800).max(1);
    chart.draw_series(answers.iter().step_by(step).map(|s| {
        Circle::new(
            ternary_point(*s),
            2,
            RGBColor(150, 150, 150).mix(0.5).filled(),
        )
    }))?;
    for (i, (pos, label)) in corners.iter().zip(&triad.corners).enumerate() {
        let offset = if i == 0 { (-0.1, 0.06) } else { (-0.08, -0.08) };
        chart.draw_series(std::iter::once(Text::new(
            short(&label.nl, 24),
            (pos.0 + offset.0, pos.1 + offset.1),
            ("sans-serif", 14),
        )))?;
    }
    for (i, g) in pattern.groups.iter().enumerate() {
        if let Some(c) = g.centre {
            chart.draw_series(std::iter::once(Circle::new(
                ternary_point(c),
                7,
                colour(i).filled(),
            )))?;
            let y = 60 + i as i32 * 22;
            legend.draw(&Circle::new((10, y + 6), 6, colour(i).filled()))?;
            legend.draw(&Text::new(
                format!("{} (n={})", short(&g.label.nl, 26), g.n),
                (22, y),
                ("sans-serif", 13),
            ))?;
        }
    }
    legend.draw(&Text::new(
        "● zwaartepunt per groep",
        (10, 30),
        ("sans-serif", 13),
    ))?;
    Ok(())
}

fn word_bars(area: &Area, pattern: &Pattern) -> DrawResult {
    let word = pattern.word.clone().unwrap_or_default();
    let ratio = pattern.effect.as_ref().map_or(0.0, |e| e.value);
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "'{word}' in {} (n = {})",
                short(&pattern.labels[0].nl, 50),
                pattern.n
            ),
            ("sans-serif", 16),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(
            -0.5f64..1.5f64,
            0f64..(2f64.powf(ratio.abs()).max(1.0) * 1.2),
        )?;
    let names = [
        short(&pattern.labels[0].nl, 30),
        "de andere verhalen".to_string(),
    ];
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(2)
        .x_label_formatter(&|x| name_at(&names, *x))
        .y_desc("relatieve frequentie (andere verhalen = 1)")
        .draw()?;
    let heights = [2f64.powf(ratio), 1.0];
    for (i, h) in heights.iter().enumerate() {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(i as f64 - 0.3, 0.0), (i as f64 + 0.3, *h)],
            colour(i).filled(),
        )))?;
    }
    Ok(())
}

/// Below this many stories a bar of a distribution is not drawn.
const MIN_SHOWN: u64 = 5;

/// The bars of a univariate pattern: (label, count) per slider bin, scale position or option.
fn distribution_bars(pattern: &Pattern, v: &Variables) -> Option<Vec<(String, u64)>> {
    let id = pattern.questions.first()?;
    if let Some(n) = v.numerics.iter().find(|n| &n.question == id) {
        let mut per_value = vec![0u64; n.values.len()];
        for &c in &n.codes {
            if c != MISSING {
                per_value[c as usize] += 1;
            }
        }
        return match &n.scale {
            Scale::Slider { .. } => {
                let mut bins = vec![0u64; 10];
                for (value, count) in n.values.iter().zip(&per_value) {
                    bins[((value / 10.0).floor() as usize).min(9)] += count;
                }
                Some(
                    bins.into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let top = if i == 9 { 100 } else { i * 10 + 9 };
                            (format!("{}–{top}", i * 10), c)
                        })
                        .collect(),
                )
            }
            Scale::Ordinal { options } => Some(
                options
                    .iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let position = (i + 1) as f64;
                        let count = n
                            .values
                            .iter()
                            .zip(&per_value)
                            .filter(|(v, _)| (**v - position).abs() < 1e-9)
                            .map(|(_, c)| *c)
                            .sum();
                        (short(&label.nl, 18), count)
                    })
                    .collect(),
            ),
            Scale::Days => None,
        };
    }
    // A choice: its levels as groups (small ones were listed without their size).
    let mut bars: Vec<(String, u64)> = pattern
        .groups
        .iter()
        .map(|g| (short(&g.label.nl, 18), g.n))
        .collect();
    bars.extend(
        pattern
            .not_tested
            .iter()
            .map(|g| (short(&g.label.nl, 18), 1)),
    );
    (!bars.is_empty()).then_some(bars)
}

fn distribution(area: &Area, pattern: &Pattern, v: &Variables) -> DrawResult {
    let bars = distribution_bars(pattern, v).ok_or("no distribution to draw")?;
    let k = bars.len();
    let top = bars
        .iter()
        .map(|(_, c)| *c)
        .max()
        .unwrap_or(1)
        .max(MIN_SHOWN) as f64;
    // Many bars (regions): labels turned a quarter, so each stays readable. plotters centres a
    // turned label on its tick, so it is led by as many no-break spaces as it has characters:
    // the visible half then starts at the axis.
    let many = k > 10;
    let names: Vec<String> = bars
        .iter()
        .map(|(l, _)| {
            if many {
                format!("{}{l}", "\u{a0}".repeat(l.chars().count() + 1))
            } else {
                l.clone()
            }
        })
        .collect();
    let mut chart = ChartBuilder::on(area)
        .caption(caption(pattern), ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(if many { 120 } else { 40 })
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5f64..(k as f64 - 0.5), 0f64..top * 1.12)?;
    let label_style = if many {
        ("sans-serif", 11)
            .into_font()
            .transform(FontTransform::Rotate90)
    } else {
        ("sans-serif", 12).into_font()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(k)
        .x_label_style(label_style)
        .x_label_formatter(&|x| name_at(&names, *x))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc("verhalen")
        .draw()?;
    for (i, (_, count)) in bars.iter().enumerate() {
        let x = i as f64;
        if *count >= MIN_SHOWN {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.35, 0.0), (x + 0.35, *count as f64)],
                colour(0).filled(),
            )))?;
        } else if *count > 0 {
            chart.draw_series(std::iter::once(Text::new(
                "<5".to_string(),
                (x - 0.12, top * 0.04),
                ("sans-serif", 13),
            )))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::{Group, SmallGroup};
    use vertelpunt_model::Text;

    #[test]
    fn a_distribution_marks_small_options_without_drawing_their_size() {
        let mut pattern = Pattern::new(
            Family::Univariate,
            vec!["soort_hulp".into()],
            vec![Text::new("Soort hulp", "Kind of help")],
        );
        pattern.n = 40;
        for (id, n) in [("ggz", 25u64), ("wijkteam", 12)] {
            pattern.groups.push(Group {
                id: id.into(),
                label: Text::new(id, id),
                n,
                stats: None,
                centre: None,
            });
        }
        pattern.not_tested.push(SmallGroup {
            id: "pleegzorg".into(),
            label: Text::new("pleegzorg", "foster care"),
            n: None,
        });
        let date = Numeric {
            question: pseudo::DATE.into(),
            label: Text::new("datum", "date"),
            scale: Scale::Days,
            values: Vec::new(),
            codes: Vec::new(),
            not_applicable: 0,
        };
        let v = Variables {
            stories: 40,
            numerics: Vec::new(),
            factors: Vec::new(),
            triads: Vec::new(),
            date,
            bodies: Vec::new(),
        };
        let svg = render(&pattern, &v).expect("a chart");
        assert!(svg.contains("Soort hulp (n = 40)"));
        assert!(svg.contains("pleegzorg"), "the small option is named");
        assert!(svg.contains("&lt;5"), "and marked as fewer than five");
        // Two bars drawn (ggz, wijkteam), none for the small option.
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 2, "{svg}");
    }
}
