//! The agenda's timer, kept on the server so that every phone shows the same step and the same
//! time left: a step that is on since a moment, possibly paused.

/// Where the programme stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerState {
    /// The position of the step that is on.
    pub step: usize,
    /// Seconds left of the step (negative: over time).
    pub remaining: i64,
    pub paused: bool,
}

/// The timer's state at `now` (all times in seconds), for steps of `minutes`.
pub fn state(
    minutes: &[i32],
    step: Option<i32>,
    started_at: Option<i64>,
    paused_at: Option<i64>,
    now: i64,
) -> Option<TimerState> {
    let step = usize::try_from(step?).ok()?;
    let length = i64::from(*minutes.get(step)?) * 60;
    let started = started_at?;
    let until = paused_at.unwrap_or(now);
    Some(TimerState {
        step,
        remaining: length - (until - started),
        paused: paused_at.is_some(),
    })
}

/// After a pause from `paused_at` to `now`, the step counts as started that much later.
pub fn resumed_start(started_at: i64, paused_at: i64, now: i64) -> i64 {
    started_at + (now - paused_at).max(0)
}

/// Seconds as people read a countdown: `12:05`, or `-1:30` over time.
pub fn clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_counts_down_pauses_and_resumes() {
        let minutes = [20, 30];
        let running = state(&minutes, Some(1), Some(1_000), None, 1_000 + 600).unwrap();
        assert_eq!(
            running,
            TimerState {
                step: 1,
                remaining: 1_200,
                paused: false
            }
        );
        let paused = state(&minutes, Some(1), Some(1_000), Some(1_300), 5_000).unwrap();
        assert_eq!(paused.remaining, 1_500, "time stands still while paused");
        let start = resumed_start(1_000, 1_300, 5_000);
        let again = state(&minutes, Some(1), Some(start), None, 5_000).unwrap();
        assert_eq!(again.remaining, 1_500);
        assert_eq!(
            state(&minutes, Some(2), Some(0), None, 0),
            None,
            "no such step"
        );
        assert_eq!(clock(725), "12:05");
        assert_eq!(clock(-90), "-1:30");
    }
}
