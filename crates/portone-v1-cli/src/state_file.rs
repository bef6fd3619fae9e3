//! Where `cancel --guard` keeps a guarded request whose outcome it could
//! not settle, and how `cancel --resend` reads it back.
//!
//! The file holds the whole request, refund account details included (a
//! resend must be the same request, byte for byte), so it is created with
//! mode 0600 in a directory created with mode 0700, and a file that others
//! can read is refused. Its place: `--state-dir DIR`, else
//! `$XDG_STATE_HOME/portone-v1`, else `$HOME/.local/state/portone-v1`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use portone_v1::{InvalidRequest, PreparedCancel};

/// The directory below `$XDG_STATE_HOME` (or `~/.local/state`).
const APP_DIR: &str = "portone-v1";

/// The directory to save in: the flag's, or the XDG state directory.
pub fn state_dir(flag: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    // The XDG base directory rules: a relative value is to be ignored.
    if let Some(xdg) = std::env::var_os("XDG_STATE_HOME").map(PathBuf::from)
        && xdg.is_absolute()
    {
        return Ok(xdg.join(APP_DIR));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && home.is_absolute()
    {
        return Ok(home.join(".local").join("state").join(APP_DIR));
    }
    Err("no state directory: give --state-dir DIR, or set XDG_STATE_HOME or HOME".into())
}

/// Writes `guard` to a new file in `dir` that only its owner can read, and
/// returns the file's absolute path.
pub fn save(dir: &Path, guard: &PreparedCancel) -> io::Result<PathBuf> {
    create_private_dir(dir)?;
    let dir = std::path::absolute(dir)?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let path = dir.join(format!(
        "cancel-{}-{stamp}-{}.json",
        file_name_part(guard.imp_uid()),
        std::process::id()
    ));
    let mut file = create_private_file(&path)?;
    file.write_all(&guard.to_json())?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    Ok(path)
}

/// Reads a file written by [`save`]; refuses one that others can read.
pub fn load(path: &Path) -> Result<PreparedCancel, InvalidRequest> {
    let invalid = |reason: String| InvalidRequest {
        field: "resend",
        reason,
    };
    let mut file =
        File::open(path).map_err(|e| invalid(format!("cannot open {}: {e}", path.display())))?;
    let meta = file
        .metadata()
        .map_err(|e| invalid(format!("cannot read {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(invalid(format!("{} is not a file", path.display())));
    }
    if let Some(mode) = open_to_others(&meta) {
        return Err(invalid(format!(
            "{} can be read by other users (mode {mode:o}) and holds refund account details; \
             `chmod 600` it, then run this again",
            path.display()
        )));
    }
    let mut json = Vec::new();
    file.read_to_end(&mut json)
        .map_err(|e| invalid(format!("cannot read {}: {e}", path.display())))?;
    PreparedCancel::from_json(&json)
}

/// Removes a saved file once its request can do nothing more (it refunded,
/// or the balance moved). Failing to is only worth a note.
pub fn remove(path: &Path) {
    if let Err(e) = fs::remove_file(path) {
        eprintln!(
            "note: could not remove {}: {e}; it is no longer needed",
            path.display()
        );
    }
}

/// The characters of `id` that are safe in a file name; others become `_`.
fn file_name_part(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    // Exactly 0600, whatever the umask.
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// The file's mode bits if its group or others may read or write it.
#[cfg(unix)]
fn open_to_others(meta: &fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn open_to_others(_meta: &fs::Metadata) -> Option<u32> {
    None
}
