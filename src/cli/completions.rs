//! `elevate completions`

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::error::{Error, Result};

/// Print a shell completion script.
///
/// The script printed here (the one `completions/` holds) completes commands and flags. For
/// values too (request ids from the ledger, accounts and permission sets from the listing cache
/// `eligible` fills, AWS profiles), have the shell load elevate's dynamic script at start-up
/// instead, with COMPLETE set to the shell's name, as the examples show: it asks elevate itself
/// at each Tab, and always matches the installed version. Completing never prompts and never
/// waits more than 2 seconds for the ledger.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  elevate completions bash > ~/.local/share/bash-completion/completions/elevate
  elevate completions zsh > ~/.zfunc/_elevate
  # dynamic, with values:
  echo 'source <(COMPLETE=bash elevate)' >> ~/.bashrc
  echo 'source <(COMPLETE=zsh elevate)' >> ~/.zshrc
  echo 'COMPLETE=fish elevate | source' >> ~/.config/fish/config.fish")]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

pub fn run(args: Args) -> Result<()> {
    let mut cmd = super::Cli::command();
    // Written whole, then to stdout: clap_complete panics on a write error, and a reader that
    // stops early (`| head -1`) is one.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "elevate", &mut script);
    crate::render::stdout_bytes(&script)
}

/// Writes the completion script of every shell into `dir` (the committed `completions/`).
pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io(format!("{}: {e}", dir.display())))?;
    for shell in SHELLS {
        let mut cmd = super::Cli::command();
        clap_complete::generate_to(shell, &mut cmd, "elevate", dir)
            .map_err(|e| Error::Io(format!("{}: {e}", dir.display())))?;
    }
    Ok(())
}
