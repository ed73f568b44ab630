//! Who is calling, from the ARN that STS `GetCallerIdentity` returns, and what that caller
//! counts as.

use serde::{Deserialize, Serialize};

/// What the caller's ARN says about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerArn {
    /// A session of an Identity Center permission set role, by its name: the session name is the
    /// user name. Whether it really is one depends on the account (see `counts_as`).
    SsoUser {
        /// The account the role is in.
        account: String,
        user_name: String,
        permission_set: String,
    },
    /// An IAM user (or the account's root user): long-term keys stand behind it, even when it
    /// calls with a session token from `GetSessionToken`, or as a federated user of
    /// `GetFederationToken` (which only IAM users' keys can call).
    IamUser { account: String },
    /// Anything else: a CI role, a break-glass role.
    Other,
}

impl CallerArn {
    /// `arn:<partition>:sts::<account>:assumed-role/AWSReservedSSO_<PermissionSet>_<hex>/<session>`,
    /// `arn:<partition>:iam::<account>:user/<path/name>` (or `:root`), or something else.
    pub fn parse(arn: &str) -> CallerArn {
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some(service), Some(_region), Some(account), Some(res)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return CallerArn::Other;
        };
        if partition.is_empty() || !is_account_id(account) {
            return CallerArn::Other;
        }
        if service == "iam" {
            return match res.split_once('/') {
                Some(("user", name)) if !name.is_empty() => CallerArn::IamUser {
                    account: account.to_string(),
                },
                None if res == "root" => CallerArn::IamUser {
                    account: account.to_string(),
                },
                _ => CallerArn::Other,
            };
        }
        if service != "sts" {
            return CallerArn::Other;
        }
        if res
            .strip_prefix("federated-user/")
            .is_some_and(|name| !name.is_empty())
        {
            return CallerArn::IamUser {
                account: account.to_string(),
            };
        }
        let mut segments = res.splitn(3, '/');
        let (Some("assumed-role"), Some(role), Some(session)) =
            (segments.next(), segments.next(), segments.next())
        else {
            return CallerArn::Other;
        };
        let Some(rest) = role.strip_prefix("AWSReservedSSO_") else {
            return CallerArn::Other;
        };
        // The suffix is a 16-character hex id; permission-set names may themselves contain '_'.
        let Some((permission_set, suffix)) = rest.rsplit_once('_') else {
            return CallerArn::Other;
        };
        if permission_set.is_empty()
            || suffix.is_empty()
            || !suffix.chars().all(|c| c.is_ascii_hexdigit())
            || session.is_empty()
        {
            return CallerArn::Other;
        }
        CallerArn::SsoUser {
            account: account.to_string(),
            user_name: session.to_string(),
            permission_set: permission_set.to_string(),
        }
    }

    /// What the caller counts as. `caller_account` is the account `GetCallerIdentity` names;
    /// `identity_account` the account whose Identity Center sessions are people (`None`: not
    /// known, so none is); `allow_long_term_keys` the operator's opt-out for IAM users.
    ///
    /// Anyone who may create roles in some account can name one `AWSReservedSSO_Admin_<hex>`
    /// and open a session of it called `bob`: only the identity account's such sessions are
    /// Identity Center's. (Within that account, the role's path, which this ARN does not carry,
    /// is what tells them apart: brokered mode's key policy checks it.)
    pub fn counts_as(
        &self,
        caller_account: &str,
        identity_account: Option<&str>,
        allow_long_term_keys: bool,
    ) -> CountsAs {
        match self {
            CallerArn::SsoUser {
                account, user_name, ..
            } => match identity_account {
                Some(identity) if account == identity && caller_account == identity => {
                    CountsAs::Person {
                        user_name: user_name.clone(),
                    }
                }
                Some(identity) => CountsAs::Role {
                    warning: Some(format!(
                        "this is an Identity Center permission set session in account {account}, but Identity Center's users sign in to elevate from account {identity} (identity_account), so it counts as a role: recorded by its ARN, it must name who the access is for with --for and cannot approve. Sign in with a permission set of account {identity}, or, if {identity} is not where your Identity Center users sign in, set identity_account"
                    )),
                },
                None => CountsAs::Role {
                    warning: Some(format!(
                        "this is an Identity Center permission set session in account {account}, but which account's sessions are Identity Center users is not known, so it counts as a role: set identity_account in the config"
                    )),
                },
            },
            CallerArn::IamUser { .. } if !allow_long_term_keys => CountsAs::Refused,
            CallerArn::IamUser { .. } | CallerArn::Other => CountsAs::Role { warning: None },
        }
    }
}

/// What a caller counts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountsAs {
    /// The Identity Center user the session names.
    Person { user_name: String },
    /// A role (or an IAM user the operator accepts): recorded by its ARN, names who the access
    /// is for, never approves. `warning`: why a session that looks like a person's is not one.
    Role { warning: Option<String> },
    /// An IAM user: refused like long-term keys (`iam_user_refusal`).
    Refused,
}

/// What a person does instead of using long-term credentials, and how an operator opts out.
pub const SHORT_LIVED_ADVICE: &str = "Use short-lived credentials instead: `aws sso login --profile <name>` then --profile <name>; in CI, web identity (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE); or an assumed role. \
To accept long-term keys anyway, set allow_long_term_keys = true in the config or ELEVATE_ALLOW_LONG_TERM_KEYS=true";

