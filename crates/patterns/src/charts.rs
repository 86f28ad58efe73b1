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
/// Text sizes (plotters writes 0.8 of these into the SVG): a chart is shown at least 540 px wide
/// (a phone scrolls it sideways), where axis labels of 17 px read as 12–13 px.
const CAPTION_SIZE: u32 = 23;
const LABEL_SIZE: u32 = 21;
const SMALL_SIZE: u32 = 19;

/// A numeric axis: its range and the positions that carry a label, each label once: a scale's
/// options at their whole positions 1…k, dates and other numbers at round steps.
struct Axis {
    range: std::ops::Range<f64>,
    ticks: Vec<f64>,
    names: Vec<String>,
}

impl Axis {
    /// The axis of a numeric variable whose values run from `lo` to `hi`.
    fn of(n: Option<&Numeric>, lo: f64, hi: f64) -> Axis {
        if let Some(Numeric {
            scale: Scale::Ordinal { options },
            ..
        }) = n
        {
            let k = options.len().max(1);
            return Axis {
                range: 0.5..(k as f64 + 0.5),
                ticks: (1..=k).map(|i| i as f64).collect(),
                names: options.iter().map(|o| short(&o.nl, 16)).collect(),
            };
        }
        let is_date = n.is_some_and(|n| n.question == pseudo::DATE);
        let pad = ((hi - lo) * 0.05).max(0.5);
        Axis::round((lo - pad)..(hi + pad), is_date)
    }

    /// Labels at round steps (1, 2 or 5 times a power of ten; whole days for dates).
    fn round(range: std::ops::Range<f64>, is_date: bool) -> Axis {
        let raw = ((range.end - range.start) / 6.0).max(1e-9);
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|f| f * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        let step = if is_date { step.max(1.0).round() } else { step };
        let decimals = if step >= 1.0 {
            0
        } else {
            (-step.log10()).ceil() as usize
        };
        let mut ticks = Vec::new();
        let mut t = (range.start / step).ceil() * step;
        while t <= range.end + 1e-9 && ticks.len() < 50 {
            // (-20 / 20).ceil() * 20 is -0: written "-0" on the axis.
            ticks.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
            t += step;
        }
        let names = ticks
            .iter()
            .map(|t| {
                if is_date {
                    axis_value(*t, true)
                } else {
                    format!("{t:.decimals$}").replace('.', ",")
                }
            })
            .collect();
        Axis {
            range,
            ticks,
            names,
        }
    }

    /// The label at `v`, or nothing between labelled positions.
    fn name(&self, v: f64) -> String {
        self.ticks
            .iter()
            .position(|t| (t - v).abs() < 1e-9 * t.abs().max(1.0))
            .map(|i| self.names[i].clone())
            .unwrap_or_default()
    }

    fn coord(&self) -> Ticked {
        Ticked {
            inner: self.range.clone().into(),
            ticks: self.ticks.clone(),
        }
    }
}

/// A linear axis whose grid lines and labels sit only at given positions (plotters'
/// `WithKeyPoints` over `f64` cannot take a label formatter).
struct Ticked {
    inner: plotters::coord::types::RangedCoordf64,
    ticks: Vec<f64>,
}

