//! The small-group rule, in one place: what counts and statistics of stories may be shown to
//! people who may not read the stories themselves (dashboards, the JSON API, observation cards,
//! session material). Pure functions; the API, the dashboard and the cards all call these.
//!
//! 1. A group of fewer than [`MIN_GROUP`] stories is never shown: a count of 1–4 is withheld
//!    ([`count`], [`counts`]).
//! 2. Nor can it be worked out as a total minus the rest: where one count of a distribution or
//!    of a line of a table would be the only one withheld, another is withheld with it
//!    ([`counts`], [`table`]).
//! 3. A distribution, a mean or any other statistic is shown only when the answers it rests on
//!    (n.v.t. excluded) number at least [`MIN_GROUP`] ([`distribution`], [`statistic`]): a mean
//!    of 4.0 beside "positief <5" and zeros elsewhere says what every one of them answered.
//! 4. Date ranges count whole periods ([`periods`], [`widen`]): the weeks of a selection are
//!    joined into periods of at least [`MIN_GROUP`] of its stories, and a date filter is widened
//!    to the periods it touches. Two views of one selection with different dates then differ by
//!    whole periods, never by one story (`until=22 jan` against `until=24 jan` once gave away
//!    every answer of the one story between them).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

/// Groups smaller than this are never shown.
pub const MIN_GROUP: i64 = 5;

/// Whether `n` stories form a group too small to show (1–4; none at all is no group).
pub fn is_small(n: i64) -> bool {
    n > 0 && n < MIN_GROUP
}

/// A count on its own: withheld when small.
pub fn count(n: i64) -> Option<i64> {
    (!is_small(n)).then_some(n)
}

/// The counts of a distribution whose total is shown: small ones withheld, and when exactly one
/// non-zero count would be withheld, the next smallest with it.
pub fn counts(counts: &[i64]) -> Vec<Option<i64>> {
    counts_marked(counts, &vec![false; counts.len()])
}

/// [`counts`], with the counts marked in `forced` withheld whatever their size.
pub fn counts_marked(counts: &[i64], forced: &[bool]) -> Vec<Option<i64>> {
    let mut shown: Vec<Option<i64>> = counts
        .iter()
        .zip(forced)
        .map(|(&n, &force)| (!is_small(n) && !force).then_some(n))
        .collect();
    let withheld = shown
        .iter()
        .zip(counts)
        .filter(|(s, &n)| s.is_none() && n > 0)
        .count();
    if withheld == 1 {
        let next = counts
            .iter()
            .enumerate()
            .filter(|&(i, &n)| n > 0 && shown[i].is_some())
            .min_by_key(|(_, &n)| n)
            .map(|(i, _)| i);
        if let Some(i) = next {
            shown[i] = None;
        }
    }
    shown
}

/// The counts of a question's options, shown only when `answers` (the stories that gave an
/// answer other than n.v.t.) reach [`MIN_GROUP`]; then as [`counts`].
pub fn distribution(option_counts: &[i64], answers: i64) -> Vec<Option<i64>> {
    if answers < MIN_GROUP {
        vec![None; option_counts.len()]
    } else {
        counts(option_counts)
    }
}

/// A statistic (a mean, a share, a median) resting on `answers` answers: shown only when they
/// reach [`MIN_GROUP`].
pub fn statistic<T>(value: Option<T>, answers: i64) -> Option<T> {
    value.filter(|_| answers >= MIN_GROUP)
}

