//! The store test suite. Every test runs on a fresh SQLite file and, when
//! `VERTELPUNT_TEST_POSTGRES_URL` is set, on a fresh PostgreSQL database as well.

use chrono::NaiveDate;
use vertelpunt_model::completeness::word_count;
use vertelpunt_model::definition::{DefinitionFormat, RawDefinition};
use vertelpunt_model::shipped::SHIPPED;
use vertelpunt_model::{AnswerValue, Lang, Role};
use vertelpunt_store::collection_points::{self, NewCollectionPoint};
use vertelpunt_store::questionnaires::{self, Published};
use vertelpunt_store::stories::{self, NewAnswer, NewStory, StoryFilter, StorySource};
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_store::users::{self, UserRole};
use vertelpunt_store::{migrations, regions, schema_info, setup, Backend, Store, StoreError};

/// Runs `test` once per available backend on a prepared (migrated, seeded) database.
fn on_every_backend(test: impl Fn(&Store)) {
    for db in TestDatabase::all() {
        let store = db.store();
        setup::prepare(&mut store.conn().unwrap()).expect("prepare");
        test(&store);
    }
}

#[test]
fn migrations_run_up_and_down_and_both_backends_build_the_same_schema() {
    let mut shapes = Vec::new();
    for db in TestDatabase::all() {
        let store = db.store();
        let mut conn = store.conn().unwrap();
        let applied = migrations::run_pending(&mut conn).unwrap();
        assert!(!applied.is_empty());
        assert!(!migrations::has_pending(&mut conn).unwrap());
        let shape = schema_info::schema_shape(&mut conn).unwrap();
        for table in [
            "stories",
            "answers",
            "questionnaire_versions",
            "collection_points",
            "users",
            "regions",
            "channels",
            "projects",
        ] {
            assert!(
                shape.contains_key(table),
                "{:?} lacks table {table}",
                store.backend()
            );
        }
        let reverted = migrations::revert_all(&mut conn).unwrap();
        assert_eq!(reverted.len(), applied.len());
        assert!(
            schema_info::schema_shape(&mut conn).unwrap().is_empty(),
            "tables left after down"
        );
        migrations::run_pending(&mut conn).unwrap();
        assert_eq!(schema_info::schema_shape(&mut conn).unwrap(), shape);
        assert_eq!(
            migrations::schema_version(&mut conn).unwrap(),
            applied.iter().max().cloned()
        );
        shapes.push((store.backend(), shape));
    }
    if let [(Backend::Sqlite, sqlite), (Backend::Postgres, postgres)] = &shapes[..] {
        assert_eq!(sqlite, postgres, "SQLite and PostgreSQL schemas differ");
    }
}

#[test]
fn prepare_loads_regions_questionnaires_and_the_default_collection_point_once() {
    for db in TestDatabase::all() {
        let store = db.store();
        let mut conn = store.conn().unwrap();
        let first = setup::prepare(&mut conn).unwrap();
        assert_eq!(first.regions_added, 42);
        assert_eq!(
            first.questionnaires_published,
            ["jeugdhulp v1", "zo-thuis-mogelijk v1"]
        );
        assert_eq!(first.collection_point_created.as_deref(), Some("jeugdhulp"));
        let again = setup::prepare(&mut conn).unwrap();
        assert!(again.migrations_applied.is_empty());
        assert_eq!(again.regions_added, 0);
        assert!(again.questionnaires_published.is_empty());
        assert_eq!(again.collection_point_created, None);
        assert_eq!(regions::list(&mut conn).unwrap().len(), 42);
        let point = collection_points::find_by_slug(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        assert!(point.is_open(vertelpunt_store::now()));
        assert_eq!(point.language_codes(), ["nl", "en"]);
    }
}

#[test]
fn a_changed_definition_becomes_a_new_version_and_the_old_one_stays() {
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let v1 = questionnaires::latest(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        let mut raw = SHIPPED[0].parse();
        let (same, published) = questionnaires::publish(&mut conn, &raw).unwrap();
        assert_eq!(
            (same.id.as_str(), published),
            (v1.id.as_str(), Published::Unchanged)
        );
        raw.questions.retain(|q| q.id != "toelichting");
        let (v2, published) = questionnaires::publish(&mut conn, &raw).unwrap();
        assert_eq!(published, Published::New);
        assert_eq!(v2.version, 2);
        assert_ne!(v2.id, v1.id);
        // The published version 1 is unchanged.
        let old = questionnaires::get(&mut conn, &v1.id).unwrap();
        assert_eq!(old.definition, v1.definition);
        assert!(old
            .questionnaire()
            .unwrap()
            .question("toelichting")
            .is_some());
        assert!(v2
            .questionnaire()
            .unwrap()
            .question("toelichting")
            .is_none());
    });
}

