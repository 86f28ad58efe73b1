//! The evaluation as an analyst meets it: planted patterns are found and ranked at the top,
//! noise stays quiet, results are reproducible byte for byte, and a dataset file gives the same
//! result as the data in memory.

use vertelpunt_patterns::dataset::files;
use vertelpunt_patterns::synthetic::{dataset, Spec};
use vertelpunt_patterns::{
    evaluate, output, Condition, Evaluation, Family, Options, Preset, Selection, Subgroup,
    Variables,
};

fn selection() -> Selection {
    Selection {
        include_synthetic: true,
        ..Selection::default()
    }
}

fn run(spec: &Spec, options: &Options) -> (Evaluation, Variables) {
    let data = selection().apply(&dataset(spec).unwrap()).unwrap();
    let preset = Preset::standard();
    let v = Variables::of(&data, &preset).unwrap();
    (evaluate(&v, &preset, options, &|_, _| {}), v)
}

#[test]
fn every_planted_pattern_is_found_and_ranked_near_the_top() {
    let (e, _) = run(&Spec::thirty(3000, true, 11), &Options::default());
    let planted = [
        "numeric_by_group:s0|c0",
        "numeric_by_numeric:s0|s1",
        "numeric_by_group:s2|k0",
        "choice_by_choice:k1|@rol",
        "triad:c0|t0",
        "over_time:@datum|s3",
        "words:c0=e|gehoord",
    ];
    for id in planted {
        let p = e
            .patterns
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("pattern {id} was not evaluated"));
        assert!(p.strong, "planted pattern {id} is not strong: {p:#?}");
        assert!(
            p.rank.unwrap() <= 25,
            "planted pattern {id} ranks {} of {} strong",
            p.rank.unwrap(),
            e.strong
        );
        assert!(!p.description.nl.is_empty() && !p.description.en.is_empty());
    }
    let s0 = e
        .patterns
        .iter()
        .find(|p| p.id == "numeric_by_group:s0|c0")
        .unwrap();
    assert!(
        s0.description.nl.contains("optie e") && s0.description.nl.contains("helemaal wel"),
        "the sentence names the group and the pole: {}",
        s0.description.nl
    );
    assert_eq!(
        s0.pairwise.len(),
        10,
        "every pair of the five options is compared"
    );
    assert!(s0.pairwise.iter().all(|w| w.q.is_some()));
}

#[test]
fn a_difference_between_groups_reads_as_one_sentence_in_both_languages() {
    let (e, _) = run(&Spec::thirty(1500, true, 16), &Options::default());
    let grouped: Vec<_> = e
        .patterns
        .iter()
        .filter(|p| p.family == Family::NumericByGroup && p.p.is_some())
        .collect();
    assert!(!grouped.is_empty());
    for p in grouped {
        let (nl, en) = (&p.description.nl, &p.description.en);
        assert!(
            nl.contains("het meest") && nl.contains(", en het minst bij "),
            "{nl}"
        );
        assert!(
            en.contains(" lies furthest ") && en.contains(", and least with "),
            "{en}"
        );
        // A ticked option's groups read as whole phrases: never "with not 'X'".
        assert!(
            !en.contains("with not '") && !nl.contains("bij niet '"),
            "{en} / {nl}"
        );
    }
}

#[test]
fn on_pure_noise_at_most_five_percent_of_tests_come_out_strong() {
    let (e, _) = run(&Spec::thirty(2000, false, 12), &Options::default());
    let tested = e.patterns.iter().filter(|p| p.p.is_some()).count();
    assert!(tested > 500, "a full run tests many pairs ({tested})");
    let strong = e.patterns.iter().filter(|p| p.strong).count();
    assert!(
        (strong as f64) <= 0.05 * tested as f64,
        "{strong} strong patterns of {tested} tests on noise"
    );
    // Uncorrected, about 5 % of the p-values would be below 0.05: the correction matters.
    let raw = e
        .patterns
        .iter()
        .filter(|p| p.p.is_some_and(|p| p < 0.05))
        .count();
    let corrected = e
        .patterns
        .iter()
        .filter(|p| p.q.is_some_and(|q| q < 0.05))
        .count();
    assert!(corrected <= raw, "q ≥ p: {corrected} vs {raw}");
}

