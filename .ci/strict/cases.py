"""The values a strict reader of the spec must accept, each with the schema it
must match: the spec's own examples and the response fixtures.

A case names where the value comes from, the pointer of the schema it must
match and the direction ("response" or "request": readOnly/writeOnly
semantics); a fixture case also says which file, operation and status.
"""

import json
import re
from dataclasses import dataclass

from oas30 import ROOT, escape, operations, resolve, response_media

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_TABLE = FIXTURES / "README.md"


@dataclass
class Case:
    name: str
    schema: str
    value: object
    direction: str
    fixture: str = ""
    operation: str = ""
    status: int = 0


def example_cases(spec):
    """Every example the spec carries: on media types (`example`,
    `examples.*.value`) of responses and request bodies, on parameters and
    on schemas under components."""
    out = []

    def media_examples(pointer, media, direction):
        if "schema" not in media:
            return
        schema = f"{pointer}/schema"
        if "example" in media:
            out.append(Case(f"{pointer}/example", schema, media["example"], direction))
        for name, ex in media.get("examples", {}).items():
            ex_pointer = f"{pointer}/examples/{escape(name)}"
            if "$ref" in ex:
                ex_pointer, ex = ex["$ref"], resolve(spec, ex)
            if "value" in ex:
                out.append(Case(f"{ex_pointer}/value", schema, ex["value"], direction))

    def content(pointer, holder, direction):
        holder_pointer = pointer
        if "$ref" in holder:
            holder_pointer, holder = holder["$ref"], resolve(spec, holder)
        for media_type, media in holder.get("content", {}).items():
            media_examples(f"{holder_pointer}/content/{escape(media_type)}", media, direction)

    for _, _, path, op_pointer, op in operations(spec):
        if "requestBody" in op:
            content(f"{op_pointer}/requestBody", op["requestBody"], "request")
        for status, response in op.get("responses", {}).items():
            content(f"{op_pointer}/responses/{escape(status)}", response, "response")
        params = list(enumerate(op.get("parameters", [])))
        for i, param in params:
            p_pointer = f"{op_pointer}/parameters/{i}"
            if "$ref" in param:
                p_pointer, param = param["$ref"], resolve(spec, param)
            media_examples(p_pointer, param, "request")
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        walk_schema_examples(f"#/components/schemas/{escape(name)}", schema, out)
    # Component responses and request bodies are reached through the
    # operations above; one reached by none is caught by the spec's lint.
    seen = set()
    unique = []
    for case in out:
        if case.name not in seen:
            seen.add(case.name)
            unique.append(case)
    return unique


def walk_schema_examples(pointer, schema, out):
    """`example` on a schema or any schema inside it. Direction: a schema
    example documents the value in either direction; "response" semantics
    (writeOnly forbidden) is the stricter for what the spec holds."""
    if not isinstance(schema, dict):
        return
    if "example" in schema:
        out.append(Case(f"{pointer}/example", pointer, schema["example"], "response"))
    for key in ("properties",):
        for name, sub in schema.get(key, {}).items():
            walk_schema_examples(f"{pointer}/{key}/{escape(name)}", sub, out)
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(schema.get(key, [])):
            walk_schema_examples(f"{pointer}/{key}/{i}", sub, out)
    for key in ("items", "not", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            walk_schema_examples(f"{pointer}/{key}", schema[key], out)


def fixture_table():
    """{file: (schema name, HTTP status)} from the table in
    tests/fixtures/README.md, the one place that says what each fixture is."""
    rows = {}
    for line in FIXTURE_TABLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*`([^`]+\.json)`\s*\|\s*`([^`]+)`\s*\|\s*(\d{3})\s*\|", line)
        if m:
            rows[m.group(1)] = (m.group(2), int(m.group(3)))
    return rows


def fixture_cases(spec):
    """Each fixture against every operation that answers its status with its
    schema. Returns (cases, problems): a fixture missing from the table, or
    one no operation can answer, is a problem."""
    table = fixture_table()
    cases, problems = [], []
    on_disk = sorted(p.name for p in FIXTURES.glob("*.json"))
    for name in on_disk:
        if name not in table:
            problems.append(
                f"tests/fixtures/{name}: not in the table of tests/fixtures/README.md; "
                "add a row saying which schema it parses as and its HTTP status"
            )
            continue
        schema_name, status = table[name]
        wanted = f"#/components/schemas/{schema_name}"
        body = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        matched = False
        for op_id, _, _, op_pointer, op in operations(spec):
            found = response_media(spec, op_pointer, op, status)
            if found is None or found[1].get("schema") != {"$ref": wanted}:
                continue
            matched = True
            cases.append(
                Case(f"tests/fixtures/{name} as {op_id} {status}", f"{found[0]}/schema", body, "response", name, op_id, status)
            )
        if not matched:
            problems.append(
                f"tests/fixtures/{name}: no operation of the spec answers HTTP {status} with "
                f"{schema_name}; fix the row in tests/fixtures/README.md or the spec"
            )
    for name in sorted(set(table) - set(on_disk)):
        problems.append(f"tests/fixtures/README.md: lists {name}, which does not exist")
    return cases, problems
