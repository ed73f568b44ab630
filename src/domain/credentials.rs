//! The role credentials of a granted elevation, and the forms they are handed over in: the
//! `credential_process` JSON, shell `export` lines, an env file, and the AWS profile that runs
//! `elevate credentials`. Pure: the secret is only ever written where the caller asked for it.

use jiff::Timestamp;

/// Short-lived role credentials from Identity Center (`sso:GetRoleCredentials`).
#[derive(Clone, PartialEq, Eq)]
pub struct RoleCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// When AWS stops honouring them: the permission set's session duration after issue.
    pub expires_at: Timestamp,
}

/// Never shows the secret or the token, whatever prints it.
impl std::fmt::Debug for RoleCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &"** redacted **")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// How `elevate credentials` hands them over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The JSON an AWS profile's `credential_process` reads.
    Process,
    /// `export AWS_…='…'` lines for `eval "$(…)"`.
    Export,
    /// `AWS_…=…` lines, as `docker --env-file` and systemd's `EnvironmentFile` read them.
    EnvFile,
}

/// The environment variables the AWS SDKs and CLI read, with their values. The expiration the
/// tools see is `until`: the elevation's end when that comes first, so a tool refreshing its
/// credentials asks again then (and is told the elevation is over).
pub fn environment(creds: &RoleCredentials, until: Timestamp) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ACCESS_KEY_ID", creds.access_key_id.clone()),
        ("AWS_SECRET_ACCESS_KEY", creds.secret_access_key.clone()),
        ("AWS_SESSION_TOKEN", creds.session_token.clone()),
        (
            "AWS_CREDENTIAL_EXPIRATION",
            expiration(creds.expires_at.min(until)),
        ),
    ]
}

/// The credentials in `form`, expiring for the tools at `until` or theirs, whichever is first.
pub fn render(creds: &RoleCredentials, until: Timestamp, form: Form) -> String {
    match form {
        Form::Process => {
            let doc = serde_json::json!({
                "Version": 1,
                "AccessKeyId": creds.access_key_id,
                "SecretAccessKey": creds.secret_access_key,
                "SessionToken": creds.session_token,
                "Expiration": expiration(creds.expires_at.min(until)),
            });
            format!("{doc}\n")
        }
        Form::Export => environment(creds, until)
            .into_iter()
            .map(|(k, v)| format!("export {k}={}\n", shell_quote(&v)))
            .collect(),
        // An env file has no quoting: a value is the rest of the line. What AWS returns is
        // base64 and digits; a line break in it would start a variable of AWS's choosing.
        Form::EnvFile => environment(creds, until)
            .into_iter()
            .map(|(k, v)| format!("{k}={}\n", v.replace(['\r', '\n'], "")))
            .collect(),
    }
}

/// RFC 3339 in UTC, seconds: what `credential_process` and `AWS_CREDENTIAL_EXPIRATION` expect.
fn expiration(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `s` as one word for a POSIX shell (and for `credential_process`, which the SDKs run with
/// `sh -c` or split as a shell would): single quotes, each `'` written as `'\''`.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-.,:=+@%".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A profile name for an elevation: `elevate-<account>-<permission set>`, lower case, with
/// anything but letters, digits and `-` made a `-`.
pub fn profile_name(account: &str, permission_set: &str) -> String {
    let mut name = String::from("elevate");
    for part in [account, permission_set] {
        name.push('-');
        let mut dash = true;
        for c in part.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                name.push(c);
                dash = false;
            } else if !dash {
                name.push('-');
                dash = true;
            }
        }
        while name.ends_with('-') {
            name.pop();
        }
    }
    name
}

/// Whether `name` can be a profile's name in an AWS config file: no brackets, spaces, line
/// breaks or `#`/`;` (which would start a comment).
pub fn valid_profile_name(name: &str) -> bool {
    // `default` is the user's `[default]`: never one elevate writes.
    name != "default"
        && !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@+".contains(c))
}

/// The `[profile …]` section that gets a request's credentials from elevate. Refused when a
/// value would break out of its line (a line break in a start URL from the environment would
/// otherwise plant a section of its own in the user's AWS config).
pub fn profile_section(
    name: &str,
    credential_process: &str,
    region: Option<&str>,
) -> Result<String, String> {
    for (what, value) in [
        ("the profile name", name),
        ("the credential_process line", credential_process),
        ("the region", region.unwrap_or_default()),
    ] {
        if value.chars().any(char::is_control) {
            return Err(format!(
                "{what} would hold a line break or control character (from a path, the store, the start URL or the region): fix that value; nothing was written"
            ));
        }
    }
    let mut s = format!(
        "[profile {name}]\n# written by `elevate profile`: credentials of one elevation, until it ends\ncredential_process = {credential_process}\n"
    );
    if let Some(r) = region {
        s.push_str(&format!("region = {r}\n"));
    }
    Ok(s)
}