#[test]
fn the_same_data_and_parameters_give_byte_identical_files() {
    let spec = Spec::thirty(600, true, 13);
    let out = |dir: &std::path::Path| {
        let (mut e, v) = run(&spec, &Options::default());
        output::write(&mut e, &v, &selection(), None, dir).unwrap();
        (
            std::fs::read(dir.join("patterns.json")).unwrap(),
            std::fs::read(dir.join("patterns.csv")).unwrap(),
            e,
        )
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (json_a, csv_a, e) = out(a.path());
    let (json_b, csv_b, _) = out(b.path());
    assert_eq!(json_a, json_b);
    assert_eq!(csv_a, csv_b);
    // One chart per strong pattern, an SVG with the n on it.
    let charts: Vec<_> = std::fs::read_dir(a.path().join("charts"))
        .unwrap()
        .collect();
    assert_eq!(charts.len(), e.strong);
    let first = e.patterns.iter().find(|p| p.rank == Some(1)).unwrap();
    let svg = std::fs::read_to_string(a.path().join(first.chart.as_ref().unwrap())).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains(&format!("n = {}", first.n)),
        "{svg:.300}"
    );
    // The distribution of every answered question, beside them; the same bytes every time.
    let univariate: Vec<_> = e
        .patterns
        .iter()
        .filter(|p| p.family == vertelpunt_patterns::pattern::Family::Univariate && p.n > 0)
        .collect();
    assert!(univariate.len() >= 10);
    for p in &univariate {
        let chart = p
            .chart
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no chart", p.id));
        assert!(chart.starts_with("verdelingen/"), "{chart}");
        let svg = std::fs::read_to_string(a.path().join(chart)).unwrap();
        assert!(svg.contains(&format!("n = {}", p.n)), "{chart}");
        assert_eq!(svg, std::fs::read_to_string(b.path().join(chart)).unwrap());
    }
    // Every pattern has its own id; a scale is described once, with its positions and with the
    // stories per option.
    let mut ids: Vec<&str> = e.patterns.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "pattern ids repeat");
    let scale = univariate
        .iter()
        .find(|p| p.questions[0] == "c0")
        .expect("the scale c0");
    assert!(scale.groups[0].stats.is_some(), "{:?}", scale.groups);
    assert_eq!(
        scale.groups[1..].iter().map(|g| g.n).sum::<u64>(),
        scale.n,
        "{:?}",
        scale.groups
    );
    let slider = univariate
        .iter()
        .find(|p| p.questions[0] == "s0")
        .expect("the slider s0");
    let svg = std::fs::read_to_string(a.path().join(slider.chart.as_ref().unwrap())).unwrap();
    assert!(
        svg.contains("90–100") && svg.contains("verhalen"),
        "{svg:.400}"
    );
}

