//! Which stories an evaluation looks at, and the subgroup it compares with the rest.
//!
//! A [`Condition`] is written `FIELD=VALUE[,VALUE…]` or `FIELD>=N`, `FIELD<=N`, `FIELD=MIN..MAX`;
//! FIELD is `role`, `region`, `channel`, `source`, `collection`, `language`, `theme` (a theme
//! tag) or a question id.
//! For a multiple choice, `Q=OPTION` means the option was picked.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use vertelpunt_model::Text;

use crate::dataset::{answer_columns, story_columns as sc, Dataset, DatasetError, Shape};

/// A condition on a story field or an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    #[serde(flatten)]
    pub test: ConditionTest,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "op")]
pub enum ConditionTest {
    /// One of these values (or options).
    OneOf { values: Vec<String> },
    /// A number within these bounds (inclusive).
    Between { min: Option<f64>, max: Option<f64> },
}

/// The field of a theme tag condition.
pub const THEME: &str = "theme";

const STORY_FIELDS: &[(&str, &str)] = &[
    ("role", sc::ROLE),
    ("region", sc::REGION),
    ("channel", sc::CHANNEL),
    ("source", sc::SOURCE),
    ("collection", sc::COLLECTION_POINT),
    ("language", sc::LANGUAGE),
];

impl Condition {
    /// Parses `FIELD=A,B`, `FIELD>=N`, `FIELD<=N` or `FIELD=MIN..MAX`.
    pub fn parse(text: &str) -> Result<Condition, String> {
        let number = |s: &str| {
            s.trim()
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| format!("'{s}' in '{text}' is not a number"))
        };
        let (field, test) = if let Some((f, v)) = text.split_once(">=") {
            (
                f,
                ConditionTest::Between {
                    min: Some(number(v)?),
                    max: None,
                },
            )
        } else if let Some((f, v)) = text.split_once("<=") {
            (
                f,
                ConditionTest::Between {
                    min: None,
                    max: Some(number(v)?),
                },
            )
        } else if let Some((f, v)) = text.split_once('=') {
            match v.split_once("..") {
                Some((lo, hi)) => (
                    f,
                    ConditionTest::Between {
                        min: Some(number(lo)?),
                        max: Some(number(hi)?),
                    },
                ),
                None => {
                    let values: Vec<String> = v
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    if values.is_empty() {
                        return Err(format!("'{text}' names no value after '='"));
                    }
                    (f, ConditionTest::OneOf { values })
                }
            }
        } else {
            return Err(format!(
                "'{text}' is not a condition; write FIELD=VALUE, FIELD>=N, FIELD<=N or FIELD=MIN..MAX"
            ));
        };
        let field = field.trim();
        if field.is_empty() {
            return Err(format!("'{text}' names no field before the operator"));
        }
        Ok(Condition {
            field: field.to_string(),
            test,
        })
    }

    /// The condition as written.
    pub fn to_text(&self) -> String {
        match &self.test {
            ConditionTest::OneOf { values } => format!("{}={}", self.field, values.join(",")),
            ConditionTest::Between {
                min: Some(a),
                max: Some(b),
            } => {
                format!("{}={a}..{b}", self.field)
            }
            ConditionTest::Between {
                min: Some(a),
                max: None,
            } => format!("{}>={a}", self.field),
            ConditionTest::Between {
                min: None,
                max: Some(b),
            } => format!("{}<={b}", self.field),
            ConditionTest::Between { .. } => self.field.clone(),
        }
    }

    /// A label for the stories that meet the condition, e.g. "role = jongere".
    pub fn label(&self, dataset: &Dataset) -> Text {
        let field = dataset
            .question(&self.field)
            .map(|q| q.label.clone())
            .unwrap_or_else(|| match self.field.as_str() {
                THEME => Text::new("thema", "theme"),
                _ => Text::new(self.field.clone(), self.field.clone()),
            });
        let value = match &self.test {
            ConditionTest::OneOf { values } => {
                let q = dataset.question(&self.field);
                let names: Vec<Text> = values
                    .iter()
                    .map(|v| {
                        q.and_then(|q| q.options().iter().find(|o| o.id == *v))
                            .map(|o| o.label.clone())
                            .or_else(|| vertelpunt_model::Role::from_code(v).map(|r| r.label()))
                            .or_else(|| {
                                vertelpunt_model::regions::region(v)
                                    .map(|r| Text::new(r.name.clone(), r.name.clone()))
                            })
                            .unwrap_or_else(|| Text::new(v.clone(), v.clone()))
                    })
                    .collect();
                Text::new(
                    names
                        .iter()
                        .map(|t| t.nl.as_str())
                        .collect::<Vec<_>>()
                        .join(" of "),
                    names
                        .iter()
                        .map(|t| t.en.as_str())
                        .collect::<Vec<_>>()
                        .join(" or "),
                )
            }
            ConditionTest::Between { min, max } => {
                let f = |v: &Option<f64>| v.map_or("…".to_string(), |v| v.to_string());
                let t = format!("{}–{}", f(min), f(max));
                Text::new(t.clone(), t)
            }
        };
        Text::new(
            format!("'{}: {}'", field.nl, value.nl),
            format!("'{}: {}'", field.en, value.en),
        )
    }

    /// Which stories of the dataset meet the condition.
    pub fn mask(&self, dataset: &Dataset) -> Result<Vec<bool>, DatasetError> {
        if self.field == THEME {
            let ConditionTest::OneOf { values } = &self.test else {
                return Err(DatasetError::Invalid(format!(
                    "'{}' is not a number; write {THEME}=NAME",
                    self.field
                )));
            };
            return Ok(dataset
                .strings(sc::THEMES)?
                .iter()
                .map(|v| {
                    v.as_ref()
                        .is_some_and(|v| v.split('|').any(|t| values.iter().any(|w| w == t)))
                })
                .collect());
        }
        if let Some((_, column)) = STORY_FIELDS.iter().find(|(f, _)| *f == self.field) {
            let ConditionTest::OneOf { values } = &self.test else {
                return Err(DatasetError::Invalid(format!(
                    "'{}' is not a number; write {}=VALUE",
                    self.field, self.field
                )));
            };
            return Ok(dataset
                .strings(column)?
                .iter()
                .map(|v| v.as_ref().is_some_and(|v| values.contains(v)))
                .collect());
        }
        let question = dataset.question(&self.field).ok_or_else(|| {
            DatasetError::Invalid(format!(
                "'{}' is neither a story field (role, region, channel, source, collection, language, theme) nor a question of this selection",
                self.field
            ))
        })?;
        let check_options = |values: &[String]| -> Result<(), DatasetError> {
            for v in values {
                if !question.options().iter().any(|o| o.id == *v) {
                    let known: Vec<&str> =
                        question.options().iter().map(|o| o.id.as_str()).collect();
                    return Err(DatasetError::Invalid(format!(
                        "question '{}' has no option '{v}' (options: {})",
                        question.id,
                        known.join(", ")
                    )));
                }
            }
            Ok(())
        };
        match (&question.shape, &self.test) {
            (Shape::Slider { .. }, ConditionTest::Between { min, max }) => Ok(dataset
                .floats(&question.id)?
                .iter()
                .map(|v| {
                    v.is_some_and(|v| {
                        min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m)
                    })
                })
                .collect()),
            (Shape::Scale { .. } | Shape::SingleChoice { .. }, ConditionTest::OneOf { values }) => {
                check_options(values)?;
                Ok(dataset
                    .strings(&question.id)?
                    .iter()
                    .map(|v| v.as_ref().is_some_and(|v| values.contains(v)))
                    .collect())
            }
            (Shape::MultipleChoice { .. }, ConditionTest::OneOf { values }) => {
                check_options(values)?;
                let mut mask = vec![false; dataset.len()];
                for v in values {
                    let picked = dataset.booleans(&answer_columns::option(&question.id, v))?;
                    for (m, p) in mask.iter_mut().zip(picked) {
                        *m |= p == Some(true);
                    }
                }
                Ok(mask)
            }
            _ => Err(DatasetError::Invalid(format!(
                "'{}' cannot be used on question '{}' (sliders take a range such as {}>=50, choices an option such as {}=OPTION)",
                self.to_text(),
                question.id,
                question.id,
                question.id
            ))),
        }
    }
}

