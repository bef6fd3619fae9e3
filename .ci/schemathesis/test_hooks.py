"""hooks.py's leniency rules, checked on the real spec (run by run.sh).

They must accept exactly what the fake accepts (crates/portone-v1-fake/src/
lenient.rs and its tests hold the same cases), or the check would either
blame the fake for PortOne's leniency or excuse a real violation.
"""

import importlib.util
import pathlib

import pytest
import schemathesis
from schemathesis.core.parameters import ParameterLocation

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA = schemathesis.openapi.from_path(str(HERE.parent.parent / "spec" / "portone-v1.yaml"))
_spec = importlib.util.spec_from_file_location("portone_fake_hooks", HERE / "hooks.py")
hooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hooks)

CANCEL = SCHEMA["/payments/cancel"]["POST"]
LOOKUP = SCHEMA["/payments/{imp_uid}"]["GET"]


def cancel_valid(body) -> bool:
    case = CANCEL.Case(body=body, media_type="application/json")
    return hooks._valid_when_read_leniently(case, ParameterLocation.BODY)


@pytest.mark.parametrize(
    "body",
    [
        {"imp_uid": "imp_1", "amount": "1000", "checksum": "10.5", "reason": 42},
        {"merchant_uid": 20261125, "retain_promotion": "true", "enable_webhook": "0"},
        {"imp_uid": "imp_1", "merchant_uid": "", "tax_free": None, "reason": " "},
        {"imp_uid": "imp_1", "extra": {"requester": "customer"}, "unknown": [1]},
    ],
)
def test_form_style_values_are_excused(body):
    assert cancel_valid(body)


@pytest.mark.parametrize(
    "body",
    [
        {"imp_uid": "x" * 33},
        {"reason": "사" * 257},
        {"refund_bank": 12345},
        {"amount": "lots"},
        {"amount": True},
        {"retain_promotion": "yes"},
        {"extra": 5},
        {"extra": {"requester": "buyer"}},
        {"imp_uid": ["imp_1"]},
        [1, 2],
    ],
)
def test_real_violations_are_not(body):
    assert not cancel_valid(body)


def test_numbers_become_text_as_serde_json_writes_them():
    assert hooks._rust_number_text(5) == "5"
    assert hooks._rust_number_text(1e16) == "1e16"
    assert hooks._rust_number_text(1.5e-7) == "1.5e-7"
    assert hooks._rust_number_text(0.5) == "0.5"


def test_a_boolean_query_value_reads_as_true_or_false():
    for value in ["yes", "TRUE", "1", "false", ""]:
        case = LOOKUP.Case(path_parameters={"imp_uid": "imp_1"}, query={"include_sandbox": value})
        assert hooks._query_valid_when_read_leniently(case), value


def test_only_the_declared_headers_are_excused():
    def case(headers):
        return LOOKUP.Case(path_parameters={"imp_uid": "imp_1"}, headers=headers)

    assert hooks._headers_ignored(case({"Authorization": "Bearer x", "Tier": "12"}))
    assert hooks._headers_ignored(case({}))
    assert not hooks._headers_ignored(case({"Authorization": "Bearer x", "X-Other": "1"}))
