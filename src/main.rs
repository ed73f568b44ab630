use std::process::ExitCode;

fn main() -> ExitCode {
    // Before anything else: a shell asking for completions reads stdout, and must get nothing
    // but the candidates.
    clap_complete::CompleteEnv::with_factory(elevate::cli::command).complete();
    // clap exits with 2 on usage errors, as documented. Inside AWS Lambda the binary is the
    // function's `bootstrap`, started with no arguments: it is the executor serving invocations.
    let cli =
        if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() && std::env::args_os().len() == 1 {
            match elevate::cli::command()
                .try_get_matches_from(["elevate", "executor", "--lambda"])
                .and_then(|m| elevate::cli::Cli::from_matches(&m))
            {
                Ok(cli) => cli,
                Err(e) => e.exit(),
            }
        } else {
            let parsed = elevate::cli::command()
                .try_get_matches()
                .and_then(|m| elevate::cli::Cli::from_matches(&m));
            match parsed {
                Ok(cli) => cli,
                // With -o json a usage error is JSON on stdout too (help and --version are not
                // errors).
                Err(e) if e.use_stderr() && json_asked() => {
                    elevate::render::error_json(&elevate::Error::Usage(
                        e.render()
                            .to_string()
                            .trim()
                            .trim_start_matches("error: ")
                            .to_string(),
                    ));
                    return ExitCode::from(elevate::error::exit::USAGE as u8);
                }
                Err(e) => e.exit(),
            }
        };
    let json = cli.global.output == Some(elevate::render::OutputFormat::Json);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(elevate::cli::run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // The human line on stderr either way; with -o json, stdout gets the error as JSON
            // unless the command already wrote its own (a report with items for a person).
            elevate::render::error(&e);
            if json && !elevate::render::stdout_used() {
                elevate::render::error_json(&e);
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Whether the command line (or ELEVATE_OUTPUT) asks for JSON, read without clap: for errors
/// clap itself reports.
fn json_asked() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let flag = args
        .windows(2)
        .any(|w| (w[0] == "-o" || w[0] == "--output") && w[1].eq_ignore_ascii_case("json"))
        || args
            .iter()
            .any(|a| a.eq_ignore_ascii_case("--output=json") || a.eq_ignore_ascii_case("-ojson"));
    flag || elevate::config::flag_env("ELEVATE_OUTPUT")
        .is_some_and(|v| v.eq_ignore_ascii_case("json"))
}
