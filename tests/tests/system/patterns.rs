//! Browsing every pattern of a stored evaluation, strong ones first.

use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, session_cookie, sign_in, stored_evaluation, PASSWORD,
};
use vertelpunt_system_tests::TestApp;

fn analysts_browse_every_pattern_of_a_stored_evaluation_strong_ones_first(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "facilitator@example.nl", UserRole::Facilitator);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let empty = get_with(&app, "/patronen", &cookie);
    assert!(empty
        .text()
        .contains("Er is nog geen patroonevaluatie opgeslagen."));
    let (id, evaluation) = stored_evaluation(&app);
    assert!(evaluation.strong >= 7, "the planted patterns are strong");

    let list = get_with(&app, "/patronen", &cookie);
    let text = list.text();
    assert!(
        text.contains(&format!("href=\"/patronen/{id}?lang=nl\"")),
        "{text}"
    );
    assert!(
        text.contains("href=\"/patronen?lang=nl\""),
        "in the staff bar"
    );

    // With every family shown, the key words of a group (of one strength) are one entry.
    use vertelpunt_patterns::{Family, Pattern};
    let entries = |patterns: &[&Pattern]| {
        let mut groups: std::collections::HashMap<(String, bool), usize> = Default::default();
        for p in patterns.iter().filter(|p| p.family == Family::Words) {
            *groups
                .entry((p.questions[0].clone(), p.strong))
                .or_default() += 1;
        }
        let others = patterns
            .iter()
            .filter(|p| p.family != Family::Words)
            .count();
        others
            + groups
                .values()
                .map(|&n| if n >= 2 { 1 } else { n })
                .sum::<usize>()
    };
    let all: Vec<&Pattern> = evaluation.patterns.iter().collect();
    let strong_ones: Vec<&Pattern> = all.iter().copied().filter(|p| p.strong).collect();
    let (all_entries, strong_entries) = (entries(&all), entries(&strong_ones));
    assert!(all_entries < all.len(), "the seeded stories have key words");

    let run = get_with(&app, &format!("/patronen/{id}"), &cookie);
    assert_eq!(run.status, 200);
    let text = run.text();
    let total = evaluation.patterns.len();
    assert!(
        text.contains(&format!(
            "{total} patronen, met de kernwoorden van elke groep samengenomen; pagina 1 van {}.",
            all_entries.div_ceil(50)
        )),
        "{text}"
    );
    assert!(text.contains("niet representatief"), "the disclaimer");
    // How the strong patterns spread over the families, each a link to them.
    let grouped = evaluation
        .patterns
        .iter()
        .filter(|p| p.strong && p.family == Family::NumericByGroup)
        .count();
    assert!(grouped > 0);
    assert!(
        text.contains(&format!(
            "familie=numeric_by_group&sterk=1\">schuif of schaal per groep: {grouped}</a>"
        )),
        "{text}"
    );
    // The strongest pattern comes first, with its Dutch sentence.
    let first = evaluation
        .patterns
        .iter()
        .find(|p| p.rank == Some(1))
        .unwrap();
    let first_article = &text[text.find("<article").unwrap()..];
    assert!(first_article.starts_with("<article class=\"pattern strong\">"));
    assert!(first_article.contains("Nr. 1 ·"));
    assert!(
        first_article.contains(&first.description.nl),
        "{first_article}"
    );
    let first_article = &first_article[..first_article.find("</article>").unwrap()];
    assert!(first_article.contains("Kleinste effect dat zou opvallen (80 % kans)"));
    assert!(
        !first_article.contains("Niet sterk is niet hetzelfde als afwezig"),
        "a strong pattern does not say what it could not show"
    );

    // A tested pattern that is not strong says how large an effect would have shown: the
    // first of them in its family (by q), in both languages.
    let quiet = evaluation
        .patterns
        .iter()
        .filter(|p| !p.strong && p.detectable.is_some() && p.family != Family::Words)
        .min_by(|a, b| a.q.unwrap().total_cmp(&b.q.unwrap()))
        .expect("a tested pattern that is not strong");
    let measure = |lang: &str| match (quiet.effect.as_ref().unwrap().name.as_str(), lang) {
        ("epsilon_squared", _) => "ε²",
        ("rho", _) => "ρ",
        ("rank_biserial", "nl") => "rank-biseriële r",
        ("rank_biserial", _) => "rank-biserial r",
        ("cramers_v", "nl") => "Cramérs V (gecorrigeerd)",
        ("cramers_v", _) => "Cramér&#x27;s V (bias-corrected)",
        (other, _) => panic!("{other}"),
    };
    let value = format!("{:.3}", quiet.detectable.unwrap());
    let family = quiet.family.code();
    let nl = get_with(&app, &format!("/patronen/{id}?familie={family}"), &cookie).text();
    assert!(
        nl.contains(&format!(
            "Niet sterk is niet hetzelfde als afwezig: met deze aantallen zou een effect kleiner dan {} = {} meestal niet opvallen.",
            measure("nl"),
            value.replace('.', ",")
        )),
        "{nl}"
    );
    let en = get_with(
        &app,
        &format!("/patronen/{id}?familie={family}&lang=en"),
        &cookie,
    )
    .text();
    assert!(
        en.contains(&format!(
            "with these numbers an effect smaller than {} = {value} would usually not show.",
            measure("en")
        )),
        "{en}"
    );

    // A key word that is not strong says the same in its own measure, the log ratio (its power
    // computed exactly from the binomial distribution of its count).
    let word = evaluation
        .patterns
        .iter()
        .filter(|p| p.family == Family::Words && !p.strong && p.detectable.is_some())
        .min_by(|a, b| a.q.unwrap().total_cmp(&b.q.unwrap()))
        .expect("a tested key word that is not strong");
    let nl = get_with(&app, &format!("/patronen/{id}?familie=words"), &cookie).text();
    let value = format!("{:.3}", word.detectable.unwrap()).replace('.', ",");
    assert!(
        nl.contains(&format!(
            "met deze aantallen zou een effect kleiner dan log-ratio = {value} meestal niet opvallen."
        )),
        "{nl}"
    );

    // Strong ones only, then one family: every pattern stays reachable.
    let strong = get_with(&app, &format!("/patronen/{id}?sterk=1"), &cookie);
    assert_eq!(
        strong.text().matches("<article").count(),
        strong_entries.min(50)
    );
    assert!(!strong.text().contains("<article class=\"pattern\">"));
    assert!(!strong.text().contains("<article class=\"pattern words\">"));
    // A group's key words: named in one entry, which links to them one by one.
    let word_key =
        |p: &Pattern| (p.family == Family::Words).then(|| (p.questions[0].clone(), p.strong));
    let members_of = |key: &(String, bool)| -> Vec<&Pattern> {
        all.iter()
            .copied()
            .filter(|p| word_key(p).as_ref() == Some(key))
            .collect()
    };
    let mut order: Vec<Option<(String, bool)>> = Vec::new();
    for p in &all {
        match word_key(p) {
            Some(key) if members_of(&key).len() >= 2 => {
                if !order.contains(&Some(key.clone())) {
                    order.push(Some(key));
                }
            }
            _ => order.push(None),
        }
    }
    assert_eq!(order.len(), all_entries);
    let at = order.iter().position(Option::is_some).unwrap();
    let key = order[at].clone().unwrap();
    let members = members_of(&key);
    let page = get_with(
        &app,
        &format!("/patronen/{id}?pagina={}", at / 50 + 1),
        &cookie,
    )
    .text();
    let heading = format!("Kernwoorden: {}", members[0].labels[0].nl);
    let start = page
        .find(&heading)
        .unwrap_or_else(|| panic!("{heading} in {page}"));
    let article = &page[start..page[start..].find("</article>").unwrap() + start];
    if let Some(first_rank) = members.iter().filter_map(|p| p.rank).min() {
        assert!(
            article.contains(&format!("vanaf Nr. {first_rank} ·")),
            "{article}"
        );
    }
    let first_word = members[0].word.as_ref().unwrap();
    assert!(article.contains(&format!("‘{first_word}’")), "{article}");
    assert!(
        article.contains(&format!(
            "Bekijk deze {} woorden één voor één",
            members.len()
        )),
        "{article}"
    );
    let encoded: String = form_urlencoded::byte_serialize(key.0.as_bytes()).collect();
    let mut link = format!("/patronen/{id}?lang=nl&familie=words&groep={encoded}");
    if key.1 {
        link.push_str("&sterk=1");
    }
    assert!(article.contains(&link), "{article}");
    let one_by_one = get_with(&app, &link, &cookie).text();
    // Without `sterk`, a group's strong words are listed too.
    let listed = all
        .iter()
        .filter(|p| p.family == Family::Words && p.questions[0] == key.0 && (p.strong || !key.1))
        .count();
    assert_eq!(one_by_one.matches("<article").count(), listed.min(50));
    assert!(one_by_one.contains("Alleen de kernwoorden van"));
    for p in members.iter().take(50) {
        assert!(
            one_by_one.contains(&p.description.nl),
            "{}",
            p.description.nl
        );
    }

    let words = evaluation
        .patterns
        .iter()
        .filter(|p| p.family == Family::Words)
        .count();
    let family = get_with(
        &app,
        &format!("/patronen/{id}?familie=words&lang=en"),
        &cookie,
    );
    assert!(family.text().contains(&format!(
        "{words} patterns; page 1 of {}.",
        words.div_ceil(50).max(1)
    )));
    assert!(family
        .text()
        .contains("<option value=\"words\" selected>words</option>"));
    let last_page = all_entries.div_ceil(50);
    let last = get_with(&app, &format!("/patronen/{id}?pagina={last_page}"), &cookie);
    assert_eq!(
        last.text().matches("<article").count(),
        all_entries - (last_page - 1) * 50
    );
    assert!(last.text().contains("rel=\"prev\""));

    assert_eq!(
        get_with(&app, "/patronen/bestaat-niet", &cookie).status,
        404
    );
    let facilitator = session_cookie(&sign_in(&app, "facilitator@example.nl", PASSWORD));
    assert_eq!(
        get_with(&app, &format!("/patronen/{id}"), &facilitator).status,
        403
    );
}
on_every_backend!(analysts_browse_every_pattern_of_a_stored_evaluation_strong_ones_first);
