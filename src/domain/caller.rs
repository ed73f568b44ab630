//! Who is calling, from the ARN that STS `GetCallerIdentity` returns.

use serde::{Deserialize, Serialize};

/// What the caller's ARN says about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerArn {
    /// A session of an Identity Center permission set role: the session name is the user name.
    SsoUser {
        user_name: String,
        permission_set: String,
    },
    /// Anything else: a CI role, a break-glass role, an IAM user.
    Other,
}

impl CallerArn {
    /// `arn:<partition>:sts::<account>:assumed-role/AWSReservedSSO_<PermissionSet>_<hex>/<session>`
    pub fn parse(arn: &str) -> CallerArn {
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(_partition), Some("sts"), Some(_region), Some(_account), Some(res)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return CallerArn::Other;
        };
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
            user_name: session.to_string(),
            permission_set: permission_set.to_string(),
        }
    }
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

    #[test]
    fn recognises_identity_center_sessions() {
        assert_eq!(
            CallerArn::parse(
                "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com"
            ),
            CallerArn::SsoUser {
                user_name: "alice@example.com".into(),
                permission_set: "AdministratorAccess".into()
            }
        );
        assert_eq!(
            CallerArn::parse(
                "arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_Read_Only_abcdef0123456789/bob"
            ),
            CallerArn::SsoUser {
                user_name: "bob".into(),
                permission_set: "Read_Only".into()
            }
        );
    }

    #[test]
    fn everything_else_is_another_principal() {
        for arn in [
            "arn:aws:sts::111122223333:assumed-role/ci-deployer/gh-run-42",
            "arn:aws:iam::111122223333:user/moto",
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_/alice",
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_nothex!/alice",
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/",
            "arn:aws:sts::111122223333:federated-user/alice",
            "not an arn",
        ] {
            assert_eq!(CallerArn::parse(arn), CallerArn::Other, "{arn}");
        }
    }
}
