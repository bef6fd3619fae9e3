//! Loading and checking the spec before progenitor sees it.
//!
//! progenitor panics or produces wrong code on several inputs; every such case
//! is refused here with an error naming the file and the place (line/column
//! for syntax errors, a JSON pointer for everything else). The checks on the
//! document's structure are in [`structure`]; a spec that passes them is a
//! [`LoadedSpec`], which every command reads through its [`Model`].

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::Model;
use crate::model::samples::Samples;

mod locate;
pub mod structure;
use locate::{line_column, narrow_openapi_error, path_pointer, yaml_location};

/// A spec that cannot be used, with the file and the place that is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file.
    pub file: PathBuf,
    /// Where in the file: `line L, column C` or a JSON pointer such as `#/paths/~1payments~1cancel`.
    pub location: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.file.display(),
            self.location,
            self.message
        )
    }
}

impl std::error::Error for SpecError {}

/// A spec that parsed and passed the structural checks.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file it came from.
    pub file: PathBuf,
    /// The document as generic JSON (for lint, docs and summaries).
    pub json: Value,
    /// The document as typed OpenAPI 3.0 (for progenitor).
    pub openapi: openapiv3::OpenAPI,
    /// The usage samples beside the file (`samples/` in its folder), when
    /// it was loaded from disk ([`load`]); `None` from [`parse`].
    pub samples: Option<Samples>,
}

impl LoadedSpec {
    /// The model every command reads (a view of [`json`](Self::json) and
    /// the samples).
    pub fn model(&self) -> Model<'_> {
        match &self.samples {
            Some(s) => Model::with_samples(&self.file, &self.json, s),
            None => Model::new(&self.file, &self.json),
        }
    }
}

/// The folder of usage samples beside a spec file.
pub const SAMPLES_DIR: &str = "samples";

/// Reads the usage samples beside `spec_file` (`<its folder>/samples`),
/// named `<folder name>/samples` in findings (`spec/samples`).
pub fn read_samples(spec_file: &Path) -> Samples {
    let dir = spec_file
        .parent()
        .unwrap_or(Path::new("."))
        .join(SAMPLES_DIR);
    let folder = spec_file
        .parent()
        .and_then(Path::file_name)
        .map(|n| format!("{}/", n.to_string_lossy()))
        .unwrap_or_default();
    Samples::read(&dir, format!("{folder}{SAMPLES_DIR}"))
}

