//! Logging on stderr: what is logged at each verbosity, and how log events read on a terminal.
//! At the default verbosity a warning is a message for the
//! user, so it reads like every other one (`warning: …`), sanitised, without the timestamp and
//! module path a debugging log needs (`-vv`, or `ELEVATE_LOG`, keep tracing's full format).

use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

use super::sanitize::clean_multiline;

pub struct Plain;

impl<S, N> FormatEvent<S, N> for Plain
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let label = match *event.metadata().level() {
            Level::ERROR => super::error_label(),
            Level::WARN => super::warning_label(),
            Level::INFO => console::style("info:").bold(),
            _ => console::style("debug:").dim(),
        };
        let mut message = String::new();
        ctx.field_format()
            .format_fields(Writer::new(&mut message), event)?;
        let label = if writer.has_ansi_escapes() {
            label.force_styling(true).to_string()
        } else {
            label.force_styling(false).to_string()
        };
        writeln!(writer, "{label} {}", clean_multiline(&message))
    }
}

/// Log targets whose most detailed events carry secrets: capped at debug.
const SECRET_BEARING_LOGS: &[&str] = &[
    "aws_smithy_runtime::client::orchestrator",
    "aws_smithy_runtime::client::http",
    "hyper",
    "hyper_util",
];

/// Sets up logging on stderr for `-q` (`quiet`) and `-v`… (`verbose`), or `ELEVATE_LOG`.
pub fn init(quiet: bool, verbose: u8) {
    use tracing_subscriber::EnvFilter;
    use tracing_subscriber::filter::{FilterExt, LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let default = match (quiet, verbose) {
        (true, _) => "error",
        // The SDK's own warnings (e.g. a missing ~/.aws/config) are noise for a CLI's users.
        (_, 0) => "elevate=warn,error",
        (_, 1) => "elevate=info,warn",
        (_, 2) => "elevate=debug,warn",
        _ => "debug",
    };
    let explicit = EnvFilter::try_from_env("ELEVATE_LOG").ok();
    // Someone debugging (`-vv`, `ELEVATE_LOG`) wants times and module paths; anyone else reads
    // a warning like every other message.
    let debugging = explicit.is_some() || verbose >= 2;
    let filter = explicit.unwrap_or_else(|| EnvFilter::new(default));
    // The SDK's request dumps (TRACE) show every header, and the access portal's sign-in token
    // travels in one (`x-amz-sso_bearer_token`) that the SDK does not mark sensitive: never
    // that detail, whatever was asked for. A cap, so it never turns more logging on.
    let caps = Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_targets(SECRET_BEARING_LOGS.iter().map(|t| (*t, LevelFilter::DEBUG)));
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(::console::colors_enabled_stderr());
    let layer = if debugging {
        layer.boxed()
    } else {
        layer.event_format(Plain).boxed()
    };
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(filter.and(caps)))
        .try_init();
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    fn logged(emit: impl FnOnce()) -> String {
        let out = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .event_format(Plain)
            .with_writer(out.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn a_warning_reads_like_the_clis_other_warnings() {
        let text = logged(|| tracing::warn!("could not update the schedules of request r-1"));
        assert_eq!(
            text,
            "warning: could not update the schedules of request r-1\n"
        );
    }

    #[test]
    fn untrusted_text_in_a_logged_message_cannot_drive_the_terminal() {
        let text =
            logged(|| tracing::warn!("from the service: {}", "\u{1b}]0;owned\u{7}\u{1b}[2J"));
        assert!(text.starts_with("warning: from the service: "), "{text}");
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(!text.contains('\u{7}'), "{text:?}");
    }
}
