//! Who receives access: an Identity Center user or group, written `user:<name>` or
//! `group:<name>` by people, and carried with its identity-store id once resolved.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrincipalKind {
    User,
    Group,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::Group => "group",
        }
    }
}

/// A principal named by a person: in policy files and in `--for`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PrincipalRef {
    pub kind: PrincipalKind,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a principal: write user:<name> or group:<name>")]
pub struct PrincipalRefError(pub String);

impl FromStr for PrincipalRef {
    type Err = PrincipalRefError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, name) = s
            .split_once(':')
            .ok_or_else(|| PrincipalRefError(s.to_string()))?;
        let kind = match kind.trim() {
            "user" => PrincipalKind::User,
            "group" => PrincipalKind::Group,
            _ => return Err(PrincipalRefError(s.to_string())),
        };
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(PrincipalRefError(s.to_string()));
        }
        Ok(PrincipalRef {
            kind,
            name: name.to_string(),
        })
    }
}

impl fmt::Display for PrincipalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.name)
    }
}

impl Serialize for PrincipalRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PrincipalRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A resolved principal: what an account assignment is made to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Principal {
    pub kind: PrincipalKind,
    /// Identity-store id (a UUID for users and groups).
    pub id: String,
    pub name: String,
}

impl Principal {
    pub fn as_ref(&self) -> PrincipalRef {
        PrincipalRef {
            kind: self.kind,
            name: self.name.clone(),
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_users_and_groups() {
        let u: PrincipalRef = "user:alice@example.com".parse().unwrap();
        assert_eq!(u.kind, PrincipalKind::User);
        assert_eq!(u.name, "alice@example.com");
        let g: PrincipalRef = "group: Platform Admins ".parse().unwrap();
        assert_eq!(g.kind, PrincipalKind::Group);
        assert_eq!(g.name, "Platform Admins");
        assert_eq!(g.to_string(), "group:Platform Admins");
    }

    #[test]
    fn refuses_malformed_principals() {
        for bad in [
            "alice",
            "role:x",
            "user:",
            "group:  ",
            "user:a\u{1b}[31m",
            "",
        ] {
            assert!(bad.parse::<PrincipalRef>().is_err(), "{bad:?} was accepted");
        }
    }
}