#[test]
fn an_invalid_definition_is_refused_with_its_messages_and_nothing_is_stored() {
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let src = r#"
key = "extra"
kind = "module"
extends = "jeugdhulp"
title = { nl = "Extra", en = "Extra" }
[[questions]]
id = "gehoord"
kind = "triad"
text = { nl = "a", en = "b" }
corners = []
"#;
        let raw = RawDefinition::parse(src, DefinitionFormat::Toml).unwrap();
        let err = questionnaires::publish(&mut conn, &raw).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("question 'gehoord': a triad needs exactly three corners, found 0"),
            "{message}"
        );
        assert!(
            message.contains("question id 'gehoord' is already defined by the core set"),
            "{message}"
        );
        assert!(questionnaires::latest(&mut conn, "extra")
            .unwrap()
            .is_none());
    });
}

#[test]
fn collection_points_with_modules_and_unique_slugs() {
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let core = questionnaires::latest(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        let module = questionnaires::latest(&mut conn, "zo-thuis-mogelijk")
            .unwrap()
            .unwrap();
        let default = collection_points::find_by_slug(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        let new = NewCollectionPoint {
            project_id: default.project_id.clone(),
            slug: "nijmegen-thuis".into(),
            name: "Rijk van Nijmegen".into(),
            questionnaire_version_id: core.id.clone(),
            module_version_ids: vec![module.id.clone()],
            default_region_code: Some("JR28".into()),
            opens_at: Some(
                NaiveDate::from_ymd_opt(2026, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            ),
            closes_at: Some(
                NaiveDate::from_ymd_opt(2026, 4, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            ),
            languages: vec!["nl".into()],
        };
        let point = collection_points::create(&mut conn, new.clone()).unwrap();
        let modules = collection_points::modules(&mut conn, &point.id).unwrap();
        assert_eq!(modules.len(), 1);
        assert_eq!(modules[0].questionnaire_key, "zo-thuis-mogelijk");
        assert!(
            !point.is_open(vertelpunt_store::now()),
            "closed since April 2026"
        );
        assert!(point.is_open(
            NaiveDate::from_ymd_opt(2026, 2, 1)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
        ));
        match collection_points::create(&mut conn, new) {
            Err(StoreError::Conflict(m)) => assert_eq!(
                m,
                "a collection point with slug 'nijmegen-thuis' already exists"
            ),
            other => panic!("{other:?}"),
        }
    });
}

fn story(store: &Store, synthetic: bool) -> NewStory {
    let mut conn = store.conn().unwrap();
    let point = collection_points::find_by_slug(&mut conn, "jeugdhulp")
        .unwrap()
        .unwrap();
    let version = questionnaires::get(&mut conn, &point.questionnaire_version_id).unwrap();
    let core = version.questionnaire().unwrap();
    let body = "Na maanden wachten kregen we eindelijk een gesprek met het wijkteam en dat hielp.";
    let answer = |id: &str, value| NewAnswer::new(&version.id, core.question(id).unwrap(), value);
    NewStory {
        id: vertelpunt_store::new_id(),
        collection_point_id: point.id,
        questionnaire_version_id: version.id.clone(),
        channel_id: None,
        role: Role::Ouder,
        language: Lang::Nl.into(),
        title: Some("Eindelijk gehoord".into()),
        body: body.into(),
        word_count: word_count(body) as u32,
        region_code: Some("JR31".into()),
        complete: true,
        synthetic,
        source: if synthetic {
            StorySource::SeedDemo
        } else {
            StorySource::Vertelpunt
        },
        flagged: false,
        receipt_hash: None,
        entered_by: None,
        submitted_at: vertelpunt_store::now(),
        answers: vec![
            answer("gevolgen", AnswerValue::Scale { option: "4".into() }),
            answer("gehoord", AnswerValue::Slider { value: 0 }),
            answer("juiste_hulp", AnswerValue::NotApplicable),
            answer(
                "belangrijk",
                AnswerValue::Triad {
                    shares: [60.0, 10.5, 29.5],
                },
            ),
            answer(
                "wie_hielp",
                AnswerValue::MultipleChoice {
                    options: vec!["netwerk".into(), "wijkteam".into()],
                },
            ),
            answer(
                "soort_hulp",
                AnswerValue::SingleChoice {
                    option: "jeugd_ggz".into(),
                },
            ),
            answer(
                "regio",
                AnswerValue::Region {
                    code: "JR31".into(),
                },
            ),
            answer(
                "toelichting",
                AnswerValue::FreeText {
                    text: "Dank jullie wel.".into(),
                },
            ),
        ],
    }
}

#[test]
fn every_answer_kind_round_trips_with_typed_columns() {
    on_every_backend(|store| {
        let new = story(store, false);
        let mut conn = store.conn().unwrap();
        stories::insert(&mut conn, std::slice::from_ref(&new)).unwrap();
        let stored = stories::get(&mut conn, &new.id).unwrap();
        assert_eq!(stored.role, "ouder");
        assert_eq!(stored.title.as_deref(), Some("Eindelijk gehoord"));
        assert_eq!(stored.submitted_at, new.submitted_at);
        assert_eq!(stored.review_status, "none");
        let answers = stories::answers_of(&mut conn, &new.id).unwrap();
        assert_eq!(answers.len(), new.answers.len());
        for a in &new.answers {
            assert_eq!(
                answers.get(&a.question_id),
                Some(&a.value),
                "{}",
                a.question_id
            );
        }
        // A slider at 0 is an answer, distinct from no answer; "op_tijd" was never touched.
        assert_eq!(
            answers.get("gehoord"),
            Some(&AnswerValue::Slider { value: 0 })
        );
        assert!(!answers.contains_key("op_tijd"));
        assert_eq!(stories::count_answers(&mut conn, "gevolgen").unwrap(), 1);
    });
}

#[test]
fn synthetic_stories_are_left_out_unless_asked_for() {
    on_every_backend(|store| {
        let batch = [story(store, false), story(store, true), story(store, true)];
        let mut conn = store.conn().unwrap();
        stories::insert(&mut conn, &batch).unwrap();
        assert_eq!(
            stories::count(&mut conn, &StoryFilter::default()).unwrap(),
            1
        );
        let all = StoryFilter {
            include_synthetic: true,
            ..Default::default()
        };
        assert_eq!(stories::count(&mut conn, &all).unwrap(), 3);
        let synthetic = StoryFilter {
            only_synthetic: true,
            ..Default::default()
        };
        assert_eq!(stories::count(&mut conn, &synthetic).unwrap(), 2);
    });
}

#[test]
fn a_batch_with_one_bad_story_stores_nothing() {
    on_every_backend(|store| {
        let good = story(store, false);
        let mut bad = story(store, false);
        bad.region_code = Some("JR99".into()); // not a region: the foreign key refuses it
        let mut conn = store.conn().unwrap();
        assert!(stories::insert(&mut conn, &[good, bad]).is_err());
        let all = StoryFilter {
            include_synthetic: true,
            ..Default::default()
        };
        assert_eq!(stories::count(&mut conn, &all).unwrap(), 0);
        assert_eq!(stories::count_answers(&mut conn, "gevolgen").unwrap(), 0);
    });
}

#[test]
fn staff_passwords_are_argon2_hashes_and_emails_are_unique() {
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let user = users::create(
            &mut conn,
            " Analist@Example.NL ",
            UserRole::Analyst,
            "correct horse battery",
            &vertelpunt_store::users::Scope::all(),
        )
        .unwrap();
        assert_eq!(user.email, "analist@example.nl");
        assert!(user.password_hash.starts_with("$argon2id$"));
        assert!(!user.password_hash.contains("correct horse"));
        let found = users::find_by_email(&mut conn, "ANALIST@example.nl")
            .unwrap()
            .unwrap();
        assert!(users::verify_password(
            &found.password_hash,
            "correct horse battery"
        ));
        assert!(!users::verify_password(
            &found.password_hash,
            "correct horse batterY"
        ));
        let err = users::create(
            &mut conn,
            "analist@example.nl",
            UserRole::Admin,
            "another long password",
            &vertelpunt_store::users::Scope::all(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a user with e-mail address analist@example.nl already exists"
        );
        let err = users::create(
            &mut conn,
            "kort@example.nl",
            UserRole::Admin,
            "kort",
            &vertelpunt_store::users::Scope::all(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the password must be at least 12 characters"
        );
    });
}

#[test]
fn unknown_schemes_are_refused_and_never_become_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let err = Store::open("mysql://localhost/vertelpunt").err().unwrap();
    assert!(
        err.to_string()
            .starts_with("database URL 'mysql://localhost/vertelpunt' uses scheme 'mysql'"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn aggregates_count_in_the_database_and_respect_filters_and_withdrawals() {
    use vertelpunt_store::aggregates::{self, AggregateFilter};
    on_every_backend(|store| {
        let a = story(store, false);
        let mut b = story(store, false);
        b.role = Role::Professional;
        b.region_code = Some("JR01".into());
        b.answers.retain(|x| x.question_id != "gehoord");
        let answer_of = |s: &NewStory, id: &str| {
            s.answers
                .iter()
                .find(|x| x.question_id == id)
                .unwrap()
                .clone()
        };
        let mut slider = answer_of(&a, "gehoord");
        slider.value = AnswerValue::Slider { value: 95 };
        b.answers.push(slider);
        let synthetic = story(store, true);
        let mut withdrawn = story(store, false);
        withdrawn.receipt_hash = Some("bon-1".into());
        let mut conn = store.conn().unwrap();
        stories::insert(
            &mut conn,
            &[a.clone(), b.clone(), synthetic, withdrawn.clone()],
        )
        .unwrap();
        let point = a.collection_point_id.clone();
        stories::withdraw(&mut conn, &point, "bon-1").unwrap();

        let all = aggregates::count(&mut conn, &point, &AggregateFilter::default()).unwrap();
        assert_eq!(
            all.stories, 2,
            "synthetic and withdrawn stories do not count"
        );
        let gehoord = &all.questions["gehoord"];
        assert_eq!(gehoord.answered, 2);
        let mut bins = [0; 10];
        bins[0] = 1;
        bins[9] = 1;
        assert_eq!(gehoord.bins, Some(bins));
        assert_eq!(gehoord.mean, Some(47.5));
        assert_eq!(all.questions["juiste_hulp"].not_applicable, 2);
        let wie = &all.questions["wie_hielp"].options;
        assert_eq!(wie.get("netwerk"), Some(&2));
        assert_eq!(
            all.questions["soort_hulp"].options.get("jeugd_ggz"),
            Some(&2)
        );
        assert_eq!(all.questions["gevolgen"].mean, Some(4.0));
        let triad = all.questions["belangrijk"].triad_means.unwrap();
        assert!((triad[0] - 60.0).abs() < 1e-9 && (triad[1] - 10.5).abs() < 1e-9);

        let parents = AggregateFilter {
            role: Some("ouder".into()),
            ..Default::default()
        };
        let only = aggregates::count(&mut conn, &point, &parents).unwrap();
        assert_eq!(only.stories, 1);
        assert_eq!(only.questions["gehoord"].bins.unwrap()[0], 1);
        let region = AggregateFilter {
            region_code: Some("JR01".into()),
            include_synthetic: true,
            ..Default::default()
        };
        assert_eq!(
            aggregates::count(&mut conn, &point, &region)
                .unwrap()
                .stories,
            1
        );
        let with_synthetic = AggregateFilter {
            include_synthetic: true,
            ..Default::default()
        };
        assert_eq!(
            aggregates::count(&mut conn, &point, &with_synthetic)
                .unwrap()
                .stories,
            3
        );
        let _ = b;
    });
}

#[test]
fn a_breakdown_counts_stories_per_role_channel_region_source_and_day() {
    use vertelpunt_store::aggregates::{self, AggregateFilter};
    on_every_backend(|store| {
        let a = story(store, false);
        let mut b = story(store, false);
        b.role = Role::Professional;
        b.region_code = None;
        b.complete = false;
        b.flagged = true;
        b.submitted_at = a.submitted_at - chrono::Duration::days(3);
        let mut c = story(store, false);
        c.source = StorySource::Verteltafel;
        let synthetic = story(store, true);
        let mut conn = store.conn().unwrap();
        stories::insert(&mut conn, &[a.clone(), b.clone(), c, synthetic]).unwrap();
        let point = a.collection_point_id.clone();

        let all = aggregates::breakdown(&mut conn, &point, &AggregateFilter::default()).unwrap();
        assert_eq!(all.stories, 3, "synthetic stories do not count");
        assert_eq!(all.complete, 2);
        assert_eq!(all.pending_review, 1);
        assert_eq!(all.role_channel[&("ouder".to_string(), None)], 2);
        assert_eq!(all.role_channel[&("professional".to_string(), None)], 1);
        assert_eq!(all.regions[&Some("JR31".to_string())], 2);
        assert_eq!(all.regions[&None], 1);
        assert_eq!(all.sources["vertelpunt"], 2);
        assert_eq!(all.sources["verteltafel"], 1);
        let today = a.submitted_at.date();
        assert_eq!(all.days[&today], 2);
        assert_eq!(all.days[&(today - chrono::Duration::days(3))], 1);
        assert_eq!(all.days.values().sum::<i64>(), 3);

        let parents = AggregateFilter {
            role: Some("ouder".into()),
            include_synthetic: true,
            ..Default::default()
        };
        let only = aggregates::breakdown(&mut conn, &point, &parents).unwrap();
        assert_eq!(only.stories, 3);
        assert_eq!(only.sources["seed-demo"], 1);
        assert_eq!(only.pending_review, 0);
    });
}

#[test]
fn api_tokens_are_stored_as_hashes_and_stop_working_when_revoked_or_expired() {
    use vertelpunt_store::api_tokens;
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let user = users::create(
            &mut conn,
            "partner@example.nl",
            UserRole::Analyst,
            "correct horse battery",
            &vertelpunt_store::users::Scope::all(),
        )
        .unwrap();
        let made = api_tokens::create(&mut conn, &user, "dashboard gemeente", None).unwrap();
        assert!(made.secret.starts_with("vpt_"));
        let found = api_tokens::authenticate(&mut conn, &made.secret).unwrap();
        assert_eq!(
            found.map(|u| u.email).as_deref(),
            Some("partner@example.nl")
        );
        assert!(api_tokens::authenticate(&mut conn, "vpt_wrong")
            .unwrap()
            .is_none());
        assert!(api_tokens::authenticate(&mut conn, &made.secret[4..])
            .unwrap()
            .is_none());
        let listed = api_tokens::list(&mut conn).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].1, "partner@example.nl");

        api_tokens::revoke(&mut conn, &made.token.id).unwrap();
        assert!(api_tokens::authenticate(&mut conn, &made.secret)
            .unwrap()
            .is_none());
        let err = api_tokens::revoke(&mut conn, "no-such-id").unwrap_err();
        assert_eq!(err.to_string(), "there is no API token with id no-such-id");
        let err = api_tokens::create(&mut conn, &user, "  ", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a token needs a name that says what it is for"
        );

        let expiring = api_tokens::create(&mut conn, &user, "één dag", Some(1)).unwrap();
        assert!(expiring.token.is_live(vertelpunt_store::now()));
        assert!(!expiring
            .token
            .is_live(vertelpunt_store::now() + chrono::Duration::days(2)));
    });
}