/// Whether a profile's `credential_process` runs `elevate credentials`: such a profile cannot be
/// the one elevate itself signs in with (each would run the other for ever).
pub fn runs_elevate_credentials(credential_process: &str) -> bool {
    // Read as the shell that runs it reads it; `env NAME=value … elevate …` runs elevate too.
    let words = shlex::split(credential_process).unwrap_or_default();
    let mut words = words
        .iter()
        .skip_while(|w| *w == "env" || w.contains('='))
        .map(|w| w.rsplit(['/', '\\']).next().unwrap_or(w));
    words.next().is_some_and(|program| {
        program == "elevate" || program == "elevate.exe" || program.starts_with("elevate-")
    }) && words.any(|w| w == "credentials")
}

/// `config` (an AWS config file's text) with the profile section `section` for `name` added, or
/// put in place of the one a previous `elevate profile` wrote. A profile of that name that
/// elevate did not write is refused: it is someone's own.
pub fn upsert_profile(config: &str, name: &str, section: &str) -> Result<String, String> {
    // What the SDKs read as a section header: `[…]`, maybe followed by a comment.
    let header_of = |line: &str| -> Option<String> {
        let t = line.trim();
        let rest = t.strip_prefix('[')?;
        let close = rest.find(']')?;
        let after = rest[close + 1..].trim();
        (after.is_empty() || after.starts_with('#') || after.starts_with(';'))
            .then(|| rest[..close].to_string())
    };
    let header = |line: &str| header_of(line).is_some();
    let is_ours = |line: &str| {
        let Some(inner) = header_of(line) else {
            return false;
        };
        let mut words = inner.split_whitespace();
        words.next() == Some("profile") && words.next() == Some(name) && words.next().is_none()
    };
    let lines: Vec<&str> = config.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| is_ours(l)) else {
        let mut out = config.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(section);
        return Ok(out);
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| header(l))
        .map_or(lines.len(), |i| start + 1 + i);
    let body = &lines[start + 1..end];
    let written_by_elevate = body.iter().any(|l| {
        let t = l.trim();
        t.strip_prefix("credential_process")
            .map(|rest| rest.trim_start().trim_start_matches('=').trim())
            .is_some_and(runs_elevate_credentials)
    });
    if !written_by_elevate {
        return Err(format!(
            "profile {name} is already in the AWS config and does not get its credentials from elevate; choose another name with --name"
        ));
    }
    // Keep the blank lines and comments that lead into the next section: they are its.
    let trailing: Vec<&str> = body
        .iter()
        .rev()
        .take_while(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#') || t.starts_with(';')
        })
        .copied()
        .collect();
    let trailing: String = trailing.iter().rev().map(|l| l.to_string()).collect();
    let mut out: String = lines[..start].concat();
    out.push_str(section);
    out.push_str(&trailing);
    out.push_str(&lines[end..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> RoleCredentials {
        RoleCredentials {
            access_key_id: "ASIAEXAMPLEKEY".into(),
            secret_access_key: "s3cr3t/Key+=".into(),
            session_token: "T0ken//=".into(),
            expires_at: "2026-12-05T16:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn the_process_json_is_what_credential_process_reads() {
        let end: Timestamp = "2026-12-05T17:00:00Z".parse().unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&render(&creds(), end, Form::Process)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "Version": 1,
                "AccessKeyId": "ASIAEXAMPLEKEY",
                "SecretAccessKey": "s3cr3t/Key+=",
                "SessionToken": "T0ken//=",
                "Expiration": "2026-12-05T16:00:00Z",
            })
        );
    }

    #[test]
    fn the_tools_are_told_they_expire_at_the_elevations_end_when_that_is_first() {
        let end: Timestamp = "2026-12-05T15:30:00Z".parse().unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&render(&creds(), end, Form::Process)).unwrap();
        assert_eq!(v["Expiration"], "2026-12-05T15:30:00Z");
        assert!(
            render(&creds(), end, Form::Export)
                .contains("export AWS_CREDENTIAL_EXPIRATION=2026-12-05T15:30:00Z\n")
        );
    }

    #[test]
    fn export_lines_are_one_shell_word_each_and_env_file_lines_one_line_each() {
        let end: Timestamp = "2026-12-05T17:00:00Z".parse().unwrap();
        assert_eq!(
            render(&creds(), end, Form::Export),
            "export AWS_ACCESS_KEY_ID=ASIAEXAMPLEKEY\n\
             export AWS_SECRET_ACCESS_KEY=s3cr3t/Key+=\n\
             export AWS_SESSION_TOKEN=T0ken//=\n\
             export AWS_CREDENTIAL_EXPIRATION=2026-12-05T16:00:00Z\n"
        );
        let mut odd = creds();
        odd.session_token = "a'b $(rm -rf /)\nX=1".into();
        let export = render(&odd, end, Form::Export);
        assert!(
            export.contains(r"export AWS_SESSION_TOKEN='a'\''b $(rm -rf /)"),
            "{export}"
        );
        let env = render(&odd, end, Form::EnvFile);
        assert_eq!(env.lines().count(), 4, "{env}");
        assert!(env.contains("AWS_SESSION_TOKEN=a'b $(rm -rf /)X=1\n"));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let shown = format!("{:?}", creds());
        assert!(shown.contains("ASIAEXAMPLEKEY"));
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("T0ken"),
            "{shown}"
        );
    }

    #[test]
    fn profile_names_are_plain() {
        assert_eq!(
            profile_name("prod", "AdministratorAccess"),
            "elevate-prod-administratoraccess"
        );
        assert_eq!(
            profile_name("Payments (EU)", "Ops+Read,Only"),
            "elevate-payments-eu-ops-read-only"
        );
        assert!(valid_profile_name("elevate-prod-admin"));
        for bad in ["", "a b", "a]", "x\n[profile y]", "a#b", "a;b"] {
            assert!(!valid_profile_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn shell_quoting_keeps_one_word() {
        assert_eq!(
            shell_quote("/usr/local/bin/elevate"),
            "/usr/local/bin/elevate"
        );
        assert_eq!(shell_quote("/Users/a b/elevate"), "'/Users/a b/elevate'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn a_profile_runs_elevate_credentials_only_when_it_says_so() {
        assert!(runs_elevate_credentials(
            "/usr/local/bin/elevate credentials r-7k3m9x2p4q --profile corp"
        ));
        assert!(runs_elevate_credentials(
            "'/Users/a b/elevate' credentials r-1"
        ));
        assert!(runs_elevate_credentials(
            "env ELEVATE_SSO_START_URL=https://d-1.awsapps.com/start /bin/elevate credentials r-1"
        ));
        assert!(!runs_elevate_credentials("aws-vault exec corp --json"));
        assert!(!runs_elevate_credentials("env A=1 aws-vault exec corp"));
        assert!(!runs_elevate_credentials(
            "/usr/bin/elevate show credentials-note"
        ));
    }

    const SECTION: &str =
        "[profile elevate-prod-admin]\ncredential_process = /bin/elevate credentials r-2\n";

    #[test]
    fn a_header_with_a_comment_is_a_header_and_the_next_sections_comments_stay() {
        let config = "[profile elevate-prod-admin] # mine\ncredential_process = /bin/elevate credentials r-1\n\n# production, careful\n[profile prod] # main\nregion = eu-west-1\n";
        let out = upsert_profile(config, "elevate-prod-admin", SECTION).unwrap();
        assert_eq!(
            out,
            format!(
                "{SECTION}\n# production, careful\n[profile prod] # main\nregion = eu-west-1\n"
            )
        );
        // A commented header of the user's own by that name is theirs.
        let theirs = "[profile elevate-prod-admin] ; hand-made\nregion = eu-west-1\n";
        assert!(upsert_profile(theirs, "elevate-prod-admin", SECTION).is_err());
    }

    #[test]
    fn nothing_is_written_that_would_break_out_of_its_line() {
        assert!(profile_section("p", "/bin/elevate credentials r-1", Some("eu-west-1")).is_ok());
        for (name, line, region) in [
            ("p", "/bin/elevate credentials r-1\n[profile x]", None),
            (
                "p",
                "/bin/elevate credentials r-1",
                Some("eu-west-1\ncredential_process = sh"),
            ),
            ("p\r", "/bin/elevate credentials r-1", None),
        ] {
            assert!(
                profile_section(name, line, region).is_err(),
                "{line:?} {region:?}"
            );
        }
        assert!(
            !valid_profile_name("default"),
            "the user's [default] is theirs"
        );
    }

    #[test]
    fn a_new_profile_is_appended_and_the_rest_kept_as_it_was() {
        let config = "[default]\nregion = eu-west-1 # mine\n";
        assert_eq!(
            upsert_profile(config, "elevate-prod-admin", SECTION).unwrap(),
            format!("{config}\n{SECTION}")
        );
        assert_eq!(
            upsert_profile("", "elevate-prod-admin", SECTION).unwrap(),
            SECTION
        );
        assert_eq!(
            upsert_profile("[default]", "elevate-prod-admin", SECTION).unwrap(),
            format!("[default]\n\n{SECTION}")
        );
    }

    #[test]
    fn a_profile_elevate_wrote_is_replaced_in_place() {
        let config = "[default]\nregion = eu-west-1\n\n[profile elevate-prod-admin]\ncredential_process = /bin/elevate credentials r-1 --profile corp\nregion = us-east-1\n\n[profile other]\nregion = x\n";
        assert_eq!(
            upsert_profile(config, "elevate-prod-admin", SECTION).unwrap(),
            format!("[default]\nregion = eu-west-1\n\n{SECTION}\n[profile other]\nregion = x\n")
        );
    }

    #[test]
    fn someone_elses_profile_of_that_name_is_refused() {
        let config = "[profile elevate-prod-admin]\nsso_session = corp\n";
        let err = upsert_profile(config, "elevate-prod-admin", SECTION).unwrap_err();
        assert!(err.contains("--name"), "{err}");
        // A similar name is another profile.
        let config = "[profile elevate-prod-admin-2]\nsso_session = corp\n";
        assert!(upsert_profile(config, "elevate-prod-admin", SECTION).is_ok());
    }
}
