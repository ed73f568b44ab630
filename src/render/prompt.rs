//! Questions asked on a terminal (stderr), for the values a command line left out. Every answer
//! is checked as it is typed by the rule the workflow applies to it afterwards, so nobody types
//! everything to be refused at the end; Esc backs out of a choice and nothing is done; Ctrl-C
//! leaves the terminal as it found it.

use crate::domain::{Request, RequestId, Status, format_duration};
use crate::error::{Error, Result};
use crate::render::clean;
use crate::render::tables::{AccountNames, account};

/// One of `items`, picked with the arrows or by typing to filter. Esc is
/// `Error::Cancelled(cancelled)`.
pub fn pick(prompt: &str, items: &[String], cancelled: &str) -> Result<usize> {
    on_screen(|| {
        dialoguer::FuzzySelect::new()
            .with_prompt(prompt)
            .items(items)
            .default(0)
            .interact_opt()
    })
    .map_err(|e| unreadable(prompt, e))?
    .ok_or_else(|| Error::Cancelled(cancelled.to_string()))
}

/// A line of text. `check` runs on every answer (the default too): one it refuses is said under
/// the prompt, which stays for another try.
pub fn text(
    prompt: &str,
    default: Option<String>,
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<String> {
    on_screen(|| {
        let mut input = dialoguer::Input::<String>::new()
            .with_prompt(prompt)
            .validate_with(|answer: &String| check(answer));
        if let Some(default) = default {
            input = input.default(default);
        }
        input.interact_text()
    })
    .map_err(|e| unreadable(prompt, e))
}

/// Yes or no, no unless the answer is yes (Esc is no).
pub fn confirm(prompt: &str) -> Result<bool> {
    on_screen(|| {
        dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact_opt()
    })
    .map(|answer| answer == Some(true))
    .map_err(|e| unreadable(prompt, e))
}

/// One of `requests` picked, then confirmed: `verb` (`approve`) is what will be done to it, and
/// `cancelled` what is said when the person backs out at either step.
pub fn request(
    requests: &[Request],
    names: &AccountNames,
    verb: &str,
    cancelled: &str,
) -> Result<RequestId> {
    let lines: Vec<String> = requests.iter().map(|r| line(r, names)).collect();
    let chosen = pick(
        &format!("Request to {verb} (type to filter, Esc to cancel)"),
        &lines,
        cancelled,
    )?;
    let capitalised = verb[..1].to_uppercase() + &verb[1..];
    if !confirm(&format!("{capitalised} {}?", lines[chosen]))? {
        return Err(Error::Cancelled(cancelled.to_string()));
    }
    Ok(requests[chosen].id.clone())
}

/// A reason is cut to this many characters in a picker's line; `show` has it whole.
const REASON_CHARS: usize = 48;

/// What a person weighs when choosing a request, on one line. The requester, names and reason
/// are anyone's text: escaped as everywhere on a terminal.
fn line(r: &Request, names: &AccountNames) -> String {
    let (how_long, reason) = match &r.extension {
        Some(x) if r.status == Status::Active => {
            (format!("extend by {}", format_duration(x.by)), &x.reason)
        }
        _ => (format_duration(r.duration), &r.reason),
    };
    let mut cut: String = reason.chars().take(REASON_CHARS).collect();
    if reason.chars().count() > REASON_CHARS {
        cut.push('…');
    }
    format!(
        "{} · {} · {} · {} · {} · {}",
        r.id,
        clean(&r.requester.label()),
        account(&r.account_id, names),
        clean(&r.permission_set.name),
        how_long,
        clean(&cut)
    )
}

fn unreadable(prompt: &str, e: dialoguer::Error) -> Error {
    Error::Usage(format!("{prompt}: could not read an answer: {e}"))
}

/// Runs a prompt with Ctrl-C answered by showing the cursor and exiting 130. dialoguer hides
/// the cursor while a choice is on screen and shows it again only when the prompt returns, but
/// Ctrl-C ends the process first: a signal from the terminal, or one console raises when it
/// reads the key in raw mode. Outside prompts the signal is left as it was, so `run`'s own
/// handling (give the access back) is not disturbed.
fn on_screen<T>(prompt: impl FnOnce() -> T) -> T {
    let _answered = interrupt::Handler::install();
    prompt()
}

mod interrupt {
    /// A line break, so the shell's prompt starts on a line of its own, then the cursor shown.
    const RESTORE: &[u8] = b"\n\x1b[?25h";

    extern "C" fn on_interrupt(_: libc::c_int) {
        // Only what is safe in a signal handler: write(2) and _exit(2).
        unsafe {
            libc::write(libc::STDERR_FILENO, RESTORE.as_ptr().cast(), RESTORE.len());
            libc::_exit(crate::error::exit::INTERRUPTED);
        }
    }

    /// SIGINT's disposition before the prompt, put back when the prompt is over.
    pub(super) struct Handler(Option<libc::sigaction>);

    impl Handler {
        pub(super) fn install() -> Handler {
            // SAFETY: sigaction with zero-initialised structs (a valid empty mask and flags)
            // and a handler that makes only async-signal-safe calls.
            unsafe {
                let mut before: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut before) != 0
                    // Started with Ctrl-C ignored (nohup, a background job): it stays ignored.
                    || before.sa_sigaction == libc::SIG_IGN
                {
                    return Handler(None);
                }
                let mut ours: libc::sigaction = std::mem::zeroed();
                let handler: extern "C" fn(libc::c_int) = on_interrupt;
                ours.sa_sigaction = handler as libc::sighandler_t;
                libc::sigemptyset(&mut ours.sa_mask);
                if libc::sigaction(libc::SIGINT, &ours, std::ptr::null_mut()) != 0 {
                    return Handler(None);
                }
                Handler(Some(before))
            }
        }
    }

    impl Drop for Handler {
        fn drop(&mut self) {
            if let Some(before) = &self.0 {
                // SAFETY: puts back the disposition sigaction reported.
                unsafe {
                    libc::sigaction(libc::SIGINT, before, std::ptr::null_mut());
                }
            }
        }
    }
}

/// The most requests a picker lists, newest first: more is a listing to filter with `list`.
pub const PICKABLE: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picker_line_escapes_what_anyone_could_have_typed_and_cuts_long_reasons() {
        let mut r = crate::domain::request::tests::sample(1);
        r.reason = format!("\u{1b}[2J{}", "x".repeat(80));
        r.permission_set.name = "Admin\u{202e}ssecca".into();
        let mut names = AccountNames::new();
        names.insert(r.account_id.clone(), "prod\u{7}".into());
        let shown = line(&r, &names);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown}"
        );
        assert!(!shown.contains('\u{202e}'), "{shown}");
        assert!(shown.contains("\\u{1b}[2J") && shown.contains("prod\\u{7}"));
        assert!(shown.starts_with(r.id.as_str()), "{shown}");
        assert!(shown.ends_with('…'), "{shown}");
    }
}