#[test]
fn analysts_find_stories_by_word_role_and_theme_and_tag_them_once() {
    use vertelpunt_store::browse::{self, StorySearch};
    use vertelpunt_store::themes;
    on_every_backend(|store| {
        let mut a = story(store, false);
        a.title = Some("Lange WACHTLIJST".into());
        let mut b = story(store, false);
        b.role = Role::Professional;
        b.body = "Het wachten duurde 100% te lang, maar de hulp_verlener was er.".into();
        b.submitted_at = a.submitted_at - chrono::Duration::days(1);
        let c = story(store, false);
        let synthetic = story(store, true);
        let mut conn = store.conn().unwrap();
        stories::insert(
            &mut conn,
            &[a.clone(), b.clone(), c.clone(), synthetic.clone()],
        )
        .unwrap();
        let point = a.collection_point_id.clone();
        let search = |text: Option<&str>| StorySearch {
            collection_point_id: point.clone(),
            text: text.map(String::from),
            ..StorySearch::default()
        };

        // Newest first, demo stories left out; words in any case, in the title or the text.
        let (total, page) = browse::search(&mut conn, &search(None), 0, 2).unwrap();
        assert_eq!(total, 3);
        assert_eq!(page.len(), 2);
        assert!(page[0].submitted_at >= page[1].submitted_at);
        let (n, found) = browse::search(&mut conn, &search(Some("wachtlijst")), 0, 10).unwrap();
        assert_eq!((n, found[0].id.as_str()), (1, a.id.as_str()));
        // A % or _ in the words is a character, not a wildcard.
        let (n, _) = browse::search(&mut conn, &search(Some("100%")), 0, 10).unwrap();
        assert_eq!(n, 1);
        let (n, _) =
            browse::search(&mut conn, &search(Some("hulp_verlener wachten")), 0, 10).unwrap();
        assert_eq!(n, 1);
        let (n, _) =
            browse::search(&mut conn, &search(Some("hulp_verlener lijst")), 0, 10).unwrap();
        assert_eq!(n, 0, "every word must be found");

        // Tagging twice tags once; the theme then selects and counts.
        let ids = vec![a.id.clone(), b.id.clone()];
        let now = vertelpunt_store::now();
        assert_eq!(
            themes::tag(&mut conn, &ids, "wachtlijst", None, now).unwrap(),
            2
        );
        assert_eq!(
            themes::tag(
                &mut conn,
                &[a.id.clone(), c.id.clone()],
                "wachtlijst",
                None,
                now
            )
            .unwrap(),
            1
        );
        themes::tag(&mut conn, &[b.id.clone()], "school", None, now).unwrap();
        assert_eq!(
            themes::in_use(&mut conn, std::slice::from_ref(&point), None).unwrap(),
            vec![("school".to_string(), 1), ("wachtlijst".to_string(), 3)]
        );
        let tagged = StorySearch {
            theme: Some("school".into()),
            ..search(None)
        };
        assert_eq!(
            browse::matching_ids(&mut conn, &tagged).unwrap(),
            vec![b.id.clone()]
        );
        let professionals = StorySearch {
            role: Some("professional".into()),
            ..search(None)
        };
        assert_eq!(
            browse::listed_among(&mut conn, &professionals, &ids).unwrap(),
            vec![b.id.clone()]
        );
        let of = themes::of_stories(&mut conn, &[b.id.clone(), synthetic.id.clone()]).unwrap();
        assert_eq!(
            of[&b.id],
            vec!["school".to_string(), "wachtlijst".to_string()]
        );
        assert!(!of.contains_key(&synthetic.id));
        assert_eq!(
            themes::of_points(&mut conn, std::slice::from_ref(&point))
                .unwrap()
                .len(),
            3
        );

        assert!(themes::untag(&mut conn, &b.id, "school").unwrap());
        assert!(!themes::untag(&mut conn, &b.id, "school").unwrap());
        assert_eq!(themes::in_use(&mut conn, &[point], None).unwrap().len(), 1);
    });
}