/// Reads `path` and checks it (see [`parse`]), with the usage samples
/// beside it ([`read_samples`]).
pub fn load(path: &Path) -> Result<LoadedSpec, SpecError> {
    let bytes = std::fs::read(path).map_err(|e| SpecError {
        file: path.to_path_buf(),
        location: "file".into(),
        message: format!("cannot read the spec: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, e))?;
    let mut loaded = parse(path, &text)?;
    loaded.samples = Some(read_samples(path));
    Ok(loaded)
}

/// Points at the first byte that is not UTF-8 (`read_to_string` only says
/// that one exists somewhere), as `line L, column C` like a syntax error.
fn not_utf8(path: &Path, e: std::string::FromUtf8Error) -> SpecError {
    let offset = e.utf8_error().valid_up_to();
    let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
    SpecError {
        file: path.to_path_buf(),
        location: line_column(valid, offset),
        message: format!(
            "not valid UTF-8 (byte offset {offset}, byte 0x{:02x}); save the file as UTF-8 and run `cargo xtask generate` again",
            e.as_bytes()[offset]
        ),
    }
}

/// Parses spec text (YAML or JSON) and checks what progenitor needs (see
/// [`structure::check`]): OpenAPI 3.0.x, resolvable local `$ref`s, unique
/// operationIds, one JSON request media type per operation, ...
pub fn parse(file: &Path, text: &str) -> Result<LoadedSpec, SpecError> {
    let err = |location: String, message: String| SpecError {
        file: file.to_path_buf(),
        location,
        message,
    };
    let json: Value = serde_yaml::from_str(text).map_err(|e| {
        err(
            yaml_location(text, &e),
            format!("not valid YAML: {e}; fix the syntax and run `cargo xtask generate` again"),
        )
    })?;
    if !json.is_object() {
        return Err(err(
            "#".into(),
            "the document is not a mapping; expected an OpenAPI 3.0.3 object".into(),
        ));
    }
    structure::check(file, &json).map_err(|p| err(p.pointer, p.message))?;
    // serde_json's own error names no place; the path of the value that
    // failed is what makes a wrong type findable in a 1,000-line file.
    let openapi: openapiv3::OpenAPI =
        serde_path_to_error::deserialize(json.clone()).map_err(|e| {
            let message = e.inner().to_string();
            err(
                narrow_openapi_error(&json, path_pointer(e.path()), &message),
                format!(
                    "not a valid OpenAPI 3.0 document: {message}; give this value the type OpenAPI 3.0.3 defines for it"
                ),
            )
        })?;
    Ok(LoadedSpec {
        file: file.to_path_buf(),
        json,
        openapi,
        samples: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: \"1\"\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/X\"\ncomponents:\n  schemas:\n    X:\n      type: object\n      properties:\n        n:\n          type: integer\n";

    fn file() -> &'static Path {
        Path::new("spec.yaml")
    }

    #[test]
    fn the_minimal_spec_loads() {
        parse(file(), MINIMAL).unwrap();
    }

    // The regressions below were found by the property test
    // (xtask/tests/prop_spec.rs): each error used to name no place.

    #[test]
    fn invalid_utf8_is_located_at_its_byte() {
        let dir = std::env::temp_dir().join(format!("xtask-spec-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("spec.yaml");
        std::fs::write(&path, b"openapi: 3.0.3\ninfo:\n  title: \xc3\xa9t\xff\n").unwrap();
        let e = load(&path).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        // `é` is one column: the bad byte is the 12th character of line 3.
        assert_eq!(e.location, "line 3, column 12", "{e}");
        assert!(e.message.contains("not valid UTF-8"), "{e}");
        assert!(e.message.contains("0xff"), "{e}");
    }

    #[test]
    fn a_control_character_is_located_where_it_is_not_at_the_start() {
        let text = MINIMAL.replace("title: t", "title: t\u{1}t");
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(e.location, "line 3, column 11", "{e}");
        assert!(e.message.contains("control characters"), "{e}");
    }

    #[test]
    fn a_wrong_openapi_type_is_located_by_its_path() {
        let text = MINIMAL.replace(
            "          description: ok\n",
            "          description: [ok]\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(
            e.location, "#/paths/~1x/get/responses/200/description",
            "{e}"
        );
        assert!(
            e.message.contains("not a valid OpenAPI 3.0 document"),
            "{e}"
        );
    }

    #[test]
    fn a_ref_that_names_no_component_is_refused_where_it_is() {
        for (target, wanted) in [
            ("#/components/schemas/X/properties/n", "schemas"),
            ("#/components", "schemas"),
            ("#/paths/~1x", "schemas"),
        ] {
            let text = MINIMAL.replace(
                "$ref: \"#/components/schemas/X\"",
                &format!("$ref: \"{target}\""),
            );
            let e = parse(file(), &text).unwrap_err();
            assert_eq!(
                e.location, "#/paths/~1x/get/responses/200/content/application~1json/schema/$ref",
                "{e}"
            );
            assert!(
                e.message.contains(&format!(
                    "must name a component directly, `#/components/{wanted}/Name`"
                )),
                "{e}"
            );
        }
    }

    #[test]
    fn a_path_item_ref_is_refused_where_it_is() {
        let text = MINIMAL.replace(
            "  /x:\n    get:\n",
            "  /y:\n    $ref: \"#/components/schemas/X\"\n  /x:\n    get:\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(e.location, "#/paths/~1y/$ref", "{e}");
        assert!(e.message.contains("path item that is a `$ref`"), "{e}");
    }

    #[test]
    fn a_media_type_without_schema_is_refused_where_it_is() {
        let text = MINIMAL.replace(
            "            application/json:\n              schema:\n                $ref: \"#/components/schemas/X\"\n",
            "            application/json: {}\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(
            e.location, "#/paths/~1x/get/responses/200/content/application~1json",
            "{e}"
        );
        assert!(e.message.contains("has no `schema`"), "{e}");
    }

    /// Found by the property test: these killed `cargo xtask generate`
    /// with a stack overflow inside progenitor.
    #[test]
    fn a_schema_made_of_itself_is_refused() {
        let own = MINIMAL.replace(
            "    X:\n      type: object\n",
            "    X:\n      type: object\n      allOf:\n        - $ref: \"#/components/schemas/X\"\n",
        );
        let e = parse(file(), &own).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/X/allOf", "{e}");
        assert!(e.message.contains("(X → X)"), "{e}");
        let pair = format!(
            "{MINIMAL}    Y:\n      allOf:\n        - $ref: \"#/components/schemas/Z\"\n    Z:\n      allOf:\n        - type: object\n        - allOf:\n            - $ref: \"#/components/schemas/Y\"\n"
        );
        let e = parse(file(), &pair).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/Y/allOf", "{e}");
        assert!(e.message.contains("(Y → Z → Y)"), "{e}");
        // A schema that refers to itself from a property is a recursive
        // type, which progenitor handles.
        let recursive = MINIMAL.replace(
            "        n:\n          type: integer\n",
            "        n:\n          type: integer\n        next:\n          $ref: \"#/components/schemas/X\"\n",
        );
        parse(file(), &recursive).unwrap();
    }

    /// Found by the property test (`Payment.cancel_history` mutated to
    /// `{items: ..., oneOf: [..., {$ref: Payment}]}`): typify merges the
    /// sibling keywords into the member that holds them again, until the
    /// stack overflows.
    #[test]
    fn a_composition_merging_keywords_into_its_own_schema_is_refused() {
        let with = |next: &str| {
            MINIMAL.replace(
                "        n:\n          type: integer\n",
                &format!("        n:\n          type: integer\n        next:\n{next}"),
            )
        };
        let items = with(
            "          items:\n            type: string\n          oneOf:\n            - type: string\n            - $ref: \"#/components/schemas/X\"\n",
        );
        let e = parse(file(), &items).unwrap_err();
        assert_eq!(
            e.location, "#/components/schemas/X/properties/next/oneOf",
            "{e}"
        );
        assert!(e.message.contains("beside `items`"), "{e}");
        assert!(e.message.contains("(X → X)"), "{e}");
        // Through another schema, and with `anyOf`.
        let through = format!(
            "{}    Y:\n      type: object\n      properties:\n        back:\n          $ref: \"#/components/schemas/X\"\n",
            with(
                "          required: [a]\n          anyOf:\n            - $ref: \"#/components/schemas/Y\"\n"
            )
        );
        let e = parse(file(), &through).unwrap_err();
        assert_eq!(
            e.location, "#/components/schemas/X/properties/next/anyOf",
            "{e}"
        );
        assert!(e.message.contains("(X → Y → X)"), "{e}");
        // Only annotations and `type` beside it: a recursive type, which
        // generates.
        let annotated = with(
            "          description: the next one\n          type: object\n          oneOf:\n            - $ref: \"#/components/schemas/X\"\n",
        );
        parse(file(), &annotated).unwrap();
    }

    #[test]
    fn a_response_ref_must_name_a_response() {
        let text = MINIMAL.replace(
            "        \"200\":\n          description: ok\n",
            "        \"401\":\n          $ref: \"#/components/schemas/X\"\n        \"200\":\n          description: ok\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(e.location, "#/paths/~1x/get/responses/401/$ref", "{e}");
        assert!(e.message.contains("`#/components/responses/Name`"), "{e}");
    }
}