/// Why an IAM user is refused, and what to do.
pub fn iam_user_refusal(arn: &str) -> String {
    format!(
        "refusing IAM user {arn}: elevate grants access with your own credentials, and an IAM user's long-term access keys are a standing path to that power if they leak; a session token from GetSessionToken does not change whose keys stand behind it. {SHORT_LIVED_ADVICE}"
    )
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupIdentity {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserIdentity {
    pub id: String,
    pub name: String,
    pub groups: Vec<GroupIdentity>,
}

impl UserIdentity {
    pub fn in_group_named(&self, name: &str) -> bool {
        self.groups.iter().any(|g| g.name == name)
    }
    pub fn in_group_id(&self, id: &str) -> bool {
        self.groups.iter().any(|g| g.id == id)
    }
}

/// The person or role acting: recorded on every ledger event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub arn: String,
    /// The caller's `aws:userid` (`<role id>:<session name>` for a role session).
    pub id: String,
    pub account: String,
    /// Present when the caller is an Identity Center user.
    pub user: Option<UserIdentity>,
}

impl Actor {
    /// How the actor is named in the ledger: `user:<name>` or the role ARN.
    pub fn label(&self) -> String {
        match &self.user {
            Some(u) => format!("user:{}", u.name),
            None => self.arn.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SSO: &str = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com";

    #[test]
    fn recognises_identity_center_sessions() {
        assert_eq!(
            CallerArn::parse(SSO),
            CallerArn::SsoUser {
                account: "111122223333".into(),
                user_name: "alice@example.com".into(),
                permission_set: "AdministratorAccess".into()
            }
        );
        assert_eq!(
            CallerArn::parse(
                "arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_Read_Only_abcdef0123456789/bob"
            ),
            CallerArn::SsoUser {
                account: "111122223333".into(),
                user_name: "bob".into(),
                permission_set: "Read_Only".into()
            }
        );
    }

    #[test]
    fn recognises_iam_users_and_root_whatever_their_path() {
        for arn in [
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::111122223333:user/division/team/alice",
            "arn:aws-cn:iam::111122223333:user/alice",
            "arn:aws:iam::111122223333:root",
        ] {
            assert_eq!(
                CallerArn::parse(arn),
                CallerArn::IamUser {
                    account: "111122223333".into()
                },
                "{arn}"
            );
        }
    }

    #[test]
    fn everything_else_is_another_principal() {
        for arn in [
            "arn:aws:sts::111122223333:assumed-role/ci-deployer/gh-run-42",
            // moto's answer for plain keys: not an IAM user ARN.
            "arn:aws:sts::123456789012:user/moto",
            "arn:aws:iam::111122223333:user/",
            "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef",
            "arn:aws:iam::111122223333:rooted",
            "arn:aws:iam::1111:user/alice",
            "arn::iam::111122223333:user/alice",
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_/alice",
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_nothex!/alice",
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/",
            "arn:aws:sts::not-an-account:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice",
            "not an arn",
            "",
        ] {
            assert_eq!(CallerArn::parse(arn), CallerArn::Other, "{arn}");
        }
    }

    #[test]
    fn a_federated_user_is_an_iam_user_s_keys_in_disguise() {
        assert_eq!(
            CallerArn::parse("arn:aws:sts::111122223333:federated-user/alice"),
            CallerArn::IamUser {
                account: "111122223333".into()
            }
        );
    }

    #[test]
    fn only_the_identity_accounts_sessions_are_people() {
        let alice = CallerArn::parse(SSO);
        assert_eq!(
            alice.counts_as("111122223333", Some("111122223333"), false),
            CountsAs::Person {
                user_name: "alice@example.com".into()
            }
        );
        // A role named like Identity Center's in another account: anyone with iam:CreateRole
        // there can make one, with any session name.
        let CountsAs::Role {
            warning: Some(warning),
        } = alice.counts_as("111122223333", Some("999988887777"), false)
        else {
            panic!("a session of another account counted as a person");
        };
        for said in [
            "account 111122223333",
            "from account 999988887777",
            "counts as a role",
            "--for",
            "cannot approve",
            "identity_account",
        ] {
            assert!(warning.contains(said), "{said:?} missing from {warning}");
        }
        // GetCallerIdentity's account must agree with the ARN's.
        assert!(matches!(
            alice.counts_as("999988887777", Some("111122223333"), false),
            CountsAs::Role { warning: Some(_) }
        ));
        // Not knowing the identity account fails closed.
        let CountsAs::Role {
            warning: Some(warning),
        } = alice.counts_as("111122223333", None, true)
        else {
            panic!("an unverified session counted as a person");
        };
        assert!(warning.contains("set identity_account"), "{warning}");
    }

    #[test]
    fn iam_users_are_refused_unless_long_term_keys_are_allowed() {
        let user = CallerArn::parse("arn:aws:iam::111122223333:user/alice");
        assert_eq!(
            user.counts_as("111122223333", Some("111122223333"), false),
            CountsAs::Refused
        );
        assert_eq!(
            user.counts_as("111122223333", None, true),
            CountsAs::Role { warning: None }
        );
        let text = iam_user_refusal("arn:aws:iam::111122223333:user/alice");
        for said in [
            "refusing IAM user arn:aws:iam::111122223333:user/alice",
            "GetSessionToken",
            "aws sso login",
            "allow_long_term_keys",
        ] {
            assert!(text.contains(said), "{said:?} missing from {text}");
        }
        // Roles are neither refused nor warned about.
        let ci = CallerArn::parse("arn:aws:sts::111122223333:assumed-role/ci-deployer/gh-run-42");
        assert_eq!(
            ci.counts_as("111122223333", None, false),
            CountsAs::Role { warning: None }
        );
    }
}
