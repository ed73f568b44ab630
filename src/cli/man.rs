//! `elevate man`

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::error::{Error, Result};

/// Print the manual page, or write one page per command into a directory.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate man | man -l -\n  elevate man --out-dir ~/.local/share/man/man1"
)]
pub struct Args {
    /// Write elevate.1 and elevate-<command>.1 into this directory instead
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    match args.out_dir {
        Some(dir) => write_all(&dir),
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(super::Cli::command())
                .render(&mut page)
                .map_err(|e| Error::Config(format!("cannot render the manual: {e}")))?;
            crate::render::stdout_bytes(&page)
        }
    }
}

/// Writes one page per command into `dir` (the committed `man/`).
pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Config(format!("{}: {e}", dir.display())))?;
    clap_mangen::generate_to(super::Cli::command(), dir)
        .map_err(|e| Error::Config(format!("{}: {e}", dir.display())))
}
