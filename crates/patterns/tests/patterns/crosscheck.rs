//! The engine's statistics against an independent scipy implementation.
//!
//! Reads the reference datasets of `analysis/crosscheck/fixtures` (or the folder in
//! `VERTELPUNT_CROSSCHECK_DIR`, which `.ci/run` fills by running `crosscheck.py` afresh) and
//! requires agreement to 1e-9 relative for every statistic and p-value. The Monte-Carlo p-value
//! (used for tables with small expected counts) is random by nature: it must agree with the
//! exact permutation p-value within four standard errors of its replicates.

use std::path::PathBuf;

use serde_json::Value;
use vertelpunt_patterns::stats::{
    benjamini_hochberg, chi_square, describe, fisher_exact_2x2, kruskal_wallis, log_likelihood,
    mann_whitney, monte_carlo_p, pearson, spearman, MISSING,
};
use vertelpunt_patterns::variables::code_numbers;

const RELATIVE: f64 = 1e-9;

fn fixtures() -> Vec<Value> {
    let dir = std::env::var_os("VERTELPUNT_CROSSCHECK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../analysis/crosscheck/fixtures")
        });
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the reference datasets in {}",
        dir.display()
    );
    files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect()
}

#[track_caller]
fn agree(what: &str, ours: f64, theirs: &Value) {
    let theirs = theirs
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: no reference value"));
    let scale = theirs.abs().max(1e-300);
    assert!(
        (ours - theirs).abs() <= RELATIVE * scale || (ours - theirs).abs() < 1e-13,
        "{what}: engine {ours:e}, scipy {theirs:e} (relative difference {:e})",
        (ours - theirs).abs() / scale
    );
}

fn numbers(v: &Value) -> Vec<Option<f64>> {
    v.as_array().unwrap().iter().map(|x| x.as_f64()).collect()
}

fn groups_case(d: &Value) {
    let name = d["name"].as_str().unwrap();
    let groups: Vec<Vec<Option<f64>>> = d["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(numbers)
        .collect();
    let pooled: Vec<Option<f64>> = groups.iter().flatten().copied().collect();
    let (values, codes) = code_numbers(&pooled);
    let mut hist = Vec::new();
    let mut offset = 0;
    for g in &groups {
        let mut h = vec![0u64; values.len()];
        for &c in &codes[offset..offset + g.len()] {
            h[c as usize] += 1;
        }
        offset += g.len();
        hist.push(h);
    }
    let refs: Vec<&[u64]> = hist.iter().map(Vec::as_slice).collect();
    let k = kruskal_wallis(&refs).unwrap();
    agree(&format!("{name} H"), k.h, &d["kruskal"]["h"]);
    agree(&format!("{name} Kruskal p"), k.p, &d["kruskal"]["p"]);
    agree(
        &format!("{name} epsilon²"),
        k.epsilon_squared,
        &d["kruskal"]["epsilon_squared"],
    );
    for pair in d["mann_whitney"].as_array().unwrap() {
        let (a, b) = (
            pair["a"].as_u64().unwrap() as usize,
            pair["b"].as_u64().unwrap() as usize,
        );
        let m = mann_whitney(&hist[a], &hist[b]).unwrap();
        agree(&format!("{name} U {a}-{b}"), m.u, &pair["u"]);
        agree(&format!("{name} Mann-Whitney p {a}-{b}"), m.p, &pair["p"]);
        agree(
            &format!("{name} rank-biserial {a}-{b}"),
            m.rank_biserial,
            &pair["rank_biserial"],
        );
    }
    for (i, reference) in d["describe"].as_array().unwrap().iter().enumerate() {
        let s = describe(&values, &hist[i]).unwrap();
        assert_eq!(s.n, reference["n"].as_u64().unwrap());
        for (field, ours) in [
            ("mean", s.mean),
            ("median", s.median),
            ("sd", s.sd.unwrap()),
            ("q1", s.q1),
            ("q3", s.q3),
            ("skewness", s.skewness.unwrap()),
            ("kurtosis", s.kurtosis.unwrap()),
        ] {
            agree(
                &format!("{name} group {i} {field}"),
                ours,
                &reference[field],
            );
        }
    }
}

fn correlation_case(d: &Value) {
    let name = d["name"].as_str().unwrap();
    let (xv, xc) = code_numbers(&numbers(&d["x"]));
    let (yv, yc) = code_numbers(&numbers(&d["y"]));
    assert!(
        xc.contains(&MISSING),
        "{name}: the reference data has missing answers"
    );
    let rho = spearman(&xc, &yc, &xv, &yv).unwrap();
    assert_eq!(rho.n, d["n"].as_u64().unwrap(), "{name}: pairwise removal");
    agree(&format!("{name} rho"), rho.r, &d["spearman"]["rho"]);
    agree(&format!("{name} rho p"), rho.p, &d["spearman"]["p"]);
    let r = pearson(&xc, &yc, &xv, &yv).unwrap();
    agree(&format!("{name} r"), r.r, &d["pearson"]["r"]);
    agree(&format!("{name} r p"), r.p, &d["pearson"]["p"]);
}

fn table_case(d: &Value) {
    let name = d["name"].as_str().unwrap();
    let (flat, rows, columns) = table_of(d);
    let t = chi_square(&flat, rows, columns).unwrap();
    agree(&format!("{name} chi2"), t.chi2, &d["chi2"]);
    agree(&format!("{name} chi2 p"), t.p_asymptotic, &d["p"]);
    agree(&format!("{name} df"), t.df, &d["df"]);
    agree(&format!("{name} Cramér's V"), t.cramers_v, &d["cramers_v"]);
    agree(
        &format!("{name} min expected"),
        t.min_expected,
        &d["min_expected"],
    );
    for (i, (ours, theirs)) in t
        .residuals
        .iter()
        .zip(d["residuals"].as_array().unwrap())
        .enumerate()
    {
        agree(&format!("{name} residual {i}"), *ours, theirs);
    }
    if let Some(fisher) = d.get("fisher_p") {
        let p = fisher_exact_2x2([flat[0], flat[1], flat[2], flat[3]]);
        agree(&format!("{name} Fisher p"), p, fisher);
    }
}

fn table_of(d: &Value) -> (Vec<u64>, usize, usize) {
    let rows: Vec<Vec<u64>> = d["table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_u64().unwrap())
                .collect()
        })
        .collect();
    let (r, c) = (rows.len(), rows[0].len());
    (rows.into_iter().flatten().collect(), r, c)
}

