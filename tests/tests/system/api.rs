//! The JSON API over HTTP, on every backend: the OpenAPI document, collection points and
//! questionnaire versions, submitting stories (the same checks as the form, every refusal with
//! its field and message and nothing stored), token authentication, aggregates with small
//! groups withheld, and stored pattern runs.

use serde_json::{json, Value};
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_store::users::{self, UserRole};
use vertelpunt_store::{api_tokens, pattern_runs, stories, Store};
use vertelpunt_system_tests::{agent, spawn_app_with, TestApp};
use vertelpunt_web::WebOptions;

const STORY: &str = "Na maanden wachten kregen we eindelijk een gesprek met het wijkteam.";

struct Reply {
    status: u16,
    json: Value,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn reply(mut response: ureq::http::Response<ureq::Body>) -> Reply {
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    let json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not JSON ({e}), status {status}: {text}"));
    Reply {
        status,
        json,
        headers,
    }
}

fn api_get(app: &TestApp, path: &str, token: Option<&str>, lang: &str) -> Reply {
    let mut request = agent()
        .get(format!("{}{path}", app.url))
        .header("Accept-Language", lang);
    if let Some(t) = token {
        request = request.header("Authorization", &format!("Bearer {t}"));
    }
    reply(request.call().unwrap())
}

fn api_post(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> Reply {
    let mut request = agent().post(format!("{}{path}", app.url));
    if let Some(t) = token {
        request = request.header("Authorization", &format!("Bearer {t}"));
    }
    reply(request.send_json(body).unwrap())
}

fn token_for(store: &Store, email: &str, role: UserRole) -> String {
    let mut conn = store.conn().unwrap();
    let user = users::create(
        &mut conn,
        email,
        role,
        "correct horse battery staple",
        &vertelpunt_store::users::Scope::all(),
    )
    .unwrap();
    api_tokens::create(&mut conn, &user, "test", None)
        .unwrap()
        .secret
}

fn story_count(store: &Store) -> i64 {
    stories::count(&mut store.conn().unwrap(), &Default::default()).unwrap()
}

fn full_story() -> Value {
    json!({
        "role": "ouder",
        "language": "nl",
        "story": STORY,
        "title": "Eindelijk gehoord",
        "channel": "facebook-voorjaar",
        "answers": {
            "gevolgen": "4",
            "gehoord": 80,
            "juiste_hulp": "nvt",
            "belangrijk": [50, 30, 20],
            "wie_hielp": ["wijkteam", "netwerk"],
            "regio": "JR28",
            "toelichting": "Dank jullie wel."
        }
    })
}

fn the_openapi_document_describes_every_endpoint_and_the_token_scheme(app: TestApp) {
    let doc = api_get(&app, "/api/openapi.json", None, "nl");
    assert_eq!(doc.status, 200);
    assert!(doc.json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc.json["paths"].as_object().unwrap();
    for path in [
        "/api/v1/collection-points",
        "/api/v1/collection-points/{slug}",
        "/api/v1/collection-points/{slug}/stories",
        "/api/v1/collection-points/{slug}/aggregates",
        "/api/v1/questionnaire-versions",
        "/api/v1/questionnaire-versions/{id}",
        "/api/v1/pattern-runs",
        "/api/v1/pattern-runs/{id}",
    ] {
        assert!(paths.contains_key(path), "{path} missing from the document");
    }
    assert_eq!(
        doc.json["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let request = &doc.json["components"]["schemas"]["StoryRequest"];
    assert_eq!(request["additionalProperties"], false);
    assert!(request["required"]
        .as_array()
        .unwrap()
        .contains(&json!("story")));
    // An unknown API address answers in JSON, not with the HTML 404 page.
    let unknown = api_get(&app, "/api/v1/nothing-here", None, "en");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json["error"], "not_found");
    assert_eq!(
        unknown.json["message"],
        "There is no such API endpoint; see /api/openapi.json."
    );
}
on_every_backend!(the_openapi_document_describes_every_endpoint_and_the_token_scheme);

fn collection_points_and_questionnaires_tell_a_partner_app_what_to_ask(app: TestApp) {
    let list = api_get(&app, "/api/v1/collection-points", None, "nl");
    assert_eq!(list.status, 200);
    let point = &list.json.as_array().unwrap()[0];
    assert_eq!(point["slug"], "jeugdhulp");
    assert_eq!(point["open"], true);
    assert_eq!(point["form_url"], "/v/jeugdhulp");

    let detail = api_get(&app, "/api/v1/collection-points/jeugdhulp", None, "nl");
    assert_eq!(detail.status, 200);
    let roles = detail.json["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 3);
    let professional = roles.iter().find(|r| r["role"] == "professional").unwrap();
    let parent = roles.iter().find(|r| r["role"] == "ouder").unwrap();
    let ids = |r: &Value| -> Vec<String> {
        r["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids(professional).contains(&"professional_rol".to_string()));
    assert!(!ids(parent).contains(&"professional_rol".to_string()));
    let question = |id: &str| {
        parent["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .unwrap()
            .clone()
    };
    let slider = question("gehoord");
    assert_eq!(slider["kind"], "slider");
    assert_eq!(slider["not_applicable"], true);
    assert!(slider["left"]["nl"].as_str().unwrap().len() > 3);
    assert!(slider["answer_format"].as_str().unwrap().contains("nvt"));
    assert_eq!(
        question("belangrijk")["corners"].as_array().unwrap().len(),
        3
    );
    assert_eq!(question("wie_hielp")["max_picks"], 3);
    assert_eq!(
        question("gevolgen")["options"][0]["label"]["en"],
        "very negative"
    );
    assert!(detail.json["regions"].as_array().unwrap().len() >= 40);

    let missing = api_get(&app, "/api/v1/collection-points/nergens", None, "nl");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json["message"],
        "Er is geen Vertelpunt met deze naam."
    );
    let missing = api_get(
        &app,
        "/api/v1/collection-points/nergens",
        None,
        "en-GB,en;q=0.9",
    );
    assert_eq!(
        missing.json["message"],
        "There is no Vertelpunt with this name."
    );

    let versions = api_get(&app, "/api/v1/questionnaire-versions", None, "nl");
    assert_eq!(versions.status, 200);
    let core = versions
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["key"] == "jeugdhulp")
        .unwrap()
        .clone();
    assert_eq!(core["kind"], "core");
    assert_eq!(core["id"], point["questionnaire_version_id"]);
    let one = api_get(
        &app,
        &format!(
            "/api/v1/questionnaire-versions/{}",
            core["id"].as_str().unwrap()
        ),
        None,
        "nl",
    );
    assert_eq!(one.status, 200);
    assert_eq!(one.json["definition"]["key"], "jeugdhulp");
    assert!(
        one.json["definition"]["questions"]
            .as_array()
            .unwrap()
            .len()
            >= 14
    );
    let none = api_get(&app, "/api/v1/questionnaire-versions/geen", None, "nl");
    assert_eq!(none.status, 404);
    assert_eq!(none.json["error"], "not_found");
}
on_every_backend!(collection_points_and_questionnaires_tell_a_partner_app_what_to_ask);

fn a_story_sent_through_the_api_is_checked_like_the_form_and_stored_once(app: TestApp) {
    let store = app.db.store();
    let path = "/api/v1/collection-points/jeugdhulp/stories";
    let id = "7d0e4b8e-2f7a-4c53-9a55-0b8f3f1d2c11";
    let mut body = full_story();
    body["id"] = json!(id);
    let created = api_post(&app, path, None, &body);
    assert_eq!(created.status, 201, "{}", created.json);
    assert_eq!(created.json["id"], id);
    let receipt = created.json["receipt"].as_str().unwrap();
    assert_eq!(receipt.len(), 12, "XXXX-XXXX-XX");
    assert_eq!(created.json["withdraw_url"], "/v/jeugdhulp/intrekken");
    assert_eq!(created.json["flagged"], false);

    let mut conn = store.conn().unwrap();
    let stored = stories::get(&mut conn, id).unwrap();
    assert_eq!(stored.source, "api");
    assert_eq!(stored.role, "ouder");
    assert_eq!(stored.region_code.as_deref(), Some("JR28"));
    assert!(stored.entered_by.is_none());
    let answers = stories::answers_of(&mut conn, id).unwrap();
    assert_eq!(
        answers["belangrijk"],
        vertelpunt_model::AnswerValue::Triad {
            shares: [50.0, 30.0, 20.0]
        }
    );
    assert_eq!(
        answers["juiste_hulp"],
        vertelpunt_model::AnswerValue::NotApplicable
    );
    drop(conn);

    // The same story again (a retry after a lost connection) is not stored twice.
    let again = api_post(&app, path, None, &body);
    assert_eq!(again.status, 409);
    assert_eq!(again.json["error"], "duplicate");
    assert_eq!(story_count(&store), 1);

    // The receipt withdraws it on the public page, like any story.
    let form = vertelpunt_system_tests::get(&app, "/v/jeugdhulp/intrekken");
    let page = vertelpunt_system_tests::post(
        &app,
        "/v/jeugdhulp/intrekken",
        &[("token", &form.field("token").unwrap()), ("code", receipt)],
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(story_count(&store), 0);
}
on_every_backend!(a_story_sent_through_the_api_is_checked_like_the_form_and_stored_once);

fn every_bad_story_names_its_field_with_the_forms_message_and_stores_nothing(app: TestApp) {
    let store = app.db.store();
    let path = "/api/v1/collection-points/jeugdhulp/stories";
    let refused = |change: &dyn Fn(&mut Value), field: Option<&str>, message: &str| {
        let mut body = full_story();
        change(&mut body);
        let r = api_post(&app, path, None, &body);
        assert_eq!(r.status, 422, "{}", r.json);
        assert_eq!(r.json["error"], "invalid_story");
        let problems = r.json["problems"].as_array().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p["field"] == json!(field) && p["message"] == message),
            "expected {field:?}: {message} in {problems:?}"
        );
    };
    refused(
        &|b| b["story"] = json!("   "),
        Some("story"),
        "Vertel je ervaring: dit veld is verplicht.",
    );
    refused(
        &|b| b["answers"]["gehoord"] = json!(140),
        Some("answers.gehoord"),
        "Kies een getal van 0 tot 100 (je vulde 140 in).",
    );
    refused(
        &|b| b["answers"]["belangrijk"] = json!([50, 30, 30]),
        Some("answers.belangrijk"),
        "De drie delen moeten samen 100 zijn; nu is het samen 110.",
    );
    refused(
        &|b| b["answers"]["belangrijk"] = json!([50, 50]),
        Some("answers.belangrijk"),
        "Een driehoek heeft precies drie aandelen nodig, bijvoorbeeld [50, 30, 20].",
    );
    refused(
        &|b| b["answers"]["wie_hielp"] = json!(["wijkteam", "netwerk", "school", "huisarts"]),
        Some("answers.wie_hielp"),
        "Je koos er 4; kies er maximaal 3.",
    );
    refused(
        &|b| b["answers"]["bestaat_niet"] = json!(3),
        None,
        "Het formulier bevatte een vraag die hier niet bestaat (‘bestaat_niet’). Controleer je antwoorden en verstuur opnieuw.",
    );
    refused(
        &|b| b["id"] = json!("geen-uuid"),
        Some("id"),
        "Het id moet een UUID zijn.",
    );
    // English messages when the story is in English.
    let mut body = full_story();
    body["language"] = json!("en");
    body["answers"]["gehoord"] = json!(-1);
    let r = api_post(&app, path, None, &body);
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json["message"],
        "The story was not stored. See the problems per field."
    );

    // Not JSON of the schema at all: 400 with the reason.
    for bad in [
        json!({"role": "ouder"}),
        json!({"role": "grootouder", "story": STORY}),
        json!({"role": "ouder", "story": STORY, "extra": 1}),
        json!({"role": "ouder", "story": STORY, "answers": {"gehoord": {"x": 1}}}),
    ] {
        let r = api_post(&app, path, None, &bad);
        assert_eq!(r.status, 400, "{bad}: {}", r.json);
        assert_eq!(r.json["error"], "bad_json");
        assert!(r.json["message"]
            .as_str()
            .unwrap()
            .starts_with("Het verzoek is geen geldige JSON volgens het schema"));
    }
    let broken = agent()
        .post(format!("{}{path}", app.url))
        .header("Content-Type", "application/json")
        .send("{\"role\": \"ouder\", ")
        .unwrap();
    assert_eq!(reply(broken).status, 400);

    // Identifying details: the teller must confirm first; then the story waits for review.
    let mut body = full_story();
    body["story"] = json!(format!("{STORY} Bel me op 06-12345678."));
    let r = api_post(&app, path, None, &body);
    assert_eq!(r.status, 422);
    assert_eq!(r.json["error"], "identifying_details");
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .contains("telefoonnummer"));
    assert_eq!(story_count(&store), 0, "nothing refused is stored");
    body["details_confirmed"] = json!(true);
    let r = api_post(&app, path, None, &body);
    assert_eq!(r.status, 201);
    assert_eq!(r.json["flagged"], true);
    let id = r.json["id"].as_str().unwrap();
    let stored = stories::get(&mut store.conn().unwrap(), id).unwrap();
    assert_eq!(stored.review_status, "pending");

    let unknown = api_post(
        &app,
        "/api/v1/collection-points/nergens/stories",
        None,
        &full_story(),
    );
    assert_eq!(unknown.status, 404);
}
on_every_backend!(every_bad_story_names_its_field_with_the_forms_message_and_stores_nothing);

#[test]
fn anonymous_clients_are_rate_limited_and_a_partner_token_is_not() {
    let options = WebOptions {
        submissions_per_hour: 1,
        submission_burst: 1,
        ..WebOptions::default()
    };
    for db in TestDatabase::all() {
        let app = spawn_app_with(db, options.clone());
        let store = app.db.store();
        let path = "/api/v1/collection-points/jeugdhulp/stories";
        assert_eq!(api_post(&app, path, None, &full_story()).status, 201);
        let limited = api_post(&app, path, None, &full_story());
        assert_eq!(limited.status, 429);
        assert_eq!(limited.json["error"], "rate_limited");
        assert!(limited.header("retry-after").is_some());

        let token = token_for(&store, "partner@example.nl", UserRole::Facilitator);
        for _ in 0..3 {
            assert_eq!(
                api_post(&app, path, Some(&token), &full_story()).status,
                201
            );
        }
        assert_eq!(story_count(&store), 4);
        let wrong = api_post(&app, path, Some("vpt_not-a-token"), &full_story());
        assert_eq!(wrong.status, 401);
        assert_eq!(
            wrong.header("www-authenticate"),
            Some("Bearer realm=\"vertelpunt\"")
        );
    }
}

fn aggregates_need_a_token_and_never_show_groups_smaller_than_five(app: TestApp) {
    let store = app.db.store();
    let path = "/api/v1/collection-points/jeugdhulp/aggregates";
    let none = api_get(&app, path, None, "nl");
    assert_eq!(none.status, 401);
    assert_eq!(none.json["error"], "unauthorized");

    let analyst = token_for(&store, "analist@example.nl", UserRole::Analyst);
    let submit = "/api/v1/collection-points/jeugdhulp/stories";
    // Six parents and two professionals; the parents' "gehoord": 80 ×5 and 5 ×1.
    for i in 0..8 {
        let mut body = full_story();
        if i >= 6 {
            body["role"] = json!("professional");
            body["answers"]["professional_rol"] = json!("wijkteam");
        }
        body["answers"]["gehoord"] = json!(if i == 0 { 5 } else { 80 });
        let r = api_post(&app, submit, Some(&analyst), &body);
        assert_eq!(r.status, 201, "{}", r.json);
    }

    let all = api_get(&app, path, Some(&analyst), "nl");
    assert_eq!(all.status, 200, "{}", all.json);
    assert_eq!(all.json["stories"], 8);
    assert_eq!(all.json["suppressed"], false);
    let question = |reply: &Reply, id: &str| {
        reply.json["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .unwrap()
            .clone()
    };
    let gehoord = question(&all, "gehoord");
    assert_eq!(gehoord["answered"], 8);
    let bins = gehoord["bins"].as_array().unwrap();
    // The one story at 5 is withheld, and so is the bin that would give it away.
    assert_eq!(bins[0], Value::Null);
    assert_eq!(bins[8], Value::Null);
    assert_eq!(bins[3], 0);
    let wie = question(&all, "wie_hielp");
    let wijkteam = wie["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "wijkteam")
        .unwrap()
        .clone();
    assert_eq!(wijkteam["count"], 8);
    assert_eq!(wijkteam["label"]["nl"], "wijkteam of jeugdconsulent");
    assert_eq!(question(&all, "juiste_hulp")["not_applicable"], 8);
    let triad = question(&all, "belangrijk");
    assert_eq!(triad["triad_means"], json!([50.0, 30.0, 20.0]));

    // Two professionals: too few to show anything.
    let few = api_get(
        &app,
        &format!("{path}?role=professional"),
        Some(&analyst),
        "nl",
    );
    assert_eq!(few.status, 200);
    assert_eq!(few.json["suppressed"], true);
    assert_eq!(few.json["stories"], Value::Null);
    assert!(few.json["questions"].as_array().unwrap().is_empty());

    let parents = api_get(&app, &format!("{path}?role=ouder"), Some(&analyst), "nl");
    assert_eq!(parents.json["stories"], 6);

    let bad = api_get(&app, &format!("{path}?role=opa"), Some(&analyst), "nl");
    assert_eq!(bad.status, 422);
    assert_eq!(
        bad.json["message"],
        "Onbekende rol 'opa': kies jongere, ouder of professional."
    );
    // Channel and date range.
    // A day either side of now, so that a run at midnight cannot fall between two dates.
    let day = |offset: i64| {
        (chrono::Utc::now() + chrono::Duration::days(offset))
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    };
    let (yesterday, tomorrow) = (day(-1), day(1));
    let stories_of = |query: &str| {
        api_get(&app, &format!("{path}?{query}"), Some(&analyst), "nl").json["stories"].clone()
    };
    assert_eq!(
        stories_of("channel=onbekend"),
        8,
        "an unknown campaign code is 'onbekend'"
    );
    assert_eq!(
        stories_of("channel=verteltafel"),
        Value::Null,
        "none: withheld"
    );
    assert_eq!(stories_of(&format!("from=2000-01-01&until={tomorrow}")), 8);
    assert_eq!(stories_of(&format!("from={yesterday}")), 8);
    assert_eq!(stories_of("until=2000-01-01"), Value::Null);
    let bad = api_get(
        &app,
        &format!("{path}?channel=tiktok"),
        Some(&analyst),
        "nl",
    );
    assert_eq!(bad.status, 422);
    assert_eq!(
        bad.json["message"],
        "Onbekend kanaal 'tiktok' voor dit Vertelpunt."
    );
    let bad = api_get(&app, &format!("{path}?from=gisteren"), Some(&analyst), "en");
    assert_eq!(bad.status, 422);
    assert_eq!(
        bad.json["message"],
        "'gisteren' is not a date: write YYYY-MM-DD."
    );
    let bad = api_get(
        &app,
        &format!("{path}?include_synthetic=misschien"),
        Some(&analyst),
        "nl",
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["error"], "bad_query");

    // A revoked token stops working at once.
    let mut conn = store.conn().unwrap();
    let (token, _) = api_tokens::list(&mut conn).unwrap().remove(0);
    api_tokens::revoke(&mut conn, &token.id).unwrap();
    drop(conn);
    assert_eq!(api_get(&app, path, Some(&analyst), "nl").status, 401);
}
on_every_backend!(aggregates_need_a_token_and_never_show_groups_smaller_than_five);

fn pattern_runs_are_for_analysts_and_admins(app: TestApp) {
    let store = app.db.store();
    let results = r#"{"patterns":[{"family":"slider_choice","strong":true}]}"#;
    let run = pattern_runs::PatternRun {
        id: "run-1".into(),
        collection_points: "jeugdhulp".into(),
        selection: r#"{"roles":["ouder"]}"#.into(),
        subgroup: None,
        preset: "standaard".into(),
        preset_definition: r#"{"q_max":0.05}"#.into(),
        engine_version: "0.1.0".into(),
        stories: 120,
        tests: 300,
        strong: 1,
        results_sha256: pattern_runs::checksum(results),
        results: results.into(),
        started_at: vertelpunt_store::now(),
        finished_at: vertelpunt_store::now(),
        synthetic_stories: 0,
    };
    pattern_runs::insert(&mut store.conn().unwrap(), &run, &[]).unwrap();

    let facilitator = token_for(&store, "tafel@example.nl", UserRole::Facilitator);
    let forbidden = api_get(&app, "/api/v1/pattern-runs", Some(&facilitator), "en");
    assert_eq!(forbidden.status, 403);
    assert_eq!(forbidden.json["error"], "forbidden");

    let analyst = token_for(&store, "analist@example.nl", UserRole::Analyst);
    let list = api_get(&app, "/api/v1/pattern-runs", Some(&analyst), "nl");
    assert_eq!(list.status, 200);
    assert_eq!(list.json[0]["id"], "run-1");
    assert_eq!(list.json[0]["collection_points"], json!(["jeugdhulp"]));
    assert_eq!(list.json[0]["strong"], 1);
    let one = api_get(&app, "/api/v1/pattern-runs/run-1", Some(&analyst), "nl");
    assert_eq!(one.status, 200);
    assert_eq!(
        one.json["results"]["patterns"][0]["family"],
        "slider_choice"
    );
    assert_eq!(one.json["results_sha256"], pattern_runs::checksum(results));
    let missing = api_get(&app, "/api/v1/pattern-runs/geen", Some(&analyst), "nl");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json["message"],
        "Er is geen patroonevaluatie met dit id."
    );
}
on_every_backend!(pattern_runs_are_for_analysts_and_admins);

fn a_body_over_the_limit_is_refused_with_413_in_json(app: TestApp) {
    let mut body = full_story();
    body["story"] = json!("a".repeat(3 * 1024 * 1024));
    let r = api_post(
        &app,
        "/api/v1/collection-points/jeugdhulp/stories",
        None,
        &body,
    );
    assert_eq!(r.status, 413);
    assert_eq!(r.json["error"], "too_large");
    assert_eq!(story_count(&app.db.store()), 0);
}
on_every_backend!(a_body_over_the_limit_is_refused_with_413_in_json);

/// 180,000 answer keys once held a worker for 29 s and came back as a 26 MB answer.
fn a_story_with_180000_answer_keys_is_refused_briefly(app: TestApp) {
    let mut story = full_story();
    let answers = story["answers"].as_object_mut().unwrap();
    for n in 0..180_000u32 {
        answers.insert(format!("x{n}"), json!(1));
    }
    let body = serde_json::to_string(&story).unwrap();
    assert!(body.len() < 2 * 1024 * 1024);
    let response = agent()
        .post(format!(
            "{}/api/v1/collection-points/jeugdhulp/stories",
            app.url
        ))
        .content_type("application/json")
        .send(body.as_str())
        .unwrap();
    let text_len = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let r = reply(response);
    assert_eq!(r.status, 422, "{}", r.json);
    assert!(text_len.is_some_and(|n| n < 2_000), "short: {text_len:?}");
    let problems = r.json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{}", r.json);
    assert_eq!(problems[0]["field"], "answers");
    assert!(problems[0]["message"]
        .as_str()
        .unwrap()
        .contains("180007 antwoorden"));
    assert_eq!(story_count(&app.db.store()), 0);
}
on_every_backend!(a_story_with_180000_answer_keys_is_refused_briefly);

/// Stores `n` parents' stories submitted at noon on `day` (UTC), each feeling heard at `heard`
/// (`None`: n.v.t.), in region `region`.
fn dated_stories(app: &TestApp, day: &str, n: usize, heard: Option<i32>, region: &str) {
    use vertelpunt_model::{AnswerValue, Lang, Role};
    use vertelpunt_store::stories::{NewAnswer, NewStory, StorySource};
    use vertelpunt_store::{collection_points, questionnaires};
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let point = collection_points::find_by_slug(&mut conn, "jeugdhulp")
        .unwrap()
        .unwrap();
    let version = questionnaires::get(&mut conn, &point.questionnaire_version_id).unwrap();
    let questionnaire = version.questionnaire().unwrap();
    let gehoord = questionnaire.question("gehoord").unwrap();
    let at = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let new: Vec<NewStory> = (0..n)
        .map(|_| NewStory {
            id: vertelpunt_store::new_id(),
            collection_point_id: point.id.clone(),
            questionnaire_version_id: version.id.clone(),
            channel_id: None,
            role: Role::Ouder,
            language: Lang::Nl.into(),
            title: None,
            body: "We wachtten lang, maar daarna luisterde de begeleider echt.".into(),
            word_count: 9,
            region_code: Some(region.into()),
            complete: true,
            synthetic: false,
            source: StorySource::Api,
            flagged: false,
            receipt_hash: None,
            entered_by: None,
            submitted_at: at,
            answers: vec![NewAnswer::new(
                &version.id,
                gehoord,
                match heard {
                    Some(value) => AnswerValue::Slider { value },
                    None => AnswerValue::NotApplicable,
                },
            )],
        })
        .collect();
    vertelpunt_store::stories::insert(&mut conn, &new).unwrap();
}

/// With a facilitator token, `?until=2026-01-22` (71 stories) and `?until=2026-01-24` (72)
/// once differed by one story, and the difference gave its answers away.
fn two_date_ranges_a_story_apart_do_not_reveal_that_story(app: TestApp) {
    let store = app.db.store();
    let facilitator = token_for(&store, "tafel@example.nl", UserRole::Facilitator);
    dated_stories(&app, "2026-01-05", 30, Some(60), "JR28");
    dated_stories(&app, "2026-01-14", 30, Some(70), "JR28");
    dated_stories(&app, "2026-01-22", 11, Some(80), "JR28");
    dated_stories(&app, "2026-01-24", 1, Some(3), "JR28");
    dated_stories(&app, "2026-02-20", 9, Some(50), "JR28");
    let path = "/api/v1/collection-points/jeugdhulp/aggregates";
    let ask = |query: &str| {
        let reply = api_get(&app, &format!("{path}?{query}"), Some(&facilitator), "nl");
        assert_eq!(reply.status, 200, "{}", reply.json);
        reply.json
    };
    let before = ask("until=2026-01-22");
    let after = ask("until=2026-01-24");
    assert_eq!(before["stories"], after["stories"]);
    assert_eq!(before["questions"], after["questions"], "the same counts");
    assert_eq!(
        before["counted_until"], "2026-01-25",
        "a whole week: {before}"
    );
    assert_eq!(before["stories"], 72);
    // The same holds for the start of a range, and whole periods still make a difference.
    assert_eq!(
        ask("from=2026-01-23")["questions"],
        ask("from=2026-01-25")["questions"]
    );
    assert_eq!(ask("from=2026-02-01")["stories"], 9);
    // No date filter: everything, nothing widened.
    let all = ask("");
    assert_eq!(all["stories"], 81);
    assert_eq!(all["counted_from"], Value::Null);
}
on_every_backend!(two_date_ranges_a_story_apart_do_not_reveal_that_story);

/// For parents in one region the API and the dashboard showed "positief <5", every other
/// option 0 and a mean of 4.0: every parent there had answered the same. Answers of n.v.t. made
/// the question look large enough.
fn a_question_with_fewer_than_five_real_answers_shows_no_distribution_or_mean(app: TestApp) {
    let store = app.db.store();
    let facilitator = token_for(&store, "tafel@example.nl", UserRole::Facilitator);
    let day = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    dated_stories(&app, &day, 4, Some(80), "JR13");
    dated_stories(&app, &day, 3, None, "JR13");
    dated_stories(&app, &day, 20, Some(30), "JR28");
    let reply = api_get(
        &app,
        "/api/v1/collection-points/jeugdhulp/aggregates?role=ouder&region=JR13",
        Some(&facilitator),
        "nl",
    );
    assert_eq!(reply.json["stories"], 7, "{}", reply.json);
    let gehoord = reply.json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "gehoord")
        .unwrap()
        .clone();
    assert_eq!(gehoord["mean"], Value::Null, "{gehoord}");
    assert_eq!(gehoord["answered"], 7);
    assert_eq!(
        gehoord["not_applicable"],
        Value::Null,
        "3 n.v.t. and 4 answers: both small"
    );
    assert!(
        gehoord["bins"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_null),
        "no zeros beside a withheld count: {gehoord}"
    );

    // One text waits for review: its exact count (1) is not shown either.
    let mut flagged = full_story();
    flagged["story"] = json!("Bel me op 06-12345678 over de wachtlijst van het wijkteam.");
    flagged["details_confirmed"] = json!(true);
    let r = api_post(
        &app,
        "/api/v1/collection-points/jeugdhulp/stories",
        Some(&facilitator),
        &flagged,
    );
    assert_eq!(r.status, 201, "{}", r.json);
    let mut conn = store.conn().unwrap();
    users::create(
        &mut conn,
        "kijker@example.nl",
        UserRole::Facilitator,
        "correct horse battery staple",
        &vertelpunt_store::users::Scope::all(),
    )
    .unwrap();
    drop(conn);
    let cookie =
        vertelpunt_system_tests::staff::session_cookie(&vertelpunt_system_tests::staff::sign_in(
            &app,
            "kijker@example.nl",
            "correct horse battery staple",
        ));
    let page =
        vertelpunt_system_tests::staff::get_with(&app, "/overzicht?rol=ouder&regio=JR13", &cookie);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(!text.contains("Gemiddeld 80"), "{text}");
    assert!(text.contains("Minder dan 5 antwoorden"), "{text}");
    let everyone = vertelpunt_system_tests::staff::get_with(&app, "/overzicht", &cookie);
    let text = everyone.text();
    assert!(!text.contains("1 verhalen wachten"), "{text}");
    assert!(
        text.contains("Minder dan 5 verhalen wachten op beoordeling"),
        "{text}"
    );
}
on_every_backend!(a_question_with_fewer_than_five_real_answers_shows_no_distribution_or_mean);
