//! Writing generated files safely and checking them against the disk.

use std::io::Write;
use std::path::Path;

use crate::generate::GeneratedFile;

/// What happened to one file on `generate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The file already had this content; it was not touched.
    Unchanged(String),
    /// The file was (re)written.
    Written(String),
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
    Ok(outcomes)
}

/// A generated file whose committed content differs from a fresh generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Path relative to the workspace root.
    pub path: String,
    /// Unified diff from the committed file to the fresh one.
    pub diff: String,
}

/// Compares every file with the disk; returns the stale ones.
pub fn check_all(root: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    files
        .iter()
        .filter_map(|file| {
            let on_disk = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
            (on_disk != file.contents).then(|| Stale {
                path: file.path.clone(),
                diff: unified_diff(&file.path, &on_disk, &file.contents),
            })
        })
        .collect()
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
