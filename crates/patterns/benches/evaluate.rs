//! Benchmark of a full evaluation (every family) on synthetic stories with 30 signifier
//! questions. Not a test: the figures go into BENCHMARKS.md.
//!
//!     cargo bench -p vertelpunt-patterns --bench evaluate -- [STORIES] [DATASET.parquet]
//!
//! Prints the time to generate the data, to code the variables and to evaluate, and the peak
//! memory of the process, then the time to suggest typical stories (as an observation card asks)
//! for every strong pattern. With a second argument the dataset is also written as Parquet, for
//! `analysis/crosscheck/bench.py` (the scipy/pandas side of the comparison).

use std::path::Path;
use std::time::Instant;

use vertelpunt_patterns::dataset::files;
use vertelpunt_patterns::suggest::typical_stories;
use vertelpunt_patterns::synthetic::{dataset, Spec};
use vertelpunt_patterns::{evaluate, Options, Preset, Selection, Variables};

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let stories: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let clock = Instant::now();
    let data = dataset(&Spec::thirty(stories, true, 42)).expect("synthetic data");
    let generated = clock.elapsed();
    if let Some(path) = args.get(1) {
        files::write(&data, Path::new(path)).expect("write the dataset");
    }
    let preset = Preset::standard();
    let clock = Instant::now();
    let selection = Selection {
        include_synthetic: true,
        ..Selection::default()
    };
    let selected = selection.apply(&data).expect("selection");
    let variables = Variables::of(&selected, &preset).expect("variables");
    let coded = clock.elapsed();
    let clock = Instant::now();
    let e = evaluate(&variables, &preset, &Options::default(), &|_, _| {});
    let evaluated = clock.elapsed();
    println!(
        "{stories} stories × 30 questions: generate {:.2} s, select+code {:.2} s, evaluate {:.2} s \
         ({} patterns, {} tests, {} strong); select+code+evaluate {:.2} s; peak memory {:.0} MiB",
        generated.as_secs_f64(),
        coded.as_secs_f64(),
        evaluated.as_secs_f64(),
        e.patterns.len(),
        e.tests,
        e.strong,
        (coded + evaluated).as_secs_f64(),
        peak_memory_mib().unwrap_or(f64::NAN)
    );
    let strong: Vec<_> = e.patterns.iter().filter(|p| p.strong).collect();
    let mut slowest = (0.0, String::new());
    let mut suggested = 0;
    let clock = Instant::now();
    for pattern in &strong {
        let one = Instant::now();
        suggested += typical_stories(pattern, &selected, &variables, None, 2, &[])
            .expect("suggestions")
            .len();
        let took = one.elapsed().as_secs_f64();
        if took > slowest.0 {
            slowest = (took, pattern.id.clone());
        }
    }
    let all = clock.elapsed().as_secs_f64();
    println!(
        "typical stories for {} strong patterns: {suggested} suggested in {all:.2} s \
         ({:.3} s each on average, slowest {:.3} s for {}); peak memory {:.0} MiB",
        strong.len(),
        all / strong.len().max(1) as f64,
        slowest.0,
        slowest.1,
        peak_memory_mib().unwrap_or(f64::NAN)
    );
}
