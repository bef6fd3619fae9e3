"""The spec through strict third-party OpenAPI 3.0.3 readers.

    python3 .ci/strict/check.py [--spec FILE] [--fake URL --seeds FILE --imp-key K --imp-secret S]

1. The document: openapi-spec-validator's OpenAPI 3.0 validator.
2. Every example the spec carries, against its schema.
3. Every response fixture of tests/fixtures/, against the response schema of
   each operation that answers it (the table in tests/fixtures/README.md
   says which schema and HTTP status each one has).
4. With --fake: every route of a running portone-v1-fake (see drive.py).

Values are judged by openapi-schema-validator's OAS 3.0 strict validator,
which reads `nullable` as 3.0.3 does: it admits null only beside a `type`
in the same schema object, never through `allOf` or `$ref`.

Exit 0: all valid. 1: a finding (each printed with where and why).
3: a pinned tool is missing (how to install is printed).
"""

import argparse
import sys

# No __pycache__ beside the sources of the repository.
sys.dont_write_bytecode = True
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import oas30  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", default=str(oas30.ROOT / "spec" / "portone-v1.yaml"))
    parser.add_argument("--fake", metavar="URL", help="base URL of a running portone-v1-fake on 127.0.0.1")
    parser.add_argument("--seeds", help="the seed file the fake serves (with --fake)")
    parser.add_argument("--imp-key", help="the fake's imp_key (with --fake)")
    parser.add_argument("--imp-secret", help="the fake's imp_secret (with --fake)")
    parser.add_argument("--fixtures-via", metavar="URL", help="drive fixture_server.py (or a proxy in front of it) instead of reading the files")
    args = parser.parse_args()
    if args.fake and not (args.seeds and args.imp_key and args.imp_secret):
        parser.error("--fake needs --seeds, --imp-key and --imp-secret")

    oas30.require_tools()
    import json

    from cases import example_cases, fixture_cases
    from drive import Driver, drive_fake, drive_fixtures
    from openapi_spec_validator import OpenAPIV30SpecValidator
    from jsonschema_path import SchemaPath

    spec = oas30.load_spec(args.spec)
    findings = []

    if spec.get("openapi") != "3.0.3":
        findings.append(f"{args.spec}: `openapi` is {spec.get('openapi')!r}; this check reads 3.0.3")
    document_errors = list(OpenAPIV30SpecValidator(SchemaPath.from_dict(spec)).iter_errors())
    for e in document_errors:
        where = "#/" + "/".join(oas30.escape(p) for p in e.absolute_path)
        findings.append(f"document: {where}: {e.message}")
    print(f"document: {len(document_errors)} error(s) (openapi-spec-validator, OpenAPI 3.0)")

    judge = oas30.Judge(spec)
    examples = example_cases(spec)
    bad_examples = 0
    for case in examples:
        errors = judge.errors(case.schema, case.value, case.direction)
        if errors:
            bad_examples += 1
            findings.append(f"example {case.name} (schema {case.schema}):\n  " + "\n  ".join(errors))
    print(f"examples: {len(examples)} checked, {bad_examples} invalid")

    fixtures, problems = fixture_cases(spec)
    findings.extend(problems)
    if args.fixtures_via:
        driver = Driver(spec, judge, args.fixtures_via)
        drive_fixtures(driver, fixtures)
        bad_fixtures = len(driver.failures)
        findings.extend(f"fixture {name}: " + "; ".join(p) for name, p in driver.failures)
    else:
        bad_fixtures = 0
        for case in fixtures:
            errors = judge.errors(case.schema, case.value, case.direction)
            if errors:
                bad_fixtures += 1
                findings.append(f"fixture {case.name} (schema {case.schema}):\n  " + "\n  ".join(errors))
    print(f"fixtures: {len(fixtures)} checked, {bad_fixtures} invalid")

    if args.fake:
        seeds = json.loads(Path(args.seeds).read_text(encoding="utf-8"))
        driver = Driver(spec, judge, args.fake)
        drive_fake(driver, seeds, args.imp_key, args.imp_secret)
        findings.extend(f"fake {name}: " + "; ".join(p) for name, p in driver.failures)
        print(f"fake: {driver.flows} answers checked, {len(driver.failures)} invalid")

    if findings:
        print(f"\n{len(findings)} finding(s); the spec must admit every real response under OpenAPI 3.0.3 (spec/README.md):")
        for f in findings:
            print(f"- {f}")
        return 1
    print("ok: strict OpenAPI 3.0.3 readers accept the spec and every value checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