/// The stories of an evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Collection point slugs (the loader reads these).
    pub collection_points: Vec<String>,
    /// Only the questions of this questionnaire (core or module key).
    pub questionnaire: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub complete_only: bool,
    /// Synthetic stories are left out unless this is set.
    pub include_synthetic: bool,
    /// Every condition must hold.
    pub conditions: Vec<Condition>,
}

/// The story field of a region condition.
pub const REGION: &str = "region";

impl Selection {
    /// The regions whose stories this selection keeps at most: the codes common to all its
    /// `region=…` conditions (every condition must hold), or `None` when it has none.
    pub fn regions(&self) -> Option<std::collections::BTreeSet<String>> {
        self.conditions
            .iter()
            .filter(|c| c.field == REGION)
            .map(|c| match &c.test {
                ConditionTest::OneOf { values } => values.iter().cloned().collect(),
                ConditionTest::Between { .. } => std::collections::BTreeSet::new(),
            })
            .reduce(|a, b| a.intersection(&b).cloned().collect())
    }

    /// Keeps only stories of `regions` too, unless the selection already does (a condition
    /// `region=…` is added; with the ones there, only the common regions remain).
    pub fn limit_to_regions(&mut self, regions: &std::collections::BTreeSet<String>) {
        if self
            .regions()
            .is_some_and(|own| !own.is_empty() && own.is_subset(regions))
        {
            return;
        }
        self.conditions.push(Condition {
            field: REGION.to_string(),
            test: ConditionTest::OneOf {
                values: regions.iter().cloned().collect(),
            },
        });
    }

