#!/usr/bin/env python3
"""The openapi-generator input: the official Swagger 2.0 document cut to the
operations spec/portone-v1.yaml has, with only the definitions they reach,
so that both crates are built from the same operations.

Usage: og_input.py FULL_OFFICIAL_DOC OUR_SPEC OUT
An operation of ours is matched by method and path; where the official
document has only a longer path with an extra trailing parameter (it writes
`/payments/find/{merchant_uid}/{payment_status}` for both forms), that
path is taken. Its path parameters are marked `required: true` (the
official document leaves `payment_status` optional, which Swagger 2.0 does
not allow and openapi-generator refuses). Prints what it kept and changed.
"""
import json
import sys

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def refs(node, out):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            out.add(ref.split("/")[-1])
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def main():
    full_path, ours_path, out_path = sys.argv[1:4]
    full = json.load(open(full_path))
    ours = yaml.safe_load(open(ours_path))
    paths = {}
    for path, item in ours["paths"].items():
        for method in (m for m in item if m in METHODS):
            candidates = [path] + sorted(p for p in full["paths"]
                                         if p.startswith(path + "/{") and p.count("/") == path.count("/") + 1)
            found = next((p for p in candidates if method in full["paths"].get(p, {})), None)
            if found is None:
                sys.exit(f"no official operation for {method.upper()} {path}")
            paths.setdefault(found, {})[method] = full["paths"][found][method]
            print(f"{method.upper():>6} {path}  <-  {found}")
    for path, item in paths.items():
        for method, op in item.items():
            for param in op.get("parameters", []):
                if param.get("in") == "path" and not param.get("required"):
                    param["required"] = True
                    print(f"  {method.upper()} {path}: path parameter {param['name']} marked required")
    keep, todo = set(), set()
    refs(paths, todo)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        refs(full["definitions"][name], todo)
    doc = {k: v for k, v in full.items() if k not in ("paths", "definitions", "tags")}
    doc["paths"] = paths
    doc["definitions"] = {k: v for k, v in full["definitions"].items() if k in keep}
    with open(out_path, "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    print(f"{len(paths)} paths, {len(doc['definitions'])} definitions -> {out_path}")


if __name__ == "__main__":
    main()