#[test]
fn observation_cards_keep_their_typical_stories_in_order_and_lose_a_withdrawn_one() {
    use vertelpunt_store::cards::{self, status, CardChange, CardRow};
    use vertelpunt_store::pattern_runs::{self, PatternRun};
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let analyst = users::create(
            &mut conn,
            "kaart@example.nl",
            UserRole::Analyst,
            "lang genoeg wachtwoord",
            &vertelpunt_store::users::Scope::all(),
        )
        .unwrap();
        let first = story(store, false);
        let mut second = story(store, false);
        second.receipt_hash = Some("bon-kaart".into());
        second.body = "Niemand belde terug, weken lang niet.".into();
        stories::insert(&mut conn, &[first.clone(), second.clone()]).unwrap();
        let now = vertelpunt_store::now();
        let run = PatternRun {
            id: "run-1".into(),
            collection_points: "jeugdhulp".into(),
            selection: "{}".into(),
            subgroup: None,
            preset: "standaard".into(),
            preset_definition: "{}".into(),
            engine_version: "test".into(),
            stories: 2,
            tests: 1,
            strong: 1,
            results_sha256: pattern_runs::checksum("{}"),
            results: "{}".into(),
            started_at: now,
            finished_at: now,
            synthetic_stories: 0,
        };
        pattern_runs::insert(&mut conn, &run, &[]).unwrap();
        let card = CardRow {
            id: vertelpunt_store::new_id(),
            run_id: run.id.clone(),
            pattern_id: "numeric_by_group:gehoord|gevolgen".into(),
            pattern: "{}".into(),
            chart: None,
            observation: "Wie gehoord wordt, is positiever.".into(),
            interpretation_a: String::new(),
            interpretation_b: String::new(),
            status: status::DRAFT.into(),
            created_by: Some(analyst.id.clone()),
            created_at: now,
            updated_at: now,
            published_at: None,
        };
        cards::create(&mut conn, &card).unwrap();
        assert_eq!(
            cards::for_pattern(&mut conn, "run-1", &card.pattern_id).unwrap(),
            Some(card.id.clone())
        );
        // One card per pattern of a run.
        let mut again = card.clone();
        again.id = vertelpunt_store::new_id();
        assert!(cards::create(&mut conn, &again).is_err());

        let change = CardChange {
            observation: "  Wie gehoord wordt, is vaker positief. ".into(),
            interpretation_a: "Relatie".into(),
            interpretation_b: "Terugkijken".into(),
            stories: vec![
                (second.id.clone(), "Niemand belde terug".into()),
                (first.id.clone(), "eindelijk een gesprek".into()),
            ],
            publish: Some(true),
        };
        cards::save(&mut conn, &card.id, &change).unwrap();
        let saved = cards::get(&mut conn, &card.id).unwrap();
        assert_eq!(
            saved.row.observation,
            "Wie gehoord wordt, is vaker positief."
        );
        assert!(saved.row.is_published());
        assert!(saved.row.published_at.is_some());
        assert_eq!(saved.created_by.as_deref(), Some("kaart@example.nl"));
        assert_eq!(saved.run_points, vec!["jeugdhulp".to_string()]);
        let order: Vec<&str> = saved.stories.iter().map(|s| s.story_id.as_str()).collect();
        assert_eq!(order, vec![second.id.as_str(), first.id.as_str()]);
        assert_eq!(saved.stories[0].collection_point, "jeugdhulp");
        assert_eq!(cards::list(&mut conn, true).unwrap().len(), 1);

        // The teller withdraws the second story: it leaves the card.
        let point = first.collection_point_id.clone();
        stories::withdraw(&mut conn, &point, "bon-kaart").unwrap();
        let after = cards::get(&mut conn, &card.id).unwrap();
        assert_eq!(after.stories.len(), 1);
        assert_eq!(after.stories[0].story_id, first.id);
        let quoted = cards::quoted_story(&mut conn, &second.id).unwrap().unwrap();
        assert!(!quoted.readable(), "a withdrawn story may not be quoted");
        assert!(cards::quoted_story(&mut conn, "geen-verhaal")
            .unwrap()
            .is_none());

        // Back to draft: drafts are not listed for readers; then deleted.
        let mut back = change.clone();
        back.stories.truncate(0);
        back.publish = Some(false);
        cards::save(&mut conn, &card.id, &back).unwrap();
        let draft = cards::get(&mut conn, &card.id).unwrap();
        assert!(!draft.row.is_published());
        assert_eq!(draft.row.published_at, None);
        assert!(cards::list(&mut conn, true).unwrap().is_empty());
        assert_eq!(cards::list(&mut conn, false).unwrap().len(), 1);
        assert!(cards::delete(&mut conn, &card.id).unwrap());
        assert!(matches!(
            cards::get(&mut conn, &card.id),
            Err(StoreError::NotFound(_))
        ));
    });
}

