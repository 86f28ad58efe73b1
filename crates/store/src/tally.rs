//! The counts of a collection point kept in memory ([`Tally`]), so the dashboard and the
//! aggregates API answer in milliseconds however many stories there are. A tally holds, per
//! story, what a filter asks about (role, region, channel, moment, demo or not, withdrawn or
//! not) and, per question, the answers as compact lists; a count is one pass over them.
//!
//! It gives exactly what [`crate::aggregates`] computes in the database (tests compare the two
//! on seeded databases), and stays up to date by revision: every write of stories raises its
//! collection point's revision ([`crate::stories::bump_revision`]), and a tally behind reads
//! only the stories written since ([`Tallies::with`]). Withdrawn stories stay in the tally,
//! marked, and never count.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::aggregates::{AggregateFilter, Aggregates, Breakdown, QuestionCounts};
use crate::schema::{answer_options, answers, stories};
use crate::stories::review;
use crate::{DbConnection, StoreResult};

const ALIVE: u8 = 1;
const SYNTHETIC: u8 = 2;
const COMPLETE: u8 = 4;
const PENDING: u8 = 8;

/// Names in a column, each stored once; index 0 is "none".
#[derive(Debug, Default)]
struct Names {
    names: Vec<Option<String>>,
    index: HashMap<Option<String>, u32>,
}

impl Names {
    fn new() -> Names {
        let mut names = Names::default();
        names.of(None);
        names
    }

    fn of(&mut self, name: Option<&str>) -> u32 {
        let key = name.map(str::to_string);
        if let Some(i) = self.index.get(&key) {
            return *i;
        }
        let i = self.names.len() as u32;
        self.names.push(key.clone());
        self.index.insert(key, i);
        i
    }

    /// The index of `name`, if it occurs.
    fn find(&self, name: Option<&str>) -> Option<u32> {
        self.index.get(&name.map(str::to_string)).copied()
    }

    fn name(&self, i: u32) -> Option<&String> {
        self.names[i as usize].as_ref()
    }
}

/// The answers to one question, as lists of (story row, …).
#[derive(Debug, Default)]
struct Question {
    /// Every answer: its row and whether it is n.v.t.
    answered: Vec<(u32, bool)>,
    /// The option of a scale or single-choice answer.
    options: Vec<(u32, u32)>,
    /// The options picked in a multiple-choice answer.
    picked: Vec<(u32, u32)>,
    option_names: Vec<String>,
    option_index: HashMap<String, u32>,
    /// The number of a slider, scale or triad answer that is not n.v.t.; `true`: a slider.
    numbers: Vec<(u32, f64, bool)>,
    /// The shares of a triad answer that is not n.v.t. (NaN: none).
    triads: Vec<(u32, [f64; 3])>,
}

impl Question {
    fn option(&mut self, name: &str) -> u32 {
        if let Some(i) = self.option_index.get(name) {
            return *i;
        }
        let i = self.option_names.len() as u32;
        self.option_names.push(name.to_string());
        self.option_index.insert(name.to_string(), i);
        i
    }
}

