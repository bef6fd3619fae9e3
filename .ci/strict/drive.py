"""Calls every route of a running server and judges each answer against the
spec, the strict way (see oas30.py). Two servers are driven:

- `fake`: portone-v1-fake (or anything that behaves like it). Every
  documented outcome is produced from the payments of a seed file: token
  issued and refused, lookups found, sandbox-hidden and unknown, lookups by
  order id found, paged and unknown, cancels
  partial, full, refused (checksum, refund account, unknown payment) and
  repeated, and the 401 of a wrong token.
- `fixtures`: fixture_server.py, which answers each request with the fixture
  named in its `X-Fixture` header; each fixture is asked for through every
  operation that answers it (see cases.fixture_cases).

When the base URL is a `prism proxy --errors` in front of the server, Prism
judges too: a problem+json answer or an `sl-violations` header from Prism is
counted as a violation, with Prism's words.

Only 127.0.0.1 is ever contacted, each request with a timeout.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

from oas30 import operations, response_media

TIMEOUT_SECONDS = 20
# No proxy, whatever the environment says: 127.0.0.1 only, directly.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Driver:
    def __init__(self, spec, judge, base):
        host = urllib.parse.urlsplit(base).hostname
        if host != "127.0.0.1":
            raise SystemExit(f"error: only 127.0.0.1 may be driven, not {host} ({base})")
        self.spec, self.judge, self.base = spec, judge, base.rstrip("/")
        self.ops = {op_id: (method, path, pointer, op) for op_id, method, path, pointer, op in operations(spec)}
        self.flows = 0
        self.failures = []

    def call(self, flow, op_id, path_params=None, query=None, body=None, token=None, headers=None):
        """One request to operation `op_id`; judges the answer; returns
        (status, parsed body or None)."""
        method, template, op_pointer, op = self.ops[op_id]
        path = template
        for name, value in (path_params or {}).items():
            path = path.replace("{" + name + "}", urllib.parse.quote(str(value), safe=""))
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        all_headers = {"accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["content-type"] = "application/json"
        if token is not None:
            all_headers["authorization"] = f"Bearer {token}"
        all_headers.update(headers or {})
        request = urllib.request.Request(url, data=data, method=method.upper(), headers=all_headers)
        try:
            with OPENER.open(request, timeout=TIMEOUT_SECONDS) as r:
                status, raw, got_headers = r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            status, raw, got_headers = e.code, e.read(), e.headers
        self.flows += 1
        problems = []
        content_type = got_headers.get("content-type", "")
        parsed = None
        try:
            parsed = json.loads(raw)
        except ValueError:
            problems.append(f"the body is not JSON: {raw[:200]!r}")
        if "problem+json" in content_type:
            # `prism proxy --errors` answers a violation itself.
            detail = (parsed or {}).get("validation") or raw[:2000].decode(errors="replace")
            problems.append(f"Prism: HTTP {status} {(parsed or {}).get('title', '')}: {json.dumps(detail, ensure_ascii=False)}")
        elif got_headers.get("sl-violations"):
            # Without --errors, Prism passes the answer on and lists them here.
            problems.append(f"Prism: {got_headers.get('sl-violations')}")
        if parsed is not None and "problem+json" not in content_type:
            found = response_media(self.spec, op_pointer, op, status)
            if found is None:
                problems.append(f"HTTP {status} is not a status the spec documents for {op_id}")
            else:
                for line in self.judge.errors(f"{found[0]}/schema", parsed, "response"):
                    problems.append(f"HTTP {status} body {line}")
        verdict = "ok  " if not problems else "FAIL"
        print(f"{verdict} {flow}: {method.upper()} {path} -> {status}")
        for p in problems:
            print(f"       {p}")
        if problems:
            self.failures.append((flow, problems))
        return status, parsed


def drive_fake(driver, seeds, key, secret):
    """Every documented outcome of the fake, from the payments in `seeds`."""
    status, body = driver.call("token issued", "getToken", body={"imp_key": key, "imp_secret": secret})
    token = ((body or {}).get("response") or {}).get("access_token")
    if status != 200 or not token:
        driver.failures.append(("token issued", [f"no token (HTTP {status}); check --imp-key/--imp-secret"]))
        return
    driver.call("token refused", "getToken", body={"imp_key": key, "imp_secret": secret + "-wrong"})
    # The 401 of the other calls comes from a wrong token: a request with no
    # token at all breaks the spec's security requirement, and a validating
    # proxy refuses it before the server sees it.
    wrong = "0" * 40
    driver.call("lookup with a wrong token", "getPayment", {"imp_uid": seeds[0]["imp_uid"]}, token=wrong)
    driver.call("cancel with a wrong token", "cancelPayment", body={"imp_uid": seeds[0]["imp_uid"]}, token=wrong)
    driver.call("lookup of an unknown payment", "getPayment", {"imp_uid": "imp_strict_unknown"}, token=token)
    driver.call("cancel of an unknown payment", "cancelPayment", body={"imp_uid": "imp_strict_unknown"}, token=token)
    for p in seeds:
        uid = p["imp_uid"]
        driver.call(f"lookup {uid}", "getPayment", {"imp_uid": uid}, {"include_sandbox": "true"}, token=token)
        if p.get("sandbox"):
            driver.call(f"lookup {uid} without include_sandbox", "getPayment", {"imp_uid": uid}, token=token)
    find_flows(driver, seeds, token, wrong)
    for p in seeds:
        cancel_flows(driver, p, token)


def find_flows(driver, seeds, token, wrong):
    """The lookups by order id: found with and without a status, a page
    and a page past the end, nothing matching, and the 401."""
    order = seeds[0]["merchant_uid"]
    status = seeds[0]["status"]
    driver.call("find with a wrong token", "findPayment", {"merchant_uid": order}, token=wrong)
    driver.call("find all with a wrong token", "findPayments", {"merchant_uid": order}, token=wrong)
    for p in seeds:
        uid = p["merchant_uid"]
        driver.call(f"find {uid}", "findPayment", {"merchant_uid": uid}, {"sorting": "-paid"}, token=token)
        driver.call(
            f"find {uid} in status {p['status']}",
            "findPaymentWithStatus",
            {"merchant_uid": uid, "payment_status": p["status"]},
            token=token,
        )
    driver.call("find all of an order", "findPayments", {"merchant_uid": order}, {"limit": 1}, token=token)
    driver.call(
        "find all of an order in its status",
        "findPaymentsWithStatus",
        {"merchant_uid": order, "payment_status": status},
        {"page": 1, "limit": 1000, "sorting": "updated"},
        token=token,
    )
    driver.call("a page past the end", "findPayments", {"merchant_uid": order}, {"page": 2}, token=token)
    driver.call("find an unknown order", "findPayment", {"merchant_uid": "order-strict-unknown"}, token=token)
    driver.call(
        "find an order in a status it has none in",
        "findPaymentWithStatus",
        {"merchant_uid": order, "payment_status": "failed" if status != "failed" else "ready"},
        token=token,
    )
    driver.call("find all of an unknown order", "findPayments", {"merchant_uid": "order-strict-unknown"}, token=token)
    # No request outside the spec (the fake's 400): a validating proxy
    # refuses it before the server sees it. The fake's own tests and
    # schemathesis's negative mode cover the 400.


def cancel_flows(driver, p, token):
    uid, order = p["imp_uid"], p["merchant_uid"]
    balance = Decimal(str(p["amount"])) - Decimal(str(p.get("cancel_amount", 0)))
    extra = {"reason": "strict check"}
    refund = {"refund_holder": "Hong", "refund_bank": "88", "refund_account": "11012345678901"}
    if p.get("pay_method") == "vbank":
        driver.call(f"cancel {uid} without a refund account", "cancelPayment", body={"imp_uid": uid, **extra}, token=token)
        extra.update(refund)
    if p.get("status") != "paid" or balance <= 0:
        driver.call(f"cancel {uid} ({p.get('status')})", "cancelPayment", body={"imp_uid": uid, **extra}, token=token)
        return
    driver.call(
        f"cancel {uid} with a stale checksum",
        "cancelPayment",
        body={"imp_uid": uid, "checksum": number(balance + 1), **extra},
        token=token,
    )
    if balance > 1:
        driver.call(
            f"partial cancel of {uid}",
            "cancelPayment",
            body={"imp_uid": uid, "amount": 1, "checksum": number(balance), **extra},
            token=token,
        )
    driver.call(f"full cancel of {order}", "cancelPayment", body={"merchant_uid": order, **extra}, token=token)
    driver.call(f"cancel {uid} again", "cancelPayment", body={"imp_uid": uid, **extra}, token=token)


def number(d):
    """A Decimal as the JSON number it is (integers without a fraction)."""
    return int(d) if d == d.to_integral_value() else float(d)


def drive_fixtures(driver, cases):
    """Asks for each fixture through each operation that answers it."""
    requests = {
        "getToken": {"body": {"imp_key": "strict-key", "imp_secret": "strict-secret"}},
        "getPayment": {"path_params": {"imp_uid": "imp_strict_0001"}, "token": "strict-token"},
        "findPayment": {"path_params": {"merchant_uid": "order-strict-0001"}, "token": "strict-token"},
        "findPaymentWithStatus": {
            "path_params": {"merchant_uid": "order-strict-0001", "payment_status": "paid"},
            "token": "strict-token",
        },
        "findPayments": {"path_params": {"merchant_uid": "order-strict-0001"}, "token": "strict-token"},
        "findPaymentsWithStatus": {
            "path_params": {"merchant_uid": "order-strict-0001", "payment_status": "paid"},
            "token": "strict-token",
        },
        "cancelPayment": {"body": {"imp_uid": "imp_strict_0001", "reason": "strict check"}, "token": "strict-token"},
    }
    for case in cases:
        how = requests.get(case.operation)
        if how is None:
            driver.failures.append((case.name, [f"drive.py does not know how to call {case.operation}; add it to `requests`"]))
            continue
        status, _ = driver.call(case.name, case.operation, headers={"x-fixture": case.fixture}, **how)
        if status != case.status and not any(name == case.name for name, _ in driver.failures):
            driver.failures.append((case.name, [f"served with HTTP {status}, the table says {case.status}"]))
