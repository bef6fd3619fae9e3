//! Where the two specs of a diff come from: a file, or a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::SPEC_PATH;
use crate::spec::{self, LoadedSpec};

/// Loads one side of a diff. `None` is the working tree's spec; an argument
/// naming an existing file is read from disk; anything else is a git revision
/// of `spec/portone-v1.yaml` (`git show REV:spec/portone-v1.yaml`, run in
/// `root`). Returns a label for the changelog and the spec.
pub fn load_source(root: &Path, arg: Option<&str>) -> Result<(String, LoadedSpec), String> {
    let Some(arg) = arg else {
        let path = root.join(SPEC_PATH);
        let spec = spec::load(&path).map_err(|e| e.to_string())?;
        return Ok((format!("{SPEC_PATH} (working tree)"), spec));
    };
    let as_file = PathBuf::from(arg);
    if as_file.is_file() {
        let spec = spec::load(&as_file).map_err(|e| e.to_string())?;
        return Ok((arg.to_string(), spec));
    }
    let object = format!("{arg}:{SPEC_PATH}");
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &object])
        .output()
        .map_err(|e| {
            format!("`{arg}` is not a file, and running git to read it as a revision failed: {e}")
        })?;
    if !output.status.success() {
        return Err(format!(
            "`{arg}` is neither a spec file nor a git revision holding {SPEC_PATH} (git show {object}: {}); pass a path or a revision such as HEAD~1",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text =
        String::from_utf8(output.stdout).map_err(|_| format!("{object} is not UTF-8 text"))?;
    let spec = spec::parse(Path::new(&object), &text).map_err(|e| e.to_string())?;
    Ok((object, spec))
}
