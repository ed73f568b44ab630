//! The AWS access portal's link to an account's console with one permission set: what a grant
//! prints, and `elevate console` opens.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Kept as they are in a query value: what a permission set name may hold besides letters and
/// digits (`+=,.@-_`) is encoded, except the unreserved `-`, `_` and `.`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

/// `<start url>/#/console?account_id=…&role_name=…`, or why the start URL cannot be one.
pub fn console_link(
    start_url: &str,
    account_id: &str,
    permission_set: &str,
) -> Result<String, String> {
    let start = start_url.trim();
    if !start.starts_with("https://") || start.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "the access portal's start URL must be an https:// URL, such as https://d-1234567890.awsapps.com/start (got {start:?})"
        ));
    }
    let base = start
        .trim_end_matches('/')
        .trim_end_matches("/#")
        .trim_end_matches('#')
        .trim_end_matches('/');
    Ok(format!(
        "{base}/#/console?account_id={}&role_name={}",
        utf8_percent_encode(account_id, QUERY_VALUE),
        utf8_percent_encode(permission_set, QUERY_VALUE)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_names_the_account_and_the_permission_set() {
        for start in [
            "https://d-1234567890.awsapps.com/start",
            "https://d-1234567890.awsapps.com/start/",
            "https://d-1234567890.awsapps.com/start/#",
            "https://d-1234567890.awsapps.com/start/#/",
        ] {
            assert_eq!(
                console_link(start, "111122223333", "AdministratorAccess").unwrap(),
                "https://d-1234567890.awsapps.com/start/#/console?account_id=111122223333&role_name=AdministratorAccess",
                "{start}"
            );
        }
        // Characters a permission set name may hold are encoded, so the link stays one link.
        assert_eq!(
            console_link("https://x.awsapps.com/start", "1", "Ops+Read,Only=1@a").unwrap(),
            "https://x.awsapps.com/start/#/console?account_id=1&role_name=Ops%2BRead%2COnly%3D1%40a"
        );
    }

    #[test]
    fn a_start_url_that_is_not_https_is_refused() {
        for bad in [
            "http://x.awsapps.com/start",
            "x.awsapps.com",
            "",
            "https://x y",
            "https://a\u{1b}[2J",
        ] {
            assert!(console_link(bad, "1", "A").is_err(), "{bad:?}");
        }
    }
}