fn monte_carlo_case(d: &Value) {
    let name = d["name"].as_str().unwrap();
    let (flat, rows, columns) = table_of(d);
    let t = chi_square(&flat, rows, columns).unwrap();
    agree(&format!("{name} chi2"), t.chi2, &d["chi2"]);
    let exact = d["exact_p"].as_f64().unwrap();
    const REPLICATES: u32 = 20_000;
    for seed in [1, 2, 3] {
        let mc = monte_carlo_p(&flat, rows, columns, t.chi2, REPLICATES, seed);
        let se = (exact * (1.0 - exact) / REPLICATES as f64).sqrt();
        assert!(
            (mc - exact).abs() <= 4.0 * se + 1.0 / REPLICATES as f64,
            "{name} (seed {seed}): Monte-Carlo p {mc} against the exact {exact} (se {se:e})"
        );
    }
}

fn keyness_case(d: &Value) {
    for case in d["cases"].as_array().unwrap() {
        let get = |k: &str| case[k].as_u64().unwrap();
        let k = log_likelihood(get("a"), get("b"), get("group_total"), get("rest_total"));
        agree("G²", k.g2, &case["g2"]);
        agree("G² p", k.p, &case["p"]);
    }
}

fn bh_case(d: &Value) {
    let p: Vec<f64> = numbers(&d["p"]).into_iter().map(Option::unwrap).collect();
    let q = benjamini_hochberg(&p);
    for (i, (ours, theirs)) in q.iter().zip(d["q"].as_array().unwrap()).enumerate() {
        agree(&format!("q {i}"), *ours, theirs);
    }
}

#[test]
fn every_statistic_agrees_with_scipy_to_1e_9() {
    let mut seen = std::collections::BTreeSet::new();
    for d in fixtures() {
        let kind = d["kind"].as_str().unwrap().to_string();
        match kind.as_str() {
            "groups" => groups_case(&d),
            "correlation" => correlation_case(&d),
            "table" => table_case(&d),
            "keyness" => keyness_case(&d),
            "bh" => bh_case(&d),
            "monte_carlo" => monte_carlo_case(&d),
            other => panic!("unknown reference kind {other}"),
        }
        seen.insert(kind);
    }
    assert_eq!(seen.len(), 6, "every kind of test was checked: {seen:?}");
}