    /// The stories and questions of `dataset` that this selection keeps.
    pub fn apply(&self, dataset: &Dataset) -> Result<Dataset, DatasetError> {
        let mut keep = vec![true; dataset.len()];
        let and = |keep: &mut Vec<bool>, other: Vec<bool>| {
            for (k, o) in keep.iter_mut().zip(other) {
                *k &= o;
            }
        };
        if !self.include_synthetic {
            let synthetic = dataset.booleans(sc::SYNTHETIC)?;
            and(
                &mut keep,
                synthetic.iter().map(|s| *s != Some(true)).collect(),
            );
        }
        if self.complete_only {
            let complete = dataset.booleans(sc::COMPLETE)?;
            and(
                &mut keep,
                complete.iter().map(|c| *c == Some(true)).collect(),
            );
        }
        if self.from.is_some() || self.until.is_some() {
            let from = self
                .from
                .map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp());
            let until = self
                .until
                .and_then(|d| d.succ_opt())
                .map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp());
            let at = dataset.integers(sc::SUBMITTED_AT)?;
            and(
                &mut keep,
                at.iter()
                    .map(|t| {
                        t.is_some_and(|t| {
                            from.is_none_or(|f| t >= f) && until.is_none_or(|u| t < u)
                        })
                    })
                    .collect(),
            );
        }
        for condition in &self.conditions {
            and(&mut keep, condition.mask(dataset)?);
        }
        let mut selected = dataset.filter(&keep)?;
        if let Some(key) = &self.questionnaire {
            if !selected.questions.iter().any(|q| q.questionnaire == *key) {
                return Err(DatasetError::Invalid(format!(
                    "no question of this selection belongs to questionnaire '{key}'"
                )));
            }
            selected.questions.retain(|q| q.questionnaire == *key);
        }
        Ok(selected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_limited_to_regions_keeps_the_common_ones_and_says_which() {
        let codes = |c: &[&str]| -> std::collections::BTreeSet<String> {
            c.iter().map(|s| s.to_string()).collect()
        };
        let mut selection = Selection::default();
        assert_eq!(
            selection.regions(),
            None,
            "no region condition: every region"
        );
        selection.limit_to_regions(&codes(&["JR13", "JR27"]));
        assert_eq!(selection.regions(), Some(codes(&["JR13", "JR27"])));
        // Already within: nothing is added.
        selection.limit_to_regions(&codes(&["JR13", "JR27", "JR30"]));
        assert_eq!(selection.conditions.len(), 1);
        // Wider than the limit: the common regions remain.
        let mut wide = Selection {
            conditions: vec![Condition::parse("region=JR13,JR01").unwrap()],
            ..Selection::default()
        };
        wide.limit_to_regions(&codes(&["JR13", "JR27"]));
        assert_eq!(wide.regions(), Some(codes(&["JR13"])));
    }

    #[test]
    fn conditions_parse_and_print_back() {
        for text in [
            "role=jongere",
            "gevolgen=zeer_negatief,negatief",
            "gehoord>=50",
            "gehoord<=20",
            "gehoord=10..90",
        ] {
            assert_eq!(Condition::parse(text).unwrap().to_text(), text);
        }
        assert!(Condition::parse("role")
            .unwrap_err()
            .contains("not a condition"));
        assert!(Condition::parse("gehoord>=veel")
            .unwrap_err()
            .contains("not a number"));
        assert!(Condition::parse("=x").unwrap_err().contains("no field"));
    }

    #[test]
    fn a_theme_selects_the_stories_tagged_with_it_and_survives_a_dataset_file() {
        use crate::dataset::{files, DatasetBuilder, StoryRecord};
        let mut builder = DatasetBuilder::new(Vec::new());
        for (id, themes) in [
            ("a", vec!["school", "wachtlijst"]),
            ("b", vec!["wachtlijst"]),
            ("c", vec![]),
        ] {
            let record = StoryRecord {
                id: id.into(),
                role: "ouder".into(),
                themes: themes.into_iter().map(String::from).collect(),
                ..StoryRecord::default()
            };
            builder.push(record, |_| None);
        }
        let data = builder.finish().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        files::write(&data, &path).unwrap();
        for data in [data, files::read(&path).unwrap()] {
            let wachtlijst = Condition::parse("theme=wachtlijst").unwrap();
            assert_eq!(wachtlijst.mask(&data).unwrap(), vec![true, true, false]);
            let either = Condition::parse("theme=school,geen").unwrap();
            assert_eq!(either.mask(&data).unwrap(), vec![true, false, false]);
            assert_eq!(wachtlijst.label(&data).nl, "'thema: wachtlijst'");
            assert!(Condition::parse("theme>=2").unwrap().mask(&data).is_err());
        }
    }
}
