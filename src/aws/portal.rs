//! Where the user's access portal is, and how they sign in to it: the start URL, the portal's
//! region and the sso-session of their AWS profile (`sso_start_url` directly, or through its
//! `sso-session`), as the AWS CLI's `aws sso login` wrote its token cache for them.

use std::borrow::Cow;

use aws_types::os_shim_internal::{Env, Fs};

/// The access portal a command signs in to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portal {
    pub start_url: String,
    /// The portal's region (Identity Center's), when the profile or sso-session names it.
    pub region: Option<String>,
    /// The sso-session whose token cache holds the sign-in; `None`: the legacy cache, by URL.
    pub session: Option<String>,
    /// The profile that names this portal, for `aws sso login --profile`.
    pub profile: Option<String>,
}

impl Portal {
    /// The command that signs the user in to this portal again.
    pub fn login_command(&self) -> String {
        match (&self.session, &self.profile) {
            (Some(session), _) => format!("aws sso login --sso-session {session}"),
            (None, Some(profile)) => format!("aws sso login --profile {profile}"),
            (None, None) => format!(
                "aws configure sso-session (for {}), then aws sso login --sso-session <its name>",
                self.start_url
            ),
        }
    }
}

/// The portal of `profile` (else `AWS_PROFILE`, else `default`) in the user's AWS config; with
/// `start_url` given (elevate's `sso_start_url`), that portal, signed in to through whichever
/// sso-session or profile names it.
pub async fn portal(profile: Option<&str>, start_url: Option<&str>) -> Option<Portal> {
    portal_in(&Fs::real(), &Env::real(), profile, start_url).await
}

/// The `credential_process` of `profile` (else `AWS_PROFILE`, else `default`), if it has one.
pub async fn credential_process(profile: Option<&str>) -> Option<String> {
    let set = load(&Fs::real(), &Env::real(), profile).await?;
    set.get_profile(set.selected_profile())?
        .get("credential_process")
        .map(str::to_string)
}

/// The profile elevate's own AWS calls use: `profile`, else `AWS_PROFILE`, if either is set.
pub fn selected_profile(profile: Option<&str>) -> Option<String> {
    profile
        .map(str::to_string)
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
}

async fn load(
    fs: &Fs,
    env: &Env,
    profile: Option<&str>,
) -> Option<aws_config::profile::ProfileSet> {
    let files = aws_runtime::env_config::file::EnvConfigFiles::default();
    aws_config::profile::load(fs, env, &files, profile.map(|p| Cow::Owned(p.to_string())))
        .await
        .ok()
}

/// Start URLs compare without the trailing `/` or `#` a copied link may carry.
fn same_url(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches(['/', '#']).to_ascii_lowercase();
    norm(a) == norm(b)
}

async fn portal_in(
    fs: &Fs,
    env: &Env,
    profile: Option<&str>,
    start_url: Option<&str>,
) -> Option<Portal> {
    let set = load(fs, env, profile).await;
    let from_profile = |name: &str| -> Option<Portal> {
        let set = set.as_ref()?;
        let p = set.get_profile(name)?;
        if let Some(session) = p.get("sso_session") {
            let s = set.sso_session(session)?;
            return Some(Portal {
                start_url: s.get("sso_start_url")?.to_string(),
                region: s.get("sso_region").map(str::to_string),
                session: Some(session.to_string()),
                profile: Some(name.to_string()),
            });
        }
        Some(Portal {
            start_url: p.get("sso_start_url")?.to_string(),
            region: p.get("sso_region").map(str::to_string),
            session: None,
            profile: Some(name.to_string()),
        })
    };
    let selected = set
        .as_ref()
        .and_then(|s| from_profile(s.selected_profile()));
    let Some(url) = start_url else {
        return selected;
    };
    if let Some(p) = selected.filter(|p| same_url(&p.start_url, url)) {
        return Some(p);
    }
    // Another portal than the profile's: signed in to through an sso-session for it, if any.
    let session = set.as_ref().and_then(|set| {
        set.sso_sessions().find_map(|name| {
            let s = set.sso_session(name)?;
            same_url(s.get("sso_start_url")?, url).then(|| Portal {
                start_url: url.to_string(),
                region: s.get("sso_region").map(str::to_string),
                session: Some(name.to_string()),
                profile: None,
            })
        })
    });
    session
        .or_else(|| {
            let set = set.as_ref()?;
            set.profiles()
                .filter_map(from_profile)
                .find(|p| same_url(&p.start_url, url))
        })
        .or_else(|| {
            Some(Portal {
                start_url: url.to_string(),
                region: None,
                session: None,
                profile: None,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
[default]
region = eu-west-1

[profile legacy]
sso_start_url = https://d-1111111111.awsapps.com/start
sso_region = us-west-2
sso_account_id = 111122223333

[profile modern]
sso_session = corp

[profile other]
sso_session = second

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[sso-session second]
sso_start_url = https://second.awsapps.com/start/
sso_region = ap-southeast-2
";

    async fn find(
        profile: Option<&str>,
        aws_profile: Option<&str>,
        start_url: Option<&str>,
    ) -> Option<Portal> {
        let fs = Fs::from_slice(&[("/home/me/.aws/config", CONFIG)]);
        let mut vars = vec![("HOME", "/home/me")];
        if let Some(p) = aws_profile {
            vars.push(("AWS_PROFILE", p));
        }
        portal_in(&fs, &Env::from_slice(&vars), profile, start_url).await
    }

    async fn url(profile: Option<&str>, aws_profile: Option<&str>) -> Option<String> {
        find(profile, aws_profile, None).await.map(|p| p.start_url)
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

    #[tokio::test]
    async fn the_sign_in_is_the_sso_sessions_or_else_the_legacy_profiles() {
        let modern = find(Some("modern"), None, None).await.unwrap();
        assert_eq!(modern.session.as_deref(), Some("corp"));
        assert_eq!(modern.region.as_deref(), Some("eu-west-1"));
        assert_eq!(modern.login_command(), "aws sso login --sso-session corp");
        let legacy = find(Some("legacy"), None, None).await.unwrap();
        assert_eq!(legacy.session, None);
        assert_eq!(legacy.region.as_deref(), Some("us-west-2"));
        assert_eq!(legacy.login_command(), "aws sso login --profile legacy");
    }

    #[tokio::test]
    async fn a_configured_start_url_finds_the_session_that_signs_in_to_it() {
        // Not the selected profile's portal: the sso-session for that URL.
        let p = find(
            Some("modern"),
            None,
            Some("https://second.awsapps.com/start"),
        )
        .await
        .unwrap();
        assert_eq!(p.start_url, "https://second.awsapps.com/start");
        assert_eq!(p.session.as_deref(), Some("second"));
        assert_eq!(p.region.as_deref(), Some("ap-southeast-2"));
        // A legacy profile's portal.
        let p = find(None, None, Some("https://d-1111111111.awsapps.com/start/"))
            .await
            .unwrap();
        assert_eq!(p.profile.as_deref(), Some("legacy"));
        // No one signs in to it yet: the URL alone, and how to set a session up.
        let p = find(None, None, Some("https://new.awsapps.com/start"))
            .await
            .unwrap();
        assert_eq!((p.session, p.profile, p.region), (None, None, None));
        assert!(
            find(None, None, Some("https://new.awsapps.com/start"))
                .await
                .unwrap()
                .login_command()
                .starts_with("aws configure sso-session")
        );
    }
}