impl plotters::coord::ranged1d::Ranged for Ticked {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

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
    let k = pattern.groups.len();
    let names: Vec<String> = pattern
        .groups
        .iter()
        .map(|g| format!("{} (n={})", short(&g.label.nl, 16), g.n))
        .collect();
    let y_axis = Axis::of(y_var, lo, hi);
    let label_width = y_axis
        .names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(3) as u32;
    let mut chart = ChartBuilder::on(area)
        .caption(caption(pattern), ("sans-serif", CAPTION_SIZE))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(36 + label_width * 9)
        .build_cartesian_2d(-0.5f64..(k as f64 - 0.5), y_axis.coord())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(k)
        .label_style(("sans-serif", LABEL_SIZE))
        .axis_desc_style(("sans-serif", LABEL_SIZE))
        .x_label_formatter(&|x| name_at(&names, *x))
        .y_label_formatter(&|y| y_axis.name(*y))
        .y_desc(short(&pattern.labels[0].nl, 36))
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
        .caption(caption(pattern), ("sans-serif", CAPTION_SIZE))
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
    let axis = |n: &Numeric| {
        let lo = n.values.first().copied().unwrap_or(0.0);
        let hi = n.values.last().copied().unwrap_or(1.0);
        Axis::of(Some(n), lo, hi)
    };
    let (x_axis, y_axis) = (axis(x), axis(y));
    let xr = x_axis.range.clone();
    let label_width = y_axis
        .names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(3) as u32;
    let mut chart = ChartBuilder::on(area)
        .caption(caption(pattern), ("sans-serif", CAPTION_SIZE))
        .margin(12)
        .x_label_area_size(64)
        .y_label_area_size(36 + label_width * 9)
        .build_cartesian_2d(x_axis.coord(), y_axis.coord())?;
    chart
        .configure_mesh()
        .label_style(("sans-serif", LABEL_SIZE))
        .axis_desc_style(("sans-serif", LABEL_SIZE))
        .x_desc(short(&x.label.nl, 50))
        .y_desc(short(&y.label.nl, 36))
        .x_label_formatter(&|v| x_axis.name(*v))
        .y_label_formatter(&|v| y_axis.name(*v))
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
    area.draw(&Text::new(
        caption(pattern),
        (12, 8),
        ("sans-serif", CAPTION_SIZE),
    ))?;
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
            ("sans-serif", LABEL_SIZE),
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
                format!("{} (n={})", short(&g.label.nl, 22), g.n),
                (22, y),
                ("sans-serif", SMALL_SIZE),
            ))?;
        }
    }
    legend.draw(&Text::new(
        "● zwaartepunt per groep",
        (10, 30),
        ("sans-serif", SMALL_SIZE),
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
            ("sans-serif", CAPTION_SIZE),
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
        .label_style(("sans-serif", LABEL_SIZE))
        .axis_desc_style(("sans-serif", LABEL_SIZE))
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
    // Counts are whole: labels at whole steps only.
    let mut counts = Axis::round(0f64..top * 1.12, false);
    if counts.ticks.iter().any(|t| t.fract() != 0.0) {
        counts = Axis::round(0f64..top.max(6.0) * 1.12, false);
    }
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
        .caption(caption(pattern), ("sans-serif", CAPTION_SIZE))
        .margin(12)
        .x_label_area_size(if many { 140 } else { 44 })
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5f64..(k as f64 - 0.5), counts.coord())?;
    let label_style = if many {
        ("sans-serif", SMALL_SIZE)
            .into_font()
            .transform(FontTransform::Rotate90)
    } else {
        ("sans-serif", LABEL_SIZE).into_font()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(k)
        .x_label_style(label_style)
        .y_label_style(("sans-serif", LABEL_SIZE))
        .axis_desc_style(("sans-serif", LABEL_SIZE))
        .x_label_formatter(&|x| name_at(&names, *x))
        .y_label_formatter(&|y| counts.name(*y))
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
        let v = variables(40, Vec::new());
        let svg = render(&pattern, &v).expect("a chart");
        assert!(svg.contains("Soort hulp (n = 40)"));
        assert!(svg.contains("pleegzorg"), "the small option is named");
        assert!(svg.contains("&lt;5"), "and marked as fewer than five");
        // Two bars drawn (ggz, wijkteam), none for the small option.
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 2, "{svg}");
    }

    /// Variables of `stories` stories with these numeric questions (and no dates).
    fn variables(stories: usize, numerics: Vec<Numeric>) -> Variables {
        Variables {
            stories,
            numerics,
            factors: Vec::new(),
            triads: Vec::new(),
            date: Numeric {
                question: pseudo::DATE.into(),
                label: Text::new("datum", "date"),
                scale: Scale::Days,
                values: Vec::new(),
                codes: Vec::new(),
                not_applicable: 0,
            },
            bodies: Vec::new(),
            languages: Vec::new(),
        }
    }

    /// The texts of an SVG chart.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = t.split_once('>')?.1;
                Some(body.split_once("</text>")?.0.trim().to_string())
            })
            .collect()
    }

    #[test]
    fn a_scale_by_group_chart_labels_each_option_once_at_its_whole_position() {
        let options: Vec<Text> = ["Zeker niet", "Niet", "Neutraal", "Wel", "Zeker wel"]
            .iter()
            .map(|o| Text::new(*o, *o))
            .collect();
        let codes: Vec<u32> = (0..60).map(|i| i % 5).collect();
        let scale = Numeric {
            question: "gehoord".into(),
            label: Text::new("Gehoord", "Heard"),
            scale: Scale::Ordinal { options },
            values: vec![1.0, 2.0, 3.0, 4.0, 5.0],
            codes,
            not_applicable: 0,
        };
        let mut pattern = Pattern::new(
            Family::NumericByGroup,
            vec!["gehoord".into(), "@rol".into()],
            vec![Text::new("Gehoord", "Heard"), Text::new("Rol", "Role")],
        );
        pattern.n = 60;
        for (id, values) in [
            ("ouder", [1.0, 2.0, 2.0, 3.0]),
            ("jongere", [3.0, 4.0, 5.0, 5.0]),
        ] {
            pattern.groups.push(Group {
                id: id.into(),
                label: Text::new(id, id),
                n: 30,
                stats: crate::stats::describe(&values, &[8, 8, 7, 7]),
                centre: None,
            });
        }
        let v = variables(60, vec![scale]);
        let svg = render(&pattern, &v).expect("a chart");
        let texts = texts(&svg);
        for option in ["Zeker niet", "Niet", "Neutraal", "Wel", "Zeker wel"] {
            assert_eq!(
                texts.iter().filter(|t| t.as_str() == option).count(),
                1,
                "{option} once in {texts:?}"
            );
        }
        // No bare positions beside the options (the old axis read 0 1 2 2 2 3 4 4 4 5 6).
        assert!(!texts.iter().any(|t| t.parse::<f64>().is_ok()), "{texts:?}");
        // Axis labels are large enough to read on a phone.
        let size: f64 = svg
            .split("<text")
            .find(|t| t.contains(">\nNeutraal\n<") || t.contains(">Neutraal<"))
            .and_then(|t| t.split("font-size=\"").nth(1))
            .and_then(|t| t.split('"').next())
            .and_then(|t| t.parse().ok())
            .expect("the option's font size");
        assert!(size >= 16.0, "{size}");
    }

    #[test]
    fn round_axes_never_repeat_a_label() {
        for (lo, hi) in [
            (0.0, 5.6),
            (0.0, 100.0),
            (-5.0, 105.0),
            (-0.4, 1.3),
            (20_000.0, 20_400.0),
        ] {
            let axis = Axis::round(lo..hi, false);
            let mut names = axis.names.clone();
            names.dedup();
            assert_eq!(names, axis.names, "{lo}..{hi}");
            assert!(axis.ticks.len() >= 3, "{lo}..{hi}: {:?}", axis.ticks);
            assert!(!axis.names.iter().any(|n| n == "-0"), "{:?}", axis.names);
        }
    }
}