#[test]
fn the_analysis_loader_gives_every_answer_to_its_story_by_scan_and_by_lookup() {
    use std::collections::HashMap;
    use vertelpunt_store::analysis;
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        // 30 stories, each with its own slider value, so that a mix-up would show.
        let stored: Vec<NewStory> = (0..30)
            .map(|k| {
                let mut s = story(store, false);
                s.answers[1].value = AnswerValue::Slider { value: k * 3 };
                s
            })
            .collect();
        stories::insert(&mut conn, &stored).unwrap();
        let read = |conn: &mut _, ids: &[&str]| {
            let mut got: HashMap<(usize, String), AnswerValue> = HashMap::new();
            analysis::for_each_answer(conn, ids, |i, question, value| {
                assert!(
                    got.insert((i, question), value).is_none(),
                    "an answer twice"
                );
            })
            .unwrap();
            got
        };
        let expect = |got: &HashMap<(usize, String), AnswerValue>, i: usize, s: &NewStory| {
            for a in &s.answers {
                assert_eq!(
                    got.get(&(i, a.question_id.clone())),
                    Some(&a.value),
                    "story {i}, {}",
                    a.question_id
                );
            }
        };
        // All of them: the answers table is read from start to end.
        let all: Vec<&str> = stored.iter().rev().map(|s| s.id.as_str()).collect();
        assert!(all.len() as i64 * analysis::SCAN_SHARE >= 30);
        let got = read(&mut conn, &all);
        assert_eq!(got.len(), 30 * stored[0].answers.len());
        for (i, s) in stored.iter().rev().enumerate() {
            expect(&got, i, s);
        }
        // Two of them (and an unknown id): looked up by story.
        let few = [stored[7].id.as_str(), "geen-verhaal", stored[3].id.as_str()];
        assert!((few.len() as i64) * analysis::SCAN_SHARE < 30);
        let got = read(&mut conn, &few);
        assert_eq!(got.len(), 2 * stored[0].answers.len());
        expect(&got, 0, &stored[7]);
        expect(&got, 2, &stored[3]);
        assert!(!got.keys().any(|(i, _)| *i == 1));
    });
}

