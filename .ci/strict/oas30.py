"""The spec read the strict way: OpenAPI 3.0.3, through third-party validators.

Shared by check.py (the spec, its examples, the fixtures, the fake) and
drive.py (the routes of a running server). Nothing here decides what is
valid: openapi-spec-validator judges the document and
openapi-schema-validator's OAS 3.0 strict validator judges each value, with
3.0.3's reading of `nullable` (it widens only a `type` written in the same
schema object). This module only finds the schema a value must match.
"""

import json
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REQUIREMENTS = HERE / "requirements.txt"

# Exit code when a pinned tool is missing or at another version, so the
# Rust test can tell "not installed" from "the spec is wrong".
EXIT_TOOL_MISSING = 3

SPEC_URI = "urn:portone-v1:spec"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def pinned():
    """The `name==version` lines of requirements.txt, as {name: version}."""
    out = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[name.strip()] = version.strip()
    return out


def require_tools():
    """Exits with EXIT_TOOL_MISSING, saying how to install, unless every
    pinned package is installed at its pinned version."""
    wrong = []
    for name, version in pinned().items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have != version:
            wrong.append((name, version, have))
    if wrong:
        for name, version, have in wrong:
            found = f"found {have}" if have else "not installed"
            print(f"error: {name}=={version} is needed ({found})", file=sys.stderr)
        print(
            f"install them with: python3 -m pip install -r {REQUIREMENTS.relative_to(ROOT)}",
            file=sys.stderr,
        )
        sys.exit(EXIT_TOOL_MISSING)


def load_spec(path):
    """The spec as plain JSON data (YAML dates or other non-JSON scalars
    are refused: JSON tools would read them differently)."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    try:
        return json.loads(json.dumps(data))
    except TypeError as e:
        raise SystemExit(f"error: {path} holds a value JSON cannot carry ({e}); quote it")


def escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def resolve(spec, node):
    """Follows a local `$ref` (responses, request bodies, examples)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 16:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise SystemExit(f"error: only local $refs are supported here, got {ref}")
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        seen += 1
    return node


def operations(spec):
    """(operationId, method, path, pointer, operation) for every operation."""
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                pointer = f"#/paths/{escape(path)}/{method}"
                yield op.get("operationId", f"{method} {path}"), method, path, pointer, op


def response_media(spec, op_pointer, op, status):
    """(pointer of the media type object, media type object) of the JSON
    body documented for `status`, or None when the status is undocumented."""
    responses = op.get("responses", {})
    key = str(status) if str(status) in responses else ("default" if "default" in responses else None)
    if key is None:
        return None
    response = responses[key]
    pointer = f"{op_pointer}/responses/{escape(key)}"
    if "$ref" in response:
        pointer = response["$ref"]
        response = resolve(spec, response)
    media = response.get("content", {}).get("application/json")
    if media is None:
        return None
    return f"{pointer}/content/{escape('application/json')}", media


class Judge:
    """Validates values against schemas of the spec with the OAS 3.0 strict
    validator of openapi-schema-validator: read semantics (a `writeOnly`
    property may not appear) for responses, write semantics for requests."""

    def __init__(self, spec):
        from jsonschema.validators import extend
        from openapi_schema_validator import OAS30StrictValidator
        from openapi_schema_validator import _keywords as oas_keywords
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT4)
        self.registry = Registry().with_resource(SPEC_URI, resource)
        self.classes = {
            "response": extend(
                OAS30StrictValidator,
                {"required": oas_keywords.read_required, "writeOnly": oas_keywords.read_writeOnly},
            ),
            "request": extend(
                OAS30StrictValidator,
                {"required": oas_keywords.write_required, "readOnly": oas_keywords.write_readOnly},
            ),
        }
        self.format_checker = OAS30StrictValidator.FORMAT_CHECKER

    def errors(self, schema_pointer, value, direction):
        """One line per violation of the schema at `schema_pointer`
        (`#/...`), each naming where in the value it is and which keyword
        refused it; values themselves are not printed (bodies carry buyer
        data)."""
        validator = self.classes[direction](
            {"$ref": SPEC_URI + schema_pointer},
            registry=self.registry,
            format_checker=self.format_checker,
        )
        out = []
        for e in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
            describe(e, out, "", "")
        # strict_type says "None for not nullable" and then "not of type":
        # one line each is enough.
        return list(dict.fromkeys(out))


JSON_TYPES = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}


def where(path):
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def describe(e, out, indent, prefix):
    """A violation in words: where, what the schema wants, what came."""
    got = JSON_TYPES.get(type(e.instance), type(e.instance).__name__)
    keyword = e.validator
    if keyword == "type":
        why = f"expected {e.validator_value}, got {got}"
        if e.instance is None:
            why += " (3.0.3: null passes only `nullable: true` beside a `type` in the same schema)"
    elif keyword == "enum":
        why = f"{got}, not one of {json.dumps(e.validator_value)}"
    elif keyword in ("anyOf", "oneOf"):
        why = f"matches no member of `{keyword}`"
    elif keyword == "required":
        why = e.message
    else:
        why = f"fails `{keyword}: {json.dumps(e.validator_value)}` (got {got})"
    rule = "/".join(str(p) for p in e.absolute_schema_path)
    out.append(f"{indent}{prefix}at `{where(e.absolute_path)}`: {why} (schema {rule})")
    if keyword in ("anyOf", "oneOf"):
        # What each member refused, so "null matched nothing" or the real
        # mistake inside the referenced schema shows.
        for sub in sorted(e.context or [], key=lambda c: (list(c.schema_path)[:1], list(c.absolute_path))):
            describe(sub, out, indent + "    ", f"member {list(sub.schema_path)[0]}: ")
