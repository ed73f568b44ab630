//! Everything a person or a script reads: tables, JSON, warnings, prompts. Data goes to stdout;
//! warnings, progress and prompts to stderr. Untrusted text passes through `sanitize`.

pub mod csv;
pub mod grid;
pub mod log;
pub mod progress;
pub mod prompt;
pub mod reports;
pub mod sanitize;
pub mod tables;
pub mod time;

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::error::{Error, Result};
pub use sanitize::clean;

/// A value that cannot be written as JSON: the output failed, not anything the user set up.
pub fn json_failed(e: serde_json::Error) -> Error {
    Error::Io(format!("cannot render JSON: {e}"))
}

/// A request as JSON for scripts, with the name of its account when the reader's organisation
/// gave it (`null` otherwise): `account_name` beside `account_id`.
#[derive(Serialize)]
pub struct Named<'a> {
    #[serde(flatten)]
    pub request: &'a crate::domain::Request,
    pub account_name: Option<&'a str>,
}

pub fn named<'a>(
    requests: &'a [crate::domain::Request],
    names: &'a tables::AccountNames,
) -> Vec<Named<'a>> {
    requests
        .iter()
        .map(|r| Named {
            request: r,
            account_name: names.get(&r.account_id).map(String::as_str),
        })
        .collect()
}

/// What a command writes on stdout: something for people, or JSON for a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// `-o`: how data is written on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Tables with borders, fitted to the terminal (the default on a terminal)
    Table,
    /// Tab-separated lines with a header (the default when stdout is not a terminal)
    Text,
    /// JSON
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How this run talks to its user.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    /// Tables as tab-separated lines rather than drawn.
    pub plain: bool,
    /// The width drawn tables fit: `COLUMNS`, else the terminal's; none when neither is known.
    pub width: Option<usize>,
    pub quiet: bool,
    /// Prompts may be shown: a terminal on both ends and `--no-input` not given.
    pub interactive: bool,
}

impl Output {
    /// `format` unset: tables on a terminal, tab-separated lines anywhere else.
    pub fn new(
        format: Option<OutputFormat>,
        quiet: bool,
        no_input: bool,
        color: ColorChoice,
    ) -> Output {
        let colors = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        console::set_colors_enabled(colors);
        console::set_colors_enabled_stderr(colors);
        let stdout_terminal = std::io::stdout().is_terminal();
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|c| *c > 0);
        let terminal_width = || {
            stdout_terminal
                .then(|| console::Term::stdout().size_checked())
                .flatten()
                .map(|(_, cols)| usize::from(cols))
        };
        Output {
            format: match format {
                Some(OutputFormat::Json) => Format::Json,
                _ => Format::Table,
            },
            plain: match format {
                Some(OutputFormat::Text) => true,
                Some(_) => false,
                None => !stdout_terminal,
            },
            width: columns.or_else(terminal_width),
            quiet,
            interactive: !no_input
                && std::io::stdin().is_terminal()
                && std::io::stderr().is_terminal(),
        }
    }

    /// One JSON value on one line: a stream of them (JSON Lines) for a long-running command.
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let text = serde_json::to_string(value).map_err(json_failed)?;
        self.line(&text)
    }

    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(json_failed)?;
        self.line(&text)
    }

    /// A line of data on stdout. A closed pipe (`| head`) is not an error worth reporting.
    pub fn line(&self, text: &str) -> Result<()> {
        STDOUT_USED.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut out = std::io::stdout().lock();
        match writeln!(out, "{text}") {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(Error::Io(format!("cannot write output: {e}")))
            }
            _ => Ok(()),
        }
    }

    /// A table: drawn and fitted to the width, or tab-separated lines when stdout is not a
    /// terminal (or `-o text`).
    pub fn table(&self, grid: &grid::Grid) -> Result<()> {
        if self.plain {
            self.line(&grid.tsv())
        } else {
            self.line(&grid.boxed(self.width))
        }
    }

    /// A listing: with `-q`, only the first column (its ids), one per line.
    pub fn listing(&self, grid: &grid::Grid) -> Result<()> {
        if self.quiet {
            for id in grid.first_column() {
                self.line(id)?;
            }
            Ok(())
        } else {
            self.table(grid)
        }
    }

    /// Text on stdout exactly as given (it ends its own lines): what another program reads.
    pub fn raw(&self, text: &str) -> Result<()> {
        stdout_bytes(text.as_bytes())
    }

    /// Something the user should know, on stderr; silenced by `-q`.
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            to_stderr(&format!(
                "{} {}",
                warning_label().for_stderr(),
                sanitize::clean_multiline(text)
            ));
        }
    }

    /// Progress and confirmations for people, on stderr; silenced by `-q`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            to_stderr(&sanitize::clean_multiline(text));
        }
    }
}

