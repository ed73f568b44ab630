use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // clap exits with 2 on usage errors, as documented. Inside AWS Lambda the binary is the
    // function's `bootstrap`, started with no arguments: it is the executor serving invocations.
    let cli =
        if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() && std::env::args_os().len() == 1 {
            elevate::cli::Cli::parse_from(["elevate", "executor", "--lambda"])
        } else {
            elevate::cli::Cli::parse()
        };
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
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            elevate::render::error(&e);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
