//! How `--help` reads: the commands grouped by role, each command's examples exactly as written,
//! and the exit codes. The manual pages (`man.rs`) take the same tables.

use clap::Command;

/// The top-level commands by role, in the order `elevate --help` lists them. A name that is not
/// a command (yet) is skipped; a test holds every command to exactly one group.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "Ask and use access",
        &[
            "request",
            "wait",
            "show",
            "list",
            "cancel",
            "extend",
            "credentials",
            "profile",
            "run",
            "console",
            "eligible",
        ],
    ),
    ("Decide", &["approve", "reject", "review", "revoke"]),
    ("Audit", &["audit"]),
    (
        "Set up",
        &["init", "doctor", "config", "setup", "iam-policy"],
    ),
    ("Operate", &["policy", "executor", "reconcile"]),
    ("Shell", &["completions", "man"]),
];

/// Exit status, short meaning (for `--help`), full meaning (for the manual); the README's
/// "Exit codes" table says the same.
pub const EXIT_CODES: &[(i32, &str, &str)] = {
    use crate::error::exit::*;
    &[
        (OK, "done", "Done."),
        (
            ERROR,
            "error",
            "Error: including losing a race to another operator, a grant or revocation Identity \
             Center reported FAILED, this machine's clock more than 5 minutes from AWS's, a ledger \
             entry that does not hold (TAMPERING), and a file or the output that cannot be read \
             or written.",
        ),
        (
            USAGE,
            "usage: a flag is missing or malformed, or a question was cancelled",
            "Usage: a missing or malformed flag (without a terminal, a missing value names its \
             flag), or a question on a terminal backed out of (Esc, or no to a confirmation): \
             nothing was done.",
        ),
        (
            DENIED,
            "denied by policy, by elevate's own rules, or by IAM",
            "Denied: by policy, by elevate's own rules (self-approval, long-term keys, management \
             account), by IAM, or by the seal key's policy (a decision the caller may not seal).",
        ),
        (REJECTED, "rejected", "Rejected."),
        (TIMED_OUT, "timed out waiting", "Timed out waiting."),
        (
            NOT_FOUND,
            "not found",
            "Not found: the request, user, group or permission set.",
        ),
        (
            INTERRUPTED,
            "interrupted at a question (Ctrl-C)",
            "Interrupted: Ctrl-C at a question on a terminal, before anything was done.",
        ),
    ]
};

/// What a command's `after_help` starts with when it is its examples.
const EXAMPLES_HEADINGS: [&str; 2] = ["Examples:\n", "Example:\n"];

/// clap's own layout of a command's help, which `verbatim_examples` extends.
const DEFAULT_TEMPLATE: &str = "\
{before-help}{about-with-newline}
{usage-heading} {usage}

{all-args}{after-help}";

/// A command's examples as written (one command line, or comment, per line, indented), when its
/// `after_help` is its examples.
pub fn examples(cmd: &Command) -> Option<String> {
    let text = cmd.get_after_help()?.to_string();
    EXAMPLES_HEADINGS
        .iter()
        .find_map(|h| text.strip_prefix(h))
        .map(str::to_string)
}

/// The command line as `--help` shows it: commands grouped by role, examples never wrapped.
pub fn decorate(cmd: Command) -> Command {
    decorate_at(cmd, None)
}

/// `decorate`, laid out for a terminal `width` columns wide (`None`: the one clap finds).
pub fn decorate_at(cmd: Command, width: Option<usize>) -> Command {
    let mut cmd = verbatim_examples(cmd);
    if let Some(w) = width {
        cmd = cmd.term_width(w);
    }
    let listing = grouped_commands(&cmd, width);
    let header = cmd.get_styles().get_header();
    let mut after = String::from("Exit codes:\n");
    for (code, short, _) in EXIT_CODES {
        after.push_str(&format!("  {code}  {short}\n"));
    }
    after.push_str("\nStart with:  elevate request --help");
    // The listing is literal text in the template: clap has no groups of subcommands, and
    // `{all-args}` would list them all again, ungrouped.
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{listing}\n\
         {header}Global options:{header:#}\n{{options}}{{after-help}}"
    );
    cmd.after_help(after).help_template(template)
}

/// Moves every command's examples from `after_help`, which clap wraps at the terminal's width
/// (breaking a command line in two, where a reader would copy half of it), into the help
/// template, whose literal text clap prints as it is.
fn verbatim_examples(cmd: Command) -> Command {
    let cmd = cmd.mut_subcommands(verbatim_examples);
    let Some(examples) = examples(&cmd) else {
        return cmd;
    };
    let header = cmd.get_styles().get_header();
    let template = format!("{DEFAULT_TEMPLATE}\n\n{header}Examples:{header:#}\n{examples}");
    cmd.after_help(None::<&str>).help_template(template)
}