/// A two-way table whose row and column totals are shown: counts of 1–4 are withheld, and then,
/// as long as some row or column has exactly one withheld count, one more of its non-zero counts
/// is withheld — preferably one whose other line already has a withheld count, then the smallest
/// — so that no withheld count follows from a row or column total. A line left with a single
/// withheld count and nothing else to withhold is marked, and its total must be withheld
/// instead: the second and third results mark rows and columns.
pub fn table(cells: &[Vec<i64>]) -> (Vec<Vec<Option<i64>>>, Vec<bool>, Vec<bool>) {
    let mut shown: Vec<Vec<Option<i64>>> = cells
        .iter()
        .map(|row| row.iter().map(|&n| count(n)).collect())
        .collect();
    let rows = cells.len();
    let cols = cells.first().map_or(0, Vec::len);
    let row_cells = |i: usize| (0..cols).map(move |j| (i, j));
    let col_cells = |j: usize| (0..rows).map(move |i| (i, j));
    let withheld_in = |shown: &Vec<Vec<Option<i64>>>, line: &[(usize, usize)]| {
        line.iter().filter(|&&(i, j)| shown[i][j].is_none()).count()
    };
    loop {
        let mut changed = false;
        // Rows (crossing line: the column), then columns (crossing line: the row).
        for line in 0..rows + cols {
            let members: Vec<(usize, usize)> = if line < rows {
                row_cells(line).collect()
            } else {
                col_cells(line - rows).collect()
            };
            if withheld_in(&shown, &members) != 1 {
                continue;
            }
            let crossing = |&(i, j): &(usize, usize)| {
                let other: Vec<(usize, usize)> = if line < rows {
                    col_cells(j).collect()
                } else {
                    row_cells(i).collect()
                };
                withheld_in(&shown, &other) == 0
            };
            let next = members
                .iter()
                .filter(|&&(i, j)| shown[i][j].is_some_and(|n| n > 0))
                .min_by_key(|cell| (crossing(cell), cells[cell.0][cell.1]))
                .copied();
            if let Some((i, j)) = next {
                shown[i][j] = None;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let single = |line: Vec<(usize, usize)>| withheld_in(&shown, &line) == 1;
    let row_marks = (0..rows).map(|i| single(row_cells(i).collect())).collect();
    let col_marks = (0..cols).map(|j| single(col_cells(j).collect())).collect();
    (shown, row_marks, col_marks)
}

/// Consecutive whole weeks (Monday to Sunday, UTC) holding at least [`MIN_GROUP`] stories of a
/// selection, except when the selection has fewer in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The Monday it starts on.
    pub first: NaiveDate,
    /// The Sunday it ends on.
    pub last: NaiveDate,
    pub stories: i64,
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The periods of a selection from its stories per day: weeks are joined from the first story
/// on until a period holds [`MIN_GROUP`] stories; a last period with fewer joins the one before.
pub fn periods(days: &BTreeMap<NaiveDate, i64>) -> Vec<Period> {
    let mut weeks: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for (&day, &n) in days.iter().filter(|(_, &n)| n > 0) {
        *weeks.entry(monday(day)).or_insert(0) += n;
    }
    let mut out: Vec<Period> = Vec::new();
    let mut open: Option<Period> = None;
    for (&week, &n) in &weeks {
        let sunday = week + chrono::Duration::days(6);
        let period = open.get_or_insert(Period {
            first: week,
            last: sunday,
            stories: 0,
        });
        period.last = sunday;
        period.stories += n;
        if period.stories >= MIN_GROUP {
            out.extend(open.take());
        }
    }
    if let Some(rest) = open {
        match out.last_mut() {
            Some(previous) => {
                previous.last = rest.last;
                previous.stories += rest.stories;
            }
            None => out.push(rest),
        }
    }
    out
}

/// A date range (`from`, `until`, both days included, `None` = open) widened to the periods it
/// touches: `from` to the first day of its period, `until` to the last day of its period; the
/// first period's start and the last period's end become open. A day outside every period
/// (before the first story, after the last) is kept: the range then holds no stories there.
pub fn widen(
    periods: &[Period],
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return (from, until);
    };
    let from = from.and_then(|day| {
        if day > last.last {
            return Some(day);
        }
        let at = periods.iter().position(|p| p.last >= day).unwrap_or(0);
        (at > 0).then(|| periods[at].first)
    });
    let until = until.and_then(|day| {
        if day < first.first {
            return Some(day);
        }
        let at = periods
            .iter()
            .rposition(|p| p.first <= day)
            .unwrap_or(periods.len() - 1);
        (at + 1 < periods.len()).then(|| periods[at].last)
    });
    (from, until)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the properties below see thousands of cases.
    struct Cases(u64);

    impl Cases {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below
        }

        /// A count as they come: often 0, often small, sometimes large.
        fn count(&mut self) -> i64 {
            match self.next(4) {
                0 => 0,
                1 => 1 + self.next(4) as i64,
                _ => self.next(40) as i64,
            }
        }
    }

    #[test]
    fn small_counts_are_withheld_and_cannot_be_worked_out_from_the_total() {
        assert_eq!(
            counts(&[12, 0, 7, 30]),
            vec![Some(12), Some(0), Some(7), Some(30)]
        );
        assert_eq!(
            counts(&[12, 3, 7, 30]),
            vec![Some(12), None, None, Some(30)]
        );
        assert_eq!(
            counts(&[12, 3, 1, 30]),
            vec![Some(12), None, None, Some(30)]
        );
        assert_eq!(counts(&[4]), vec![None]);
    }

    #[test]
    fn a_table_withholds_small_cells_and_one_more_in_every_row_and_column_that_needs_it() {
        let cells = vec![vec![20, 3, 8], vec![15, 9, 30], vec![0, 0, 12]];
        let (shown, row_marks, col_marks) = table(&cells);
        // The 3 goes; its row then loses the 8 and its column the 9; the 8's column loses
        // the 30 rather than the 12, whose row has nothing else to withhold.
        assert_eq!(
            shown,
            vec![
                vec![Some(20), None, None],
                vec![Some(15), None, None],
                vec![Some(0), Some(0), Some(12)]
            ]
        );
        assert_eq!(row_marks, vec![false; 3]);
        assert_eq!(col_marks, vec![false; 3]);
        // Nothing to withhold: all shown.
        assert_eq!(
            table(&[vec![5, 6], vec![7, 0]]).0,
            vec![vec![Some(5), Some(6)], vec![Some(7), Some(0)]]
        );
        // A lone small count with nothing beside it: its row total has to go instead.
        let (shown, row_marks, _) = table(&[vec![3, 0], vec![9, 6]]);
        assert_eq!(shown[0], vec![None, Some(0)]);
        assert_eq!(row_marks, vec![true, false]);
    }

    #[test]
    fn property_no_distribution_reveals_a_count_of_one_to_four() {
        let mut cases = Cases(7);
        for _ in 0..20_000 {
            let len = 1 + cases.next(8) as usize;
            let raw: Vec<i64> = (0..len).map(|_| cases.count()).collect();
            let shown = counts(&raw);
            // Directly: nothing shown is 1–4.
            assert!(shown.iter().flatten().all(|&n| !is_small(n)), "{raw:?}");
            // As the total minus the rest: never exactly one withheld count that is non-zero.
            let withheld: Vec<i64> = raw
                .iter()
                .zip(&shown)
                .filter(|(_, s)| s.is_none())
                .map(|(&n, _)| n)
                .collect();
            let nonzero = withheld.iter().filter(|&&n| n > 0).count();
            assert!(
                nonzero != 1 || raw.iter().filter(|&&n| n > 0).count() == 1,
                "{raw:?} → {shown:?}"
            );
            // The only non-zero count withheld alone means the total itself is small, and a
            // shown total is never small.
            if nonzero == 1 {
                assert!(count(raw.iter().sum()).is_none(), "{raw:?}");
            }
        }
    }

    #[test]
    fn property_no_table_line_reveals_a_count_of_one_to_four() {
        let mut cases = Cases(11);
        for _ in 0..5_000 {
            let (rows, cols) = (1 + cases.next(4) as usize, 1 + cases.next(5) as usize);
            let raw: Vec<Vec<i64>> = (0..rows)
                .map(|_| (0..cols).map(|_| cases.count()).collect())
                .collect();
            let (shown, row_marks, col_marks) = table(&raw);
            for (i, row) in shown.iter().enumerate() {
                for (j, cell) in row.iter().enumerate() {
                    assert!(cell.is_none_or(|n| !is_small(n)), "{raw:?}");
                    let _ = (i, j);
                }
            }
            // A line with exactly one withheld non-zero count is marked: its total is withheld.
            for (i, row) in shown.iter().enumerate() {
                let lone = row
                    .iter()
                    .zip(&raw[i])
                    .filter(|(s, &n)| s.is_none() && n > 0)
                    .count()
                    == 1;
                assert!(!lone || row_marks[i], "row {i} of {raw:?} → {shown:?}");
            }
            for j in 0..cols {
                let lone = (0..rows)
                    .filter(|&i| shown[i][j].is_none() && raw[i][j] > 0)
                    .count()
                    == 1;
                assert!(!lone || col_marks[j], "column {j} of {raw:?} → {shown:?}");
            }
        }
    }

    #[test]
    fn a_distribution_or_mean_needs_five_real_answers() {
        // Role ouder in JR13: four "positief", the rest n.v.t.: nothing is shown.
        assert_eq!(distribution(&[4, 0, 0, 0, 0], 4), vec![None; 5]);
        assert_eq!(statistic(Some(4.0), 4), None);
        assert_eq!(statistic(Some(4.0), 5), Some(4.0));
        assert_eq!(distribution(&[5, 0], 5), vec![Some(5), Some(0)]);
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Stories on every day of a range, `n` a day.
    fn spread(days: &[(&str, i64)]) -> BTreeMap<NaiveDate, i64> {
        days.iter().map(|(d, n)| (day(d), *n)).collect()
    }

    fn stories_in(
        days: &BTreeMap<NaiveDate, i64>,
        range: (Option<NaiveDate>, Option<NaiveDate>),
    ) -> i64 {
        days.iter()
            .filter(|(d, _)| range.0.is_none_or(|f| **d >= f) && range.1.is_none_or(|u| **d <= u))
            .map(|(_, n)| n)
            .sum()
    }

    #[test]
    fn date_ranges_a_story_apart_give_the_same_stories() {
        // 71 stories up to Thursday 22 January 2026, one more on Saturday the 24th.
        let days = spread(&[
            ("2026-01-05", 30),
            ("2026-01-14", 30),
            ("2026-01-22", 11),
            ("2026-01-24", 1),
        ]);
        let periods = periods(&days);
        assert!(
            periods.iter().all(|p| p.stories >= MIN_GROUP),
            "{periods:?}"
        );
        let a = widen(&periods, None, Some(day("2026-01-22")));
        let b = widen(&periods, None, Some(day("2026-01-24")));
        assert_eq!(a, b);
        assert_eq!(stories_in(&days, a), 72);
    }

    #[test]
    fn property_two_date_ranges_differ_by_none_or_at_least_five_stories() {
        let mut cases = Cases(3);
        let start = day("2025-09-01");
        for _ in 0..2_000 {
            let mut days = BTreeMap::new();
            for _ in 0..cases.next(30) {
                let at = start + chrono::Duration::days(cases.next(200) as i64);
                *days.entry(at).or_insert(0) += 1 + cases.next(3) as i64;
            }
            let periods = periods(&days);
            let total: i64 = days.values().sum();
            if total >= MIN_GROUP {
                assert!(periods.iter().all(|p| p.stories >= MIN_GROUP), "{days:?}");
            }
            let pick = |cases: &mut Cases| match cases.next(4) {
                0 => None,
                _ => Some(start + chrono::Duration::days(cases.next(220) as i64 - 10)),
            };
            let (f1, u1, u2) = (pick(&mut cases), pick(&mut cases), pick(&mut cases));
            let n1 = stories_in(&days, widen(&periods, f1, u1));
            let n2 = stories_in(&days, widen(&periods, f1, u2));
            let f2 = pick(&mut cases);
            let n3 = stories_in(&days, widen(&periods, f2, u1));
            // A selection of fewer than MIN_GROUP stories shows nothing, so only two shown
            // selections can be compared.
            for (a, b) in [(n1, n2), (n1, n3)] {
                if a >= MIN_GROUP && b >= MIN_GROUP {
                    assert!(!is_small((a - b).abs()), "{a} and {b}: {days:?}");
                }
            }
        }
    }
}
