//! Progress on stderr while a command waits: a spinner or a bar on a terminal, nothing (or a
//! note per change) otherwise, and never with `--quiet`.

use indicatif::{ProgressBar, ProgressStyle};

use super::Output;

/// Whether progress is drawn: a person watching a terminal who did not ask for quiet.
fn drawn(out: &Output) -> bool {
    out.interactive && !out.quiet
}

/// What a long wait is at: a spinner's message on a terminal, a note per change otherwise (a
/// CI log keeps every step).
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    pub fn start(out: &Output) -> Spinner {
        Spinner(drawn(out).then(|| {
            let s = ProgressBar::new_spinner();
            s.enable_steady_tick(std::time::Duration::from_millis(120));
            s
        }))
    }

    pub fn say(&self, out: &Output, state: String) {
        match &self.0 {
            Some(s) => s.set_message(state),
            None => out.note(&state),
        }
    }

    /// Takes the spinner off the screen, so what follows starts on a clean line.
    pub fn clear(self) {
        if let Some(s) = self.0 {
            s.finish_and_clear();
        }
    }
}

/// How many of a known number of things are done (CloudTrail's files read by `audit
/// --activity`): a bar on a terminal, nothing otherwise.
pub struct Counter(Option<ProgressBar>);

impl Counter {
    /// `what` names the things counted, before the count.
    pub fn start(out: &Output, what: &str) -> Counter {
        Counter(drawn(out).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} {what} {{pos}}/{{len}} {{wide_bar}} {{eta}}"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    pub fn set(&self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    pub fn clear(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}
