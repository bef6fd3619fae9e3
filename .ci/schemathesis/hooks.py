"""Schemathesis hooks for the run against portone-v1-fake (see run.sh).

One check, `negative_data_refused_as_portone_does`, takes the place of the
built-in `negative_data_rejection` (disabled in schemathesis.toml). The
built-in wants a 4xx for every schema-violating request; PortOne refuses a
cancel it will not carry out with HTTP 200 and a non-zero `code`, and it
reads form-style values (numbers and booleans as text, a number for a text
field, empty or null fields as absent), as spec/portone-v1.yaml says in the
cancel call's description. So a schema-violating request passes when it was
refused in either way, or when, read with exactly that leniency, it is valid;
anything else goes to the built-in check, with its own exemptions and report.
"""

from __future__ import annotations

import json
import re

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

# Rust's `str::trim` (Unicode White_Space), which the fake uses to spot a
# blank field; Python's `str.isspace` also counts U+001C..U+001F.
_RUST_WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# Text that the fake's amount parser may take for a number: wide on purpose,
# since the check only has to avoid blaming a value the fake rightly read.
_NUMERIC_TEXT = re.compile(r"\s*[+-]?[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?\s*")


@schemathesis.check
def negative_data_refused_as_portone_does(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return None
    if response.status_code == 200:
        envelope = _json(response)
        if isinstance(envelope, dict) and envelope.get("code") not in (0, None):
            return None  # refused the PortOne way: HTTP 200, non-zero code
        negative = [location for location in meta.components if meta.is_negative_at(location)]
        if negative and all(_valid_when_read_leniently(case, location) for location in negative):
            return None  # accepted as the spec says such values are read
    return negative_data_rejection(ctx, response, case)


def _json(response):
    try:
        return json.loads(response.content)
    except (ValueError, TypeError):
        return None


def _valid_when_read_leniently(case, location) -> bool:
    if location == ParameterLocation.QUERY:
        return _query_valid_when_read_leniently(case)
    if location == ParameterLocation.HEADER:
        return _headers_ignored(case)
    if location != ParameterLocation.BODY:
        return False
    body = case.operation.get_body_for_media_type(case.media_type)
    if body is None or not isinstance(case.body, dict):
        return False
    schema = body.resolved_schema
    return body.is_valid(_lenient(case.body, schema, schema.get("x-bundled", {})))


# The headers the spec declares: the token (set by the auth configuration)
# and the agency `Tier` code, any string, which the fake takes and ignores.
_DECLARED_HEADERS = {"authorization", "tier"}


def _headers_ignored(case) -> bool:
    """A negative header part is excused only when no header but the
    declared ones is sent (schemathesis marks the optional `Tier` negative
    even when it leaves it out)."""
    return all(name.lower() in _DECLARED_HEADERS for name in (case.headers or {}))


def _query_valid_when_read_leniently(case) -> bool:
    """A boolean query parameter is true for `true` or `1`, false otherwise
    (GET /payments/{imp_uid}'s `include_sandbox`); unknown ones are ignored."""
    for name, value in (case.query or {}).items():
        parameter = case.operation.query.get(name)
        if parameter is None:
            continue
        if parameter.definition.get("schema", {}).get("type") == "boolean":
            values = value if isinstance(value, list) else [value]
            value = any(v is True or v in ("true", "1") for v in values)
        if not parameter.is_valid(value):
            return False
    return True


def _resolve(schema, bundle):
    """Follows `$ref` and single-branch `allOf` to the schema with a type."""
    while isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/x-bundled/"):
            schema = bundle.get(ref.rsplit("/", 1)[1], {})
        elif isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1 and "type" not in schema:
            schema = schema["allOf"][0]
        else:
            return schema
    return {}


def _lenient(value, schema, bundle):
    """`value` as the fake reads it (crates/portone-v1-fake/src/lenient.rs)."""
    schema = _resolve(schema, bundle)
    kind = schema.get("type")
    if kind == "object" and isinstance(value, dict):
        properties = schema.get("properties", {})
        out = {}
        for key, item in value.items():
            if item is None or (isinstance(item, str) and not item.strip(_RUST_WHITESPACE)):
                continue  # null and blank fields count as absent
            out[key] = _lenient(item, properties[key], bundle) if key in properties else item
        return out
    if kind == "boolean" and isinstance(value, str):
        return {"true": True, "1": True, "false": False, "0": False}.get(value, value)
    if kind == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _rust_number_text(value)
    if kind == "number" and isinstance(value, str):
        if _NUMERIC_TEXT.fullmatch(value) and re.search(r"\d", value):
            return 0  # some number; the fake judges its range itself
        return value
    return value


def _rust_number_text(value) -> str:
    """How serde_json writes a number as text (`1e16`, not `1e+16`)."""
    if isinstance(value, int) and -(2**63) <= value < 2**64:
        return str(value)
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text