/// Bytes on stdout as given. A closed pipe (`| head -1`) ends the output quietly.
pub fn stdout_bytes(bytes: &[u8]) -> Result<()> {
    STDOUT_USED.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Io(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// stdout for a writer that streams (CSV). A closed pipe (`| head -1`) takes the rest of the
/// output as written and nowhere, as `Output::line` does: the command ends quietly.
pub struct QuietStdout;

impl Write for QuietStdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::io::stdout().write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(buf.len()),
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match std::io::stdout().flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

/// How a warning is marked, wherever it comes from (`Output::warn`, a logged warning).
pub fn warning_label() -> console::StyledObject<&'static str> {
    console::style("warning:").yellow().bold()
}

/// How an error is marked, wherever it comes from (`error`, a logged error).
pub fn error_label() -> console::StyledObject<&'static str> {
    console::style("error:").red().bold()
}

/// Whether the command wrote its output to stdout: its report, after which the error that
/// follows (exit 1: items for a person) must not add a second JSON document.
static STDOUT_USED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn stdout_used() -> bool {
    STDOUT_USED.load(std::sync::atomic::Ordering::Relaxed)
}

/// An error as one JSON object on stdout (`-o json`), so a script reads stdout whatever
/// happened: `{"error": {"code", "exit", "message", "request"}}`.
pub fn error_json(e: &Error) {
    let value = serde_json::json!({
        "error": {
            "code": e.code(),
            "exit": e.exit_code(),
            "message": sanitize::clean_multiline(&e.to_string()),
            "request": e.request(),
        }
    });
    // Not `println!`, which panics when the reader has gone (`| head -1`).
    let _ = writeln!(std::io::stdout().lock(), "{value}");
}

/// Prints an error for the user; the message may carry untrusted text.
pub fn error(e: &Error) {
    to_stderr(&format!(
        "{} {}",
        error_label().for_stderr(),
        sanitize::clean_multiline(&e.to_string())
    ));
}

/// A line of untrusted text on stderr, as it is (no label) and even with `--quiet`: a problem
/// `policy check` found, said where the data on stdout does not go.
pub fn problem(text: &str) {
    to_stderr(&clean(text));
}

/// Whether stdout is a terminal: a person reading rather than a program (`credentials` refuses
/// to print secrets on one).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Whether a browser can be opened here: a terminal, and on Linux a display.
pub fn can_open_browser() -> bool {
    if !std::io::stdout().is_terminal() {
        return false;
    }
    if cfg!(target_os = "linux") {
        return std::env::var_os("DISPLAY").is_some()
            || std::env::var_os("WAYLAND_DISPLAY").is_some();
    }
    true
}

/// A line on stderr. A terminal that hung up or a closed pipe (`2>&1 | tee` after Ctrl-C)
/// loses the line, never the work: `eprintln!` would panic there, in the middle of giving
/// access back.
fn to_stderr(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    /// A value JSON cannot hold is an output failure (exit 1, code `io`), not configuration.
    #[test]
    fn json_that_cannot_be_rendered_is_an_output_failure() {
        let map = std::collections::BTreeMap::from([((1, 2), 3)]);
        let e = super::json_failed(serde_json::to_string(&map).unwrap_err());
        assert_eq!((e.code(), e.exit_code()), ("io", crate::error::exit::ERROR));
        assert!(e.to_string().starts_with("cannot render JSON: "), "{e}");
    }
}