/// One answer row as read.
type AnswerRead = (
    String,
    String,
    String,
    bool,
    Option<String>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// What a filter asks about a story, as read.
type StoryRead = (
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    NaiveDateTime,
    bool,
    bool,
    String,
    Option<NaiveDateTime>,
);

/// The counts of one collection point, in memory.
#[derive(Debug)]
pub struct Tally {
    point_id: String,
    /// The revision of the point's stories it holds.
    revision: i64,
    rows: HashMap<String, u32>,
    role: Vec<u32>,
    region: Vec<u32>,
    channel: Vec<u32>,
    source: Vec<u32>,
    submitted: Vec<NaiveDateTime>,
    flags: Vec<u8>,
    roles: Names,
    regions: Names,
    channels: Names,
    sources: Names,
    questions: Vec<Question>,
    question_ids: Vec<String>,
    question_index: HashMap<String, usize>,
}

impl Tally {
    /// Reads every story of a collection point with its answers.
    pub fn load(conn: &mut DbConnection, point_id: &str) -> StoreResult<Tally> {
        let mut tally = Tally {
            point_id: point_id.to_string(),
            revision: 0,
            rows: HashMap::new(),
            role: Vec::new(),
            region: Vec::new(),
            channel: Vec::new(),
            source: Vec::new(),
            submitted: Vec::new(),
            flags: Vec::new(),
            roles: Names::new(),
            regions: Names::new(),
            channels: Names::new(),
            sources: Names::new(),
            questions: Vec::new(),
            question_ids: Vec::new(),
            question_index: HashMap::new(),
        };
        tally.catch_up(conn, None)?;
        Ok(tally)
    }

    /// How many stories it holds (withdrawn ones too).
    pub fn len(&self) -> usize {
        self.role.len()
    }

    /// Whether it holds no story.
    pub fn is_empty(&self) -> bool {
        self.role.is_empty()
    }

    /// The revision of the point's stories it holds.
    pub fn revision(&self) -> i64 {
        self.revision
    }

    /// Reads the stories written after the revision it holds (all of them when `since` is
    /// `None`), with the answers of the new ones.
    fn catch_up(&mut self, conn: &mut DbConnection, since: Option<i64>) -> StoreResult<()> {
        // The revision first: a story written meanwhile is read now or next time (reading it
        // twice changes nothing).
        let revision = crate::stories::revision(conn, &self.point_id)?;
        let after = since.unwrap_or(-1);
        let changed: Vec<StoryRead> = stories::table
            .filter(stories::collection_point_id.eq(&self.point_id))
            .filter(stories::revision.gt(after))
            .select((
                stories::id,
                stories::role,
                stories::region_code,
                stories::channel_id,
                stories::source,
                stories::submitted_at,
                stories::synthetic,
                stories::complete,
                stories::review_status,
                stories::withdrawn_at,
            ))
            .load(conn)?;
        let first_new = self.role.len() as u32;
        let mut new_ids: Vec<String> = Vec::new();
        for (id, role, region, channel, source, submitted, synthetic, complete, status, gone) in
            changed
        {
            let mut flags = 0;
            for (set, flag) in [
                (gone.is_none(), ALIVE),
                (synthetic, SYNTHETIC),
                (complete, COMPLETE),
                (status == review::PENDING, PENDING),
            ] {
                if set {
                    flags |= flag;
                }
            }
            let role = self.roles.of(Some(&role));
            let region = self.regions.of(region.as_deref());
            let channel = self.channels.of(channel.as_deref());
            let source = self.sources.of(Some(&source));
            match self.rows.get(&id) {
                Some(&row) => {
                    let row = row as usize;
                    self.role[row] = role;
                    self.region[row] = region;
                    self.channel[row] = channel;
                    self.source[row] = source;
                    self.submitted[row] = submitted;
                    self.flags[row] = flags;
                }
                None => {
                    new_ids.push(id.clone());
                    self.rows.insert(id, self.role.len() as u32);
                    self.role.push(role);
                    self.region.push(region);
                    self.channel.push(channel);
                    self.source.push(source);
                    self.submitted.push(submitted);
                    self.flags.push(flags);
                }
            }
        }
        if since.is_none() {
            self.read_answers(conn, None, first_new)?;
        } else if !new_ids.is_empty() {
            self.read_answers(conn, Some(&new_ids), first_new)?;
        }
        self.revision = revision;
        Ok(())
    }

    /// Reads the answers of every story of the point (`new` is `None`), or of the stories `new`
    /// (by id: a few after a write, looked up by index), which are rows from `first_new` on.
    /// Answers never change; a withdrawal removes them, and the story no longer counts.
    fn read_answers(
        &mut self,
        conn: &mut DbConnection,
        new: Option<&[String]>,
        first_new: u32,
    ) -> StoreResult<()> {
        let mut read: Vec<AnswerRead> = Vec::new();
        let mut picked: Vec<(String, String, String)> = Vec::new();
        let columns = (
            answers::story_id,
            answers::question_id,
            answers::kind,
            answers::not_applicable,
            answers::option_value,
            answers::number_value,
            answers::triad_a,
            answers::triad_b,
            answers::triad_c,
        );
        let options = (
            answers::story_id,
            answers::question_id,
            answer_options::option_id,
        );
        match new {
            None => {
                read = answers::table
                    .inner_join(stories::table)
                    .filter(stories::collection_point_id.eq(&self.point_id))
                    .select(columns)
                    .load(conn)?;
                picked = answer_options::table
                    .inner_join(answers::table.inner_join(stories::table))
                    .filter(stories::collection_point_id.eq(&self.point_id))
                    .select(options)
                    .load(conn)?;
            }
            Some(ids) => {
                for chunk in ids.chunks(crate::stories::ROWS_PER_STATEMENT) {
                    read.extend(
                        answers::table
                            .filter(answers::story_id.eq_any(chunk))
                            .select(columns)
                            .load::<AnswerRead>(conn)?,
                    );
                    picked.extend(
                        answer_options::table
                            .inner_join(answers::table)
                            .filter(answers::story_id.eq_any(chunk))
                            .select(options)
                            .load::<(String, String, String)>(conn)?,
                    );
                }
            }
        }
        for (story, question, kind, na, option, number, a, b, c) in read {
            let Some(&row) = self.rows.get(&story) else {
                continue;
            };
            if row < first_new {
                continue;
            }
            let q = self.question(&question);
            q.answered.push((row, na));
            if let Some(option) = option {
                let option = q.option(&option);
                q.options.push((row, option));
            }
            if !na {
                let slider = kind == "slider";
                if let Some(number) =
                    number.filter(|_| matches!(kind.as_str(), "slider" | "scale" | "triad"))
                {
                    q.numbers.push((row, number, slider));
                }
                if kind == "triad" {
                    let share = |v: Option<f64>| v.unwrap_or(f64::NAN);
                    q.triads.push((row, [share(a), share(b), share(c)]));
                }
            }
        }
        for (story, question, option) in picked {
            let Some(&row) = self.rows.get(&story) else {
                continue;
            };
            if row < first_new {
                continue;
            }
            let q = self.question(&question);
            let option = q.option(&option);
            q.picked.push((row, option));
        }
        Ok(())
    }

    fn question(&mut self, id: &str) -> &mut Question {
        let i = match self.question_index.get(id) {
            Some(i) => *i,
            None => {
                self.questions.push(Question::default());
                self.question_ids.push(id.to_string());
                self.question_index
                    .insert(id.to_string(), self.questions.len() - 1);
                self.questions.len() - 1
            }
        };
        &mut self.questions[i]
    }

    /// Which stories pass `filter` (never withdrawn ones; demo stories only when asked for).
    fn selected(&self, filter: &AggregateFilter) -> Vec<bool> {
        let n = self.role.len();
        let mut mask = vec![false; n];
        // A name that does not occur selects nothing.
        let wanted = |names: &Names, name: &Option<String>| -> Option<Option<u32>> {
            name.as_ref().map(|n| names.find(Some(n)))
        };
        let role = wanted(&self.roles, &filter.role);
        let region = wanted(&self.regions, &filter.region_code);
        let channel = wanted(&self.channels, &filter.channel_id);
        let within: Option<Vec<bool>> = filter.regions.as_ref().map(|codes| {
            let mut allowed = vec![false; self.regions.names.len()];
            for code in codes {
                if let Some(i) = self.regions.find(Some(code)) {
                    allowed[i as usize] = i != 0;
                }
            }
            allowed
        });
        for (row, selected) in mask.iter_mut().enumerate() {
            let flags = self.flags[row];
            *selected = flags & ALIVE != 0
                && (filter.include_synthetic || flags & SYNTHETIC == 0)
                && role.is_none_or(|r| r == Some(self.role[row]))
                && region.is_none_or(|r| r == Some(self.region[row]) && self.region[row] != 0)
                && channel.is_none_or(|c| c == Some(self.channel[row]) && self.channel[row] != 0)
                && within
                    .as_ref()
                    .is_none_or(|allowed| allowed[self.region[row] as usize])
                && filter.since.is_none_or(|t| self.submitted[row] >= t)
                && filter.before.is_none_or(|t| self.submitted[row] < t);
        }
        mask
    }

    /// What [`crate::aggregates::count`] gives for `filter`.
    pub fn count(&self, filter: &AggregateFilter) -> Aggregates {
        let mask = self.selected(filter);
        let on = |row: &u32| mask[*row as usize];
        let mut out = Aggregates {
            stories: mask.iter().filter(|s| **s).count() as i64,
            questions: BTreeMap::new(),
        };
        for (i, q) in self.questions.iter().enumerate() {
            let mut counts = QuestionCounts::default();
            for (row, na) in &q.answered {
                if on(row) {
                    counts.answered += 1;
                    if *na {
                        counts.not_applicable += 1;
                    }
                }
            }
            if counts.answered == 0 && !q.picked.iter().any(|(row, _)| on(row)) {
                continue;
            }
            let mut per_option = vec![0_i64; q.option_names.len()];
            for (row, option) in q.options.iter().chain(&q.picked) {
                if on(row) {
                    per_option[*option as usize] += 1;
                }
            }
            for (option, n) in per_option.into_iter().enumerate() {
                if n > 0 {
                    counts.options.insert(q.option_names[option].clone(), n);
                }
            }
            let (mut sum, mut n) = (0.0, 0_i64);
            for (row, value, slider) in &q.numbers {
                if !on(row) {
                    continue;
                }
                sum += value;
                n += 1;
                if *slider {
                    let slots = counts.bins.get_or_insert([0; 10]);
                    slots[((value / 10.0).floor() as i64).clamp(0, 9) as usize] += 1;
                }
            }
            if n > 0 {
                counts.mean = Some(sum / n as f64);
            }
            let mut shares = [(0.0, 0_i64); 3];
            for (row, triad) in &q.triads {
                if !on(row) {
                    continue;
                }
                for (corner, value) in triad.iter().enumerate() {
                    if !value.is_nan() {
                        shares[corner].0 += value;
                        shares[corner].1 += 1;
                    }
                }
            }
            if shares.iter().all(|(_, n)| *n > 0) {
                counts.triad_means = Some(shares.map(|(sum, n)| sum / n as f64));
            }
            out.questions.insert(self.question_ids[i].clone(), counts);
        }
        out
    }

    /// What [`crate::aggregates::breakdown`] gives for `filter`.
    pub fn breakdown(&self, filter: &AggregateFilter) -> Breakdown {
        let mask = self.selected(filter);
        let mut out = Breakdown::default();
        let mut regions: HashMap<u32, i64> = HashMap::new();
        let mut sources: HashMap<u32, i64> = HashMap::new();
        let mut role_channel: HashMap<(u32, u32), i64> = HashMap::new();
        for (row, _) in mask.iter().enumerate().filter(|(_, s)| **s) {
            let flags = self.flags[row];
            out.stories += 1;
            if flags & COMPLETE != 0 {
                out.complete += 1;
            }
            if flags & PENDING != 0 {
                out.pending_review += 1;
            }
            if filter.include_synthetic && flags & SYNTHETIC != 0 {
                out.synthetic += 1;
            }
            *role_channel
                .entry((self.role[row], self.channel[row]))
                .or_insert(0) += 1;
            *regions.entry(self.region[row]).or_insert(0) += 1;
            *sources.entry(self.source[row]).or_insert(0) += 1;
        }
        for ((role, channel), n) in role_channel {
            let role = self.roles.name(role).cloned().unwrap_or_default();
            let channel = self.channels.name(channel).cloned();
            *out.role_channel.entry((role, channel)).or_insert(0) += n;
        }
        for (region, n) in regions {
            out.regions.insert(self.regions.name(region).cloned(), n);
        }
        for (source, n) in sources {
            let source = self.sources.name(source).cloned().unwrap_or_default();
            out.sources.insert(source, n);
        }
        out.days = self.days_of(&mask);
        out
    }

    /// What [`crate::aggregates::days`] gives for `filter`.
    pub fn days(&self, filter: &AggregateFilter) -> BTreeMap<NaiveDate, i64> {
        self.days_of(&self.selected(filter))
    }

    fn days_of(&self, mask: &[bool]) -> BTreeMap<NaiveDate, i64> {
        let mut days = BTreeMap::new();
        for (row, _) in mask.iter().enumerate().filter(|(_, s)| **s) {
            *days.entry(self.submitted[row].date()).or_insert(0) += 1;
        }
        days
    }
}

/// The tallies of the collection points asked about, each brought up to date when used.
#[derive(Debug, Default)]
pub struct Tallies {
    points: Mutex<HashMap<String, Arc<RwLock<Option<Tally>>>>>,
}

impl Tallies {
    pub fn new() -> Tallies {
        Tallies::default()
    }

    /// Calls `f` with the tally of `point_id`, read first or caught up with the stories written
    /// since it was last used (one small query when nothing changed).
    pub fn with<R>(
        &self,
        conn: &mut DbConnection,
        point_id: &str,
        f: impl FnOnce(&Tally) -> R,
    ) -> StoreResult<R> {
        let slot = {
            let mut points = self.points.lock().unwrap_or_else(|e| e.into_inner());
            points.entry(point_id.to_string()).or_default().clone()
        };
        let current = crate::stories::revision(conn, point_id)?;
        let behind = {
            let held = slot.read().unwrap_or_else(|e| e.into_inner());
            held.as_ref().is_none_or(|t| t.revision < current)
        };
        if behind {
            let mut held = slot.write().unwrap_or_else(|e| e.into_inner());
            match held.as_mut() {
                Some(tally) if tally.revision < current => {
                    let since = tally.revision;
                    tally.catch_up(conn, Some(since))?;
                }
                Some(_) => {}
                None => *held = Some(Tally::load(conn, point_id)?),
            }
        }
        let held = slot.read().unwrap_or_else(|e| e.into_inner());
        let tally = held.as_ref().expect("the tally was read just above");
        Ok(f(tally))
    }
}
