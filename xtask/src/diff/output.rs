//! The changelog entry and the semver bump a set of changes implies.

use std::fmt;
use std::path::Path;

use super::{Change, Kind};

/// A `major.minor.patch` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl Version {
    /// Parses `1.2.3` (pre-release and build suffixes are ignored).
    pub fn parse(text: &str) -> Option<Version> {
        let core = text.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let v = Version {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(v)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which part of the version a release must bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Compatible fixes and documentation.
    Patch,
    /// New features (or, before 1.0, breaking changes).
    Minor,
    /// Breaking changes after 1.0.
    Major,
}

/// The bump the changes imply for a crate now at `current`, the next version
/// and why. Cargo's rules: before 1.0 the minor number is the "major" one, so
/// a breaking change bumps the minor version and everything else the patch.
pub fn implied_bump(changes: &[Change], current: Version) -> (Bump, Version, String) {
    let worst = changes.iter().map(|c| c.kind).min();
    let zero = current.major == 0;
    let (bump, why) = match worst {
        None => (Bump::None, "no change".to_string()),
        Some(Kind::Breaking) if zero => (
            Bump::Minor,
            "breaking changes while the major version is 0: Cargo treats 0.x minor versions as incompatible, so the minor version is bumped".to_string(),
        ),
        Some(Kind::Breaking) => (Bump::Major, "breaking changes: major version bump".to_string()),
        Some(Kind::Added) if zero => (
            Bump::Patch,
            "compatible additions while the major version is 0: patch bump (a 0.x minor bump would be breaking)".to_string(),
        ),
        Some(Kind::Added) => (Bump::Minor, "compatible additions: minor version bump".to_string()),
        Some(Kind::Changed | Kind::Docs) => (Bump::Patch, "compatible changes or documentation only: patch bump".to_string()),
    };
    let next = match bump {
        Bump::None => current,
        Bump::Patch => Version {
            patch: current.patch + 1,
            ..current
        },
        Bump::Minor => Version {
            major: current.major,
            minor: current.minor + 1,
            patch: 0,
        },
        Bump::Major => Version {
            major: current.major + 1,
            minor: 0,
            patch: 0,
        },
    };
    (bump, next, why)
}

/// The Markdown changelog entry for `changes`.
pub fn changelog(changes: &[Change], current: Version, old_label: &str, new_label: &str) -> String {
    let (bump, next, why) = implied_bump(changes, current);
    let mut out = String::new();
    if bump == Bump::None {
        out.push_str(&format!(
            "## portone-v1 {current} (unchanged)\n\nNo difference between `{old_label}` and `{new_label}`; no release needed.\n"
        ));
        return out;
    }
    out.push_str(&format!("## portone-v1 {next}\n\n"));
    out.push_str(&format!(
        "Spec changes from `{old_label}` to `{new_label}`. Semver: {current} → {next} ({bump:?} bump): {why}.\n"
    ));
    for (kind, title) in [
        (Kind::Breaking, "Breaking"),
        (Kind::Added, "Added"),
        (Kind::Changed, "Changed"),
        (Kind::Docs, "Docs"),
    ] {
        let entries: Vec<&Change> = changes.iter().filter(|c| c.kind == kind).collect();
        if entries.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for c in entries {
            out.push_str(&format!("- `{}`: {} [{}]\n", c.what, c.message, c.rule));
        }
    }
    out
}

/// The current version of `portone-v1`: its own `version`, or the workspace's
/// when it says `version.workspace = true`.
pub fn workspace_version(root: &Path) -> Result<Version, String> {
    let read = |rel: &str| {
        std::fs::read_to_string(root.join(rel))
            .map_err(|e| format!("cannot read {rel} to find the crate version: {e}"))
    };
    let krate = read("crates/portone-v1/Cargo.toml")?;
    let text = if krate
        .lines()
        .any(|l| l.trim().replace(' ', "") == "version.workspace=true")
    {
        read("Cargo.toml")?
    } else {
        krate
    };
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("version"))
        .filter_map(|rest| rest.trim_start().strip_prefix('='))
        .find_map(|v| Version::parse(v.trim().trim_matches('"')))
        .ok_or_else(|| "no `version = \"x.y.z\"` line found for portone-v1 (crates/portone-v1/Cargo.toml or the workspace's [workspace.package])".to_string())
}