/// The commands under one heading per group, laid out (aligned, wrapped to the terminal) by
/// clap itself: it lists them all in group order, and the headings go in between.
fn grouped_commands(cmd: &Command, width: Option<usize>) -> String {
    let mut listing = Command::new("elevate")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .styles(cmd.get_styles().clone())
        .help_template("{subcommands}");
    if let Some(w) = width {
        listing = listing.term_width(w);
    }
    let mut groups = Vec::new();
    for (group, names) in GROUPS {
        let present: Vec<&Command> = names
            .iter()
            .filter_map(|n| cmd.find_subcommand(n))
            .filter(|c| !c.is_hide_set())
            .collect();
        if present.is_empty() {
            continue;
        }
        groups.push((*group, present.len()));
        for sub in present {
            // clap lists by display order, which the derive set to the order of declaration.
            let order = listing.get_subcommands().count();
            listing = listing.subcommand(sub.clone().display_order(order));
        }
    }
    let rendered = listing.render_help().ansi().to_string();
    // An entry starts at the two-space indent; its wrapped lines are indented further.
    let mut entries: Vec<String> = Vec::new();
    for line in rendered.lines() {
        let plain = anstyle_free(line);
        if plain.starts_with("  ") && !plain.starts_with("   ") || entries.is_empty() {
            entries.push(format!("{line}\n"));
        } else if let Some(last) = entries.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    let header = cmd.get_styles().get_header();
    let mut entries = entries.into_iter();
    groups
        .into_iter()
        .map(|(group, n)| {
            let listed: String = entries.by_ref().take(n).collect();
            format!("{header}{group}:{header:#}\n{listed}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `line` without its escape sequences, to read its indentation.
fn anstyle_free(line: &str) -> String {
    let mut s = clap::builder::StyledStr::new();
    s.push_str(line);
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn help(args: &[&str], width: usize) -> String {
        let mut cmd = decorate_at(crate::cli::Cli::command(), Some(width));
        cmd.build();
        let mut sub = &mut cmd;
        for a in args {
            sub = sub.find_subcommand_mut(a).unwrap();
        }
        sub.render_long_help().to_string()
    }

    #[test]
    fn every_command_is_in_exactly_one_group() {
        let cmd = crate::cli::Cli::command();
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            let n = GROUPS
                .iter()
                .filter(|(_, names)| names.contains(&name))
                .count();
            assert_eq!(n, 1, "`{name}` is in {n} groups of GROUPS (cli/help.rs)");
        }
        let all: Vec<&str> = GROUPS.iter().flat_map(|(_, n)| n.iter().copied()).collect();
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(all.len(), unique.len(), "a name is listed twice in GROUPS");
    }

    #[test]
    fn the_overview_lists_each_command_once_under_its_group() {
        let text = help(&[], 80);
        let cmd = crate::cli::Cli::command();
        for sub in cmd.get_subcommands() {
            let entries = text
                .lines()
                .filter(|l| l.trim_start().split(' ').next() == Some(sub.get_name()))
                .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
                .count();
            assert_eq!(entries, 1, "`{}` in:\n{text}", sub.get_name());
        }
        let ask = text.find("Ask and use access:").unwrap();
        let decide = text.find("Decide:").unwrap();
        let request = text.find("\n  request ").unwrap();
        let approve = text.find("\n  approve ").unwrap();
        assert!(
            ask < request && request < decide && decide < approve,
            "{text}"
        );
        assert!(!text.contains("Commands:"), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
        }
    }

    #[test]
    fn global_options_come_under_their_own_heading_after_the_commands_own() {
        let top = help(&[], 100);
        let global = top.find("Global options:").unwrap();
        assert!(top[global..].contains("--store <LOCATION>"), "{top}");
        assert!(top.find("Shell:").unwrap() < global, "{top}");
        let request = help(&["request"], 100);
        let own = request.find("--permission-set").unwrap();
        let global = request.find("Global options:").unwrap();
        assert!(own < global, "{request}");
        for flag in ["--profile <NAME>", "--store <LOCATION>", "--color <WHEN>"] {
            assert!(request.find(flag).unwrap() > global, "{flag}: {request}");
        }
        let verify = help(&["audit", "verify"], 100);
        assert!(verify.contains("Global options:"), "{verify}");
    }

    #[test]
    fn examples_are_printed_as_written_even_on_a_narrow_terminal() {
        fn walk(cmd: &Command, path: Vec<String>, found: &mut usize) {
            if let Some(examples) = examples(cmd) {
                *found += 1;
                let args: Vec<&str> = path.iter().map(String::as_str).collect();
                let text = help(&args, 40);
                for line in examples.lines() {
                    assert!(
                        text.lines().any(|l| l == line),
                        "`elevate {}` --help lost {line:?}:\n{text}",
                        path.join(" ")
                    );
                }
                assert!(text.contains("\nExamples:\n"), "{text}");
            }
            for sub in cmd.get_subcommands() {
                let mut path = path.clone();
                path.push(sub.get_name().to_string());
                walk(sub, path, found);
            }
        }
        let mut found = 0;
        walk(&crate::cli::Cli::command(), Vec::new(), &mut found);
        assert!(found > 20, "only {found} commands have examples");
    }

    #[test]
    fn examples_fit_an_80_column_terminal() {
        fn walk(cmd: &Command) {
            for line in examples(cmd).unwrap_or_default().lines() {
                assert!(
                    line.chars().count() <= 80,
                    "an example of `{}` is wider than 80 columns: {line:?}",
                    cmd.get_name()
                );
            }
            cmd.get_subcommands().for_each(walk);
        }
        walk(&crate::cli::Cli::command());
    }

    #[test]
    fn the_exit_codes_are_the_ones_errors_exit_with() {
        let codes: Vec<i32> = EXIT_CODES.iter().map(|(c, _, _)| *c).collect();
        assert_eq!(codes, (0..=6).chain([130]).collect::<Vec<_>>());
        let top = help(&[], 100);
        assert!(top.contains("Exit codes:\n  0  done\n"), "{top}");
    }
}
