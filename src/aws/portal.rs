//! Where the user's access portal is: the start URL of their AWS profile, directly
//! (`sso_start_url`) or through its `sso-session`.

use std::borrow::Cow;

use aws_types::os_shim_internal::{Env, Fs};

/// The start URL of `profile` (else `AWS_PROFILE`, else `default`) in the user's AWS config.
pub async fn start_url(profile: Option<&str>) -> Option<String> {
    start_url_in(&Fs::real(), &Env::real(), profile).await
}

async fn start_url_in(fs: &Fs, env: &Env, profile: Option<&str>) -> Option<String> {
    let files = aws_runtime::env_config::file::EnvConfigFiles::default();
    let set =
        aws_config::profile::load(fs, env, &files, profile.map(|p| Cow::Owned(p.to_string())))
            .await
            .ok()?;
    let selected = set.get_profile(set.selected_profile())?;
    if let Some(url) = selected.get("sso_start_url") {
        return Some(url.to_string());
    }
    let session = selected.get("sso_session")?;
    set.sso_session(session)?
        .get("sso_start_url")
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
[default]
region = eu-west-1

[profile legacy]
sso_start_url = https://d-1111111111.awsapps.com/start
sso_account_id = 111122223333

[profile modern]
sso_session = corp

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
";

    async fn url(profile: Option<&str>, aws_profile: Option<&str>) -> Option<String> {
        let fs = Fs::from_slice(&[("/home/me/.aws/config", CONFIG)]);
        let mut vars = vec![("HOME", "/home/me")];
        if let Some(p) = aws_profile {
            vars.push(("AWS_PROFILE", p));
        }
        start_url_in(&fs, &Env::from_slice(&vars), profile).await
    }

    #[tokio::test]
    async fn the_start_url_comes_from_the_profile_or_its_sso_session() {
        assert_eq!(
            url(Some("legacy"), None).await.as_deref(),
            Some("https://d-1111111111.awsapps.com/start")
        );
        assert_eq!(
            url(Some("modern"), None).await.as_deref(),
            Some("https://corp.awsapps.com/start")
        );
        assert_eq!(
            url(None, Some("modern")).await.as_deref(),
            Some("https://corp.awsapps.com/start"),
            "AWS_PROFILE"
        );
        assert_eq!(url(None, None).await, None, "default has none");
        assert_eq!(url(Some("missing"), None).await, None);
    }
}