#[test]
fn a_dataset_file_gives_the_same_patterns_as_the_data_in_memory() {
    let spec = Spec::thirty(400, true, 14);
    let data = dataset(&spec).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let preset = Preset::standard();
    let json = |d: &vertelpunt_patterns::Dataset| {
        let d = selection().apply(d).unwrap();
        let v = Variables::of(&d, &preset).unwrap();
        serde_json::to_string(&evaluate(&v, &preset, &Options::default(), &|_, _| {}).patterns)
            .unwrap()
    };
    let expected = json(&data);
    for name in ["verhalen.csv", "verhalen.parquet"] {
        let path = dir.path().join(name);
        files::write(&data, &path).unwrap();
        let back = files::read(&path).unwrap();
        assert_eq!(back.len(), data.len());
        assert_eq!(json(&back), expected, "{name}");
    }
    std::fs::remove_file(files::questions_path(&dir.path().join("verhalen.csv"))).unwrap();
    let err = files::read(&dir.path().join("verhalen.csv"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("verhalen.questions.json") && err.contains("missing"),
        "{err}"
    );
}

#[test]
fn a_subgroup_is_compared_with_the_rest_on_every_question() {
    let spec = Spec::thirty(1500, true, 15);
    let data = selection().apply(&dataset(&spec).unwrap()).unwrap();
    let condition = Condition::parse("role=jongere").unwrap();
    let members = condition.mask(&data).unwrap();
    let options = Options {
        families: vec![Family::Subgroup],
        subgroup: Some(Subgroup {
            key: condition.to_text(),
            label: condition.label(&data),
            field: condition.field.clone(),
            members,
        }),
    };
    let preset = Preset::standard();
    let v = Variables::of(&data, &preset).unwrap();
    let e = evaluate(&v, &preset, &options, &|_, _| {});
    assert!(e.patterns.iter().all(|p| p.family == Family::Subgroup));
    // 14 sliders + 5 scales as numbers, 6 choices + 12 options + the region as tables, 2 triads.
    assert_eq!(e.patterns.len(), 14 + 5 + 6 + 12 + 1 + 2);
    let k1 = e.patterns.iter().find(|p| p.questions[1] == "k1").unwrap();
    assert!(k1.strong, "youth choose k1 = a far more often: {k1:#?}");
    assert!(
        k1.description.nl.contains("kind of jongere"),
        "{}",
        k1.description.nl
    );
    // Typical stories of the subgroup against the rest: youth who chose k1 = a.
    let subgroup = options.subgroup.as_ref().unwrap();
    let suggested =
        vertelpunt_patterns::suggest::typical_stories(k1, &data, &v, Some(subgroup), 2, &[])
            .unwrap();
    assert!(!suggested.is_empty());
    let ids = data
        .strings(vertelpunt_patterns::dataset::story_columns::ID)
        .unwrap();
    let first = ids
        .iter()
        .position(|x| x.as_deref() == Some(suggested[0].story_id.as_str()))
        .unwrap();
    assert!(subgroup.members[first], "{:?}", suggested[0]);
}

#[test]
fn small_groups_are_not_tested_and_their_size_is_hidden_below_five() {
    let spec = Spec::thirty(60, false, 16);
    let (e, _) = run(
        &spec,
        &Options {
            families: vec![Family::NumericByGroup],
            subgroup: None,
        },
    );
    let region = e
        .patterns
        .iter()
        .find(|p| p.id == "numeric_by_group:s0|@regio")
        .unwrap();
    assert!(region.p.is_none() && region.flags.contains(&"groups_too_small".to_string()));
    assert!(
        region.description.nl.contains("niet getoetst"),
        "{}",
        region.description.nl
    );
    assert_eq!(region.not_tested.len(), 4);
    assert!(region
        .not_tested
        .iter()
        .all(|g| g.n.is_none_or(|n| (5..20).contains(&n))));
}

#[test]
fn a_selection_names_what_it_cannot_use() {
    let data = dataset(&Spec::thirty(50, false, 17)).unwrap();
    let mut s = selection();
    s.conditions = vec![Condition::parse("k0=z").unwrap()];
    let err = s.apply(&data).unwrap_err().to_string();
    assert!(
        err.contains("no option 'z'") && err.contains("a, b, c, d"),
        "{err}"
    );
    s.conditions = vec![Condition::parse("bestaat_niet=a").unwrap()];
    assert!(s
        .apply(&data)
        .unwrap_err()
        .to_string()
        .contains("'bestaat_niet' is neither"));
    // Synthetic stories are left out unless asked for.
    assert_eq!(Selection::default().apply(&data).unwrap().len(), 0);
    s.conditions = vec![
        Condition::parse("s0>=50").unwrap(),
        Condition::parse("role=ouder").unwrap(),
    ];
    let kept = s.apply(&data).unwrap();
    assert!(kept.len() < 50 && !kept.is_empty());
}

#[test]
fn typical_stories_come_from_the_extreme_groups_close_to_their_median() {
    use vertelpunt_patterns::dataset::story_columns;
    use vertelpunt_patterns::suggest::typical_stories;
    let data = selection()
        .apply(&dataset(&Spec::thirty(1200, true, 5)).unwrap())
        .unwrap();
    let preset = Preset::standard();
    let v = Variables::of(&data, &preset).unwrap();
    let e = evaluate(&v, &preset, &Options::default(), &|_, _| {});
    let ids = data.strings(story_columns::ID).unwrap();
    let index = |id: &str| ids.iter().position(|x| x.as_deref() == Some(id)).unwrap();

    // A slider per group: three stories from the highest and three from the lowest group.
    let p = e
        .patterns
        .iter()
        .find(|p| p.family == Family::NumericByGroup && p.strong)
        .unwrap();
    let suggested = typical_stories(p, &data, &v, None, 3, &[]).unwrap();
    assert_eq!(suggested.len(), 6, "{suggested:#?}");
    let num = v
        .numerics
        .iter()
        .find(|n| n.question == p.questions[0])
        .unwrap();
    let fac = v
        .factors
        .iter()
        .find(|f| f.key() == p.questions[1])
        .unwrap();
    let stats = |label: &str| {
        p.groups
            .iter()
            .find(|g| label.starts_with(&format!("'{}: {}'", fac.label.nl, g.label.nl)))
            .and_then(|g| Some((g.id.clone(), g.stats.clone()?)))
            .unwrap()
    };
    let means: Vec<f64> = p
        .groups
        .iter()
        .filter_map(|g| g.stats.as_ref().map(|s| s.mean))
        .collect();
    let (top, bottom) = (
        means.iter().cloned().fold(f64::MIN, f64::max),
        means.iter().cloned().fold(f64::MAX, f64::min),
    );
    for s in &suggested {
        let (group, st) = stats(&s.group.nl);
        assert!(st.mean == top || st.mean == bottom, "an extreme group");
        let i = index(&s.story_id);
        let level = fac.level_ids.iter().position(|l| *l == group).unwrap();
        assert_eq!(fac.codes[i], level as u32, "the story is in its group");
        let value = num.values[num.codes[i] as usize];
        assert!(
            (value - st.median).abs() <= (st.q3 - st.q1).max(1.0),
            "{value} is typical of a group with median {}",
            st.median
        );
        assert!(!s.quote.is_empty() && v.bodies[i].contains(&s.quote));
    }
    // The same data gives the same suggestions; stories already on the card are left out.
    assert_eq!(
        typical_stories(p, &data, &v, None, 3, &[]).unwrap(),
        suggested
    );
    let skip = vec![suggested[0].story_id.clone()];
    let again = typical_stories(p, &data, &v, None, 3, &skip).unwrap();
    assert!(again.iter().all(|s| s.story_id != suggested[0].story_id));

    // Two choices, and a triad's zones against a choice: the stories of the cell that stands
    // out most.
    for t in [Family::ChoiceByChoice, Family::Triad]
        .iter()
        .filter_map(|f| e.patterns.iter().find(|p| p.family == *f && p.strong))
    {
        let suggested = typical_stories(t, &data, &v, None, 2, &[]).unwrap();
        assert!(!suggested.is_empty(), "{t:#?}");
        let rows = v
            .factors
            .iter()
            .find(|f| f.key() == t.questions[0])
            .unwrap();
        let table = t.table.as_ref().unwrap();
        let best = table
            .residuals
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap()
            .0;
        let row = &t.groups[best / table.columns.len()];
        let level = rows.level_ids.iter().position(|l| *l == row.id).unwrap() as u32;
        assert_eq!(rows.codes[index(&suggested[0].story_id)], level);
    }
    // A trend over time: stories at both ends of it.
    let trend = e
        .patterns
        .iter()
        .find(|p| p.id == "over_time:@datum|s3")
        .unwrap();
    assert!(!typical_stories(trend, &data, &v, None, 2, &[])
        .unwrap()
        .is_empty());
    // Key words: stories of the group that use the word, quoted where they use it.
    if let Some(w) = e
        .patterns
        .iter()
        .find(|p| p.family == Family::Words && p.strong)
    {
        let word = w.word.clone().unwrap();
        for s in typical_stories(w, &data, &v, None, 3, &[]).unwrap() {
            assert!(s.quote.to_lowercase().contains(&word), "{s:?}");
        }
    }
}