#[test]
fn a_collection_point_moves_to_a_new_wording_but_not_to_a_version_that_changes_answers() {
    use collection_points::Upgraded;
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let point = collection_points::find_by_slug(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        let v1 = questionnaires::latest(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        assert!(collection_points::behind(&mut conn, &point)
            .unwrap()
            .is_empty());
        // New wording and a new question keep the meaning of answers: the point moves.
        let mut raw = SHIPPED[0].parse();
        let gehoord = raw
            .questions
            .iter_mut()
            .find(|q| q.id == "gehoord")
            .unwrap();
        gehoord.text.nl = "Werd er naar je geluisterd?".into();
        let mut extra = raw.questions.last().unwrap().clone();
        extra.id = "nog_iets".into();
        raw.questions.push(extra);
        let (v2, _) = questionnaires::publish(&mut conn, &raw).unwrap();
        assert_eq!(
            collection_points::behind(&mut conn, &point).unwrap().len(),
            1
        );
        assert_eq!(
            collection_points::upgrade(&mut conn, &point).unwrap(),
            vec![Upgraded::Moved {
                key: "jeugdhulp".into(),
                from: v1.version,
                to: v2.version
            }]
        );
        let point = collection_points::find_by_slug(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        assert_eq!(point.questionnaire_version_id, v2.id);
        // A version without a question the point's stories answered: refused, nothing moves.
        raw.questions.retain(|q| q.id != "gevoel");
        let (v3, _) = questionnaires::publish(&mut conn, &raw).unwrap();
        let refused = collection_points::upgrade(&mut conn, &point).unwrap();
        assert_eq!(
            refused,
            vec![Upgraded::Refused {
                key: "jeugdhulp".into(),
                newest: v3.version,
                changes: vec!["question 'gevoel' is gone".into()]
            }]
        );
        let point = collection_points::find_by_slug(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        assert_eq!(point.questionnaire_version_id, v2.id);
    });
}

/// Whether two sets of counts agree: every count exactly, means to 1e-9 (a sum in another
/// order may differ in its last bits).
fn same_counts(
    a: &vertelpunt_store::aggregates::Aggregates,
    b: &vertelpunt_store::aggregates::Aggregates,
    what: &str,
) {
    assert_eq!(a.stories, b.stories, "{what}: stories");
    assert_eq!(
        a.questions.keys().collect::<Vec<_>>(),
        b.questions.keys().collect::<Vec<_>>(),
        "{what}: questions"
    );
    let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    };
    for (id, x) in &a.questions {
        let y = &b.questions[id];
        assert_eq!(
            (x.answered, x.not_applicable, &x.options, x.bins),
            (y.answered, y.not_applicable, &y.options, y.bins),
            "{what}: {id}"
        );
        assert!(close(x.mean, y.mean), "{what}: {id} mean");
        assert_eq!(
            x.triad_means.is_some(),
            y.triad_means.is_some(),
            "{what}: {id}"
        );
        if let (Some(p), Some(q)) = (x.triad_means, y.triad_means) {
            for i in 0..3 {
                assert!(close(Some(p[i]), Some(q[i])), "{what}: {id} triad");
            }
        }
    }
}

#[test]
fn the_tally_in_memory_counts_exactly_what_the_database_counts_and_catches_up() {
    use vertelpunt_store::aggregates::{self, AggregateFilter};
    use vertelpunt_store::tally::{Tallies, Tally};
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let point = collection_points::find_by_slug(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        let school =
            vertelpunt_store::channels::ensure(&mut conn, &point.project_id, "school", "School")
                .unwrap();
        // Varied stories: roles, regions (and none), a channel, demo ones, flagged ones, over
        // sixty days, with answers left out, n.v.t. and slider values across the range.
        let varied = |seed: u64, count: usize| -> Vec<NewStory> {
            let mut state = seed;
            let mut next = move |n: u64| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33) % n
            };
            (0..count)
                .map(|_| {
                    let mut s = story(store, next(5) == 0);
                    s.role = [Role::Ouder, Role::Jongere, Role::Professional][next(3) as usize];
                    s.region_code = [None, Some("JR31"), Some("JR01"), Some("JR13")]
                        [next(4) as usize]
                        .map(str::to_string);
                    s.channel_id = (next(3) == 0).then(|| school.id.clone());
                    s.flagged = next(6) == 0;
                    s.complete = next(4) != 0;
                    s.submitted_at -= chrono::Duration::hours(next(60 * 24) as i64);
                    s.answers.retain(|_| next(8) != 0);
                    for a in &mut s.answers {
                        match &mut a.value {
                            AnswerValue::Slider { value } => *value = next(101) as i32,
                            AnswerValue::Scale { option } => *option = (1 + next(5)).to_string(),
                            _ if next(10) == 0 => a.value = AnswerValue::NotApplicable,
                            _ => {}
                        }
                    }
                    if let Some(a) = s.answers.iter_mut().find(|a| a.question_id == "gehoord") {
                        if next(10) == 0 {
                            a.value = AnswerValue::NotApplicable;
                        }
                    }
                    s
                })
                .collect()
        };
        let mut first = varied(7, 240);
        for (i, s) in first.iter_mut().enumerate().take(12) {
            s.receipt_hash = Some(format!("bon-{i}"));
        }
        stories::insert(&mut conn, &first).unwrap();
        for i in 0..6 {
            stories::withdraw(&mut conn, &point.id, &format!("bon-{i}")).unwrap();
        }
        let today = vertelpunt_store::now()
            .date()
            .and_time(chrono::NaiveTime::MIN);
        let filters = [
            AggregateFilter::default(),
            AggregateFilter {
                include_synthetic: true,
                ..Default::default()
            },
            AggregateFilter {
                role: Some("jongere".into()),
                ..Default::default()
            },
            AggregateFilter {
                region_code: Some("JR31".into()),
                include_synthetic: true,
                ..Default::default()
            },
            AggregateFilter {
                channel_id: Some(school.id.clone()),
                ..Default::default()
            },
            AggregateFilter {
                regions: Some(vec!["JR01".into(), "JR13".into()]),
                role: Some("ouder".into()),
                ..Default::default()
            },
            AggregateFilter {
                regions: Some(Vec::new()),
                ..Default::default()
            },
            AggregateFilter {
                since: Some(today - chrono::Duration::days(20)),
                before: Some(today - chrono::Duration::days(5)),
                include_synthetic: true,
                ..Default::default()
            },
            AggregateFilter {
                role: Some("niemand".into()),
                ..Default::default()
            },
        ];
        let compare = |conn: &mut vertelpunt_store::DbConnection, tally: &Tally, when: &str| {
            for (i, filter) in filters.iter().enumerate() {
                let what = format!("{when}, filter {i}");
                let counted = aggregates::count(conn, &point.id, filter).unwrap();
                assert!(
                    counted.stories > 0 || i >= 6,
                    "{what}: the filter selects stories"
                );
                same_counts(&tally.count(filter), &counted, &what);
                assert_eq!(
                    tally.breakdown(filter),
                    aggregates::breakdown(conn, &point.id, filter).unwrap(),
                    "{what}: breakdown"
                );
                assert_eq!(
                    tally.days(filter),
                    aggregates::days(conn, &point.id, filter).unwrap(),
                    "{what}: days"
                );
            }
        };
        let tallies = Tallies::new();
        let loaded = Tally::load(&mut conn, &point.id).unwrap();
        compare(&mut conn, &loaded, "read whole");

        // New stories, withdrawals and review decisions: the tally catches up with them.
        tallies.with(&mut conn, &point.id, |_| ()).unwrap();
        stories::insert(&mut conn, &varied(11, 60)).unwrap();
        for i in 6..12 {
            stories::withdraw(&mut conn, &point.id, &format!("bon-{i}")).unwrap();
        }
        let pending =
            stories::pending_review(&mut conn, Some(&point.id), &users::Scope::all(), 0, 4)
                .unwrap()
                .0;
        assert_eq!(pending.len(), 4);
        for p in &pending {
            stories::review_story(&mut conn, &p.id, &stories::ReviewDecision::Erase, None).unwrap();
        }
        let revision = stories::revision(&mut conn, &point.id).unwrap();
        let caught_up = tallies
            .with(&mut conn, &point.id, |tally| {
                assert_eq!(tally.revision(), revision);
                let fresh = Tally::load(
                    &mut vertelpunt_store::Store::conn(store).unwrap(),
                    &point.id,
                )
                .unwrap();
                for filter in &filters {
                    same_counts(&tally.count(filter), &fresh.count(filter), "caught up");
                    assert_eq!(tally.breakdown(filter), fresh.breakdown(filter));
                }
                tally.count(&AggregateFilter::default()).stories
            })
            .unwrap();
        let counted = aggregates::count(&mut conn, &point.id, &AggregateFilter::default()).unwrap();
        assert_eq!(caught_up, counted.stories);
        tallies
            .with(&mut conn, &point.id, |tally| {
                compare(&mut store.conn().unwrap(), tally, "caught up")
            })
            .unwrap();
    });
}
