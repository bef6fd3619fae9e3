//! Writing generated files safely and checking them against the disk.

use std::io::Write;
use std::path::Path;

/// One file the generator owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root.
    pub path: String,
    /// Full contents, header included.
    pub contents: String,
}

/// What happened to one file on `generate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The file already had this content; it was not touched.
    Unchanged(String),
    /// The file was (re)written.
    Written(String),
    /// A file the generator owned before but no longer produces (a schema
    /// removed from the spec) was deleted.
    Removed(String),
}

/// The kind of file whose whole folder the generator owns: every file with
/// this suffix in a folder where it writes one is its own, so one that it
/// no longer writes is a leftover (e.g. the JSON Schema of a removed schema).
pub const OWNED_SUFFIX: &str = ".schema.json";

/// Files under `root` that the generator owns (see [`OWNED_SUFFIX`]) but
/// that are not in `files`, as paths relative to `root`, sorted.
pub fn leftovers(root: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let wanted: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let dirs: std::collections::BTreeSet<&str> = files
        .iter()
        .filter(|f| f.path.ends_with(OWNED_SUFFIX))
        .filter_map(|f| f.path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{dir}/{name}");
            if name.ends_with(OWNED_SUFFIX) && !wanted.contains(rel.as_str()) {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// Writes every file whose content changed, each atomically (temp file in the
/// same directory, then rename), so a crash never leaves half a file.
pub fn write_all(root: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<WriteOutcome>> {
    let mut outcomes = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            outcomes.push(WriteOutcome::Unchanged(file.path.clone()));
            continue;
        }
        let dir = path.parent().expect("generated files live in a directory");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(
            ".{}.tmp-{}",
            path.file_name().unwrap().to_string_lossy(),
            std::process::id()
        ));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(file.contents.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result?;
        outcomes.push(WriteOutcome::Written(file.path.clone()));
    }
    // Only after every new file is in place: an error above leaves the old
    // set whole.
    for rel in leftovers(root, files) {
        std::fs::remove_file(root.join(&rel))?;
        outcomes.push(WriteOutcome::Removed(rel));
    }
    Ok(outcomes)
}

/// A generated file whose committed content differs from a fresh generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Path relative to the workspace root.
    pub path: String,
    /// Unified diff from the committed file to the fresh one.
    pub diff: String,
    /// The generator no longer produces this file at all (it would delete
    /// it), rather than produce different content.
    pub leftover: bool,
}

/// Compares every file with the disk; returns the stale ones, and every
/// leftover the generator would delete (its diff removes all its lines).
pub fn check_all(root: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    let mut stale: Vec<Stale> = files
        .iter()
        .filter_map(|file| {
            let on_disk = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
            (on_disk != file.contents).then(|| Stale {
                path: file.path.clone(),
                diff: unified_diff(&file.path, &on_disk, &file.contents),
                leftover: false,
            })
        })
        .collect();
    for rel in leftovers(root, files) {
        let on_disk = std::fs::read_to_string(root.join(&rel)).unwrap_or_default();
        stale.push(Stale {
            diff: unified_diff(&rel, &on_disk, ""),
            path: rel,
            leftover: true,
        });
    }
    stale
}

/// A unified diff with three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{path} (committed)"),
            &format!("b/{path} (fresh)"),
        )
        .to_string()
}
