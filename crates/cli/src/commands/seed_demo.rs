//! `vertelpunt seed-demo --stories N --seed S`: add realistic synthetic stories to a
//! collection point, in batches of one transaction each, with a progress bar.

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Instant;
use vertelpunt_store::{channels, collection_points, questionnaires, regions, setup, stories};

use crate::config::Config;
use crate::seed::{Generator, SeedChannel, SeedTarget, CHANNELS};

/// Stories per transaction.
const BATCH: usize = 2_000;

pub fn run(
    config: &Config,
    count: u32,
    seed: u64,
    collection: &str,
    quiet: bool,
) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let Some(point) = collection_points::find_by_slug(&mut conn, collection)? else {
        bail!("collection point '{collection}' does not exist");
    };
    let core_version = questionnaires::get(&mut conn, &point.questionnaire_version_id)?;
    let mut modules = Vec::new();
    for m in collection_points::modules(&mut conn, &point.id)? {
        modules.push((m.id.clone(), m.questionnaire()?));
    }
    let mut seed_channels = Vec::new();
    for (code, label) in CHANNELS {
        let channel = channels::ensure(&mut conn, &point.project_id, code, label)?;
        seed_channels.push(SeedChannel {
            code,
            id: channel.id,
        });
    }
    let target = SeedTarget {
        collection_point_id: point.id.clone(),
        core_version_id: core_version.id.clone(),
        core: core_version.questionnaire()?,
        modules,
        channels: seed_channels,
        region_codes: regions::list(&mut conn)?
            .into_iter()
            .filter(|r| r.active)
            .map(|r| r.code)
            .collect(),
        default_region: point.default_region_code.clone(),
    };

    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(count as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} verhalen ({per_sec}, nog {eta})")
            .expect("valid template"),
    );
    let started = Instant::now();
    let mut generator = Generator::new(&target, seed);
    let mut left = count as usize;
    while left > 0 {
        let n = left.min(BATCH);
        let batch: Vec<_> = (0..n).map(|_| generator.story()).collect();
        stories::insert(&mut conn, &batch)?;
        bar.inc(n as u64);
        left -= n;
    }
    bar.finish_and_clear();
    println!(
        "{count} synthetic stories added to '{}' in {:.1} s (seed {seed})",
        point.slug,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
