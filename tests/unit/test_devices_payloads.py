"""What a scanned payload is: receipts, citizen ID cards, tickets, and everything else."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.payloads import (
    MAX_PAYLOAD_CHARS,
    classify,
    dossier_payload,
    ticket_payload,
)

CCCD = "001190012345||Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 5 Lê Lợi, phường Quang Trung|01012022"


def test_receipt_qr_with_and_without_token() -> None:
    s = classify("000.17.22.H56-260209-0001")
    assert s.as_dict() == {"kind": "dossier", "code": "000.17.22.H56-260209-0001"}
    s = classify(dossier_payload("000.17.22.H56-260209-0001", "3F9A01C2"))
    assert (s.kind, s.code, s.token) == ("dossier", "000.17.22.H56-260209-0001", "3f9a01c2")
    assert s.as_dict()["token"] == "3f9a01c2"


def test_code128_in_lower_case_with_aim_prefix_and_crlf() -> None:
    s = classify(b"]C0000.17.22.h56-260209-0042\r\n")
    assert (s.kind, s.code) == ("dossier", "000.17.22.H56-260209-0042")


def test_receipt_with_a_damaged_token_is_refused() -> None:
    s = classify("000.17.22.H56-260209-0001#zz!")
    assert s.kind == "unknown" and "lookup token" in (s.error or "")


def test_citizen_card_utf8_bytes() -> None:
    s = classify(CCCD.encode("utf-8"))
    assert s.kind == "citizen_id"
    assert s.as_dict() == {
        "kind": "citizen_id",
        "id_number": "001190012345",
        "name": "Nguyễn Thị Hồng Nhung",
        "birth_date": "1990-03-15",
        "address": "Số 5 Lê Lợi, phường Quang Trung",
        "sex": "Nữ",
        "old_id": None,
        "issue_date": "2022-01-01",
    }


def test_citizen_card_in_decomposed_unicode_is_normalised() -> None:
    import unicodedata

    s = classify(unicodedata.normalize("NFD", CCCD))
    assert s.card is not None and s.card.name == "Nguyễn Thị Hồng Nhung"


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ("00119001234||Nguyễn Văn A|15031990|Nam|Hà Nội|01012022", "12 digits"),
        ("001190012345||Nguyễn Văn A|31021990|Nam|Hà Nội|01012022", "impossible date"),
        ("001190012345||Nguy3n|15031990|Nam|Hà Nội|01012022", "not a person's name"),
    ],
)
def test_bad_citizen_cards_say_why(payload: str, words: str) -> None:
    s = classify(payload)
    assert s.kind == "unknown" and words in (s.error or ""), s.error
    assert s.error_vi and "căn cước" in s.error_vi


def test_queue_ticket() -> None:
    payload = ticket_payload("a012", date(2026, 2, 9))
    assert payload == "TICKET:A012:2026-02-09"
    assert classify(payload).as_dict() == {"kind": "ticket", "number": "A012", "date": "2026-02-09"}
    bad = classify("TICKET:A012:2026-02-30")
    assert bad.kind == "unknown" and "ticket" in (bad.error or "")


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b"\xff\xfe\x00garbage", "not text"),
        ("", "empty"),
        ("   \r\n", "empty"),
        ("x" * (MAX_PAYLOAD_CHARS + 1), "too long"),
        (b"A" * 100_000, "too long"),
        ("8935049510123", "not a receipt"),  # an EAN-13 from a product
        ("https://example.com/", "not a receipt"),
        ("000.17.22.H56-260209", "not a receipt"),  # a code cut short
        ("000.17.22.H56\x00-260209-0001", "control characters"),
    ],
)
def test_anything_else_is_unknown_with_a_message(payload: str | bytes, words: str) -> None:
    s = classify(payload)
    assert s.kind == "unknown"
    assert words in (s.error or ""), s.error
    assert s.error_vi
    d = s.as_dict()
    assert set(d) == {"kind", "error", "raw"} and len(d["raw"]) <= 80


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.binary(max_size=6000), st.text(max_size=3000)))
def test_fuzz_classify_never_raises(payload: bytes | str) -> None:
    s = classify(payload)
    assert s.kind in ("dossier", "citizen_id", "ticket", "unknown")
    d = s.as_dict()
    if s.kind == "unknown":
        assert s.error and s.error_vi and d["error"]
    else:
        assert s.error is None


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from([CCCD, "000.17.22.H56-260209-0001#abcdef12", "TICKET:A012:2026-02-09"]).flatmap(
        lambda p: st.tuples(st.just(p), st.integers(0, len(p) - 1))
    )
)
def test_fuzz_cut_off_payloads_are_never_taken_for_something_else(cut: tuple[str, int]) -> None:
    payload, at = cut
    s = classify(payload[:at])
    # A cut-off receipt may still read as the bare code; it never becomes another person's data.
    if s.kind == "citizen_id":
        assert payload == CCCD and s.card is not None and s.card.id_number == "001190012345"
    if s.kind == "dossier":
        assert s.code == "000.17.22.H56-260209-0001"
    assert s.kind != "ticket"


def _mutations(rng: random.Random, n: int) -> list[bytes]:
    """Real payloads cut, flipped, doubled and buried in noise, and plain noise."""
    seeds = [CCCD.encode(), b"000.17.22.H56-260209-0001#abcdef12", b"TICKET:A012:2026-02-09"]
    out: list[bytes] = []
    for _ in range(n):
        p = bytearray(rng.choice(seeds))
        op = rng.randrange(6)
        if op == 0:
            p = p[: rng.randrange(len(p))]
        elif op == 1:
            for _ in range(rng.randint(1, 4)):
                p[rng.randrange(len(p))] = rng.randrange(256)
        elif op == 2:
            p = p * rng.randint(2, 400)
        elif op == 3:
            p[rng.randrange(len(p)) : 0] = rng.randbytes(rng.randint(1, 20))
        elif op == 4:
            p = bytearray(rng.randbytes(rng.randint(0, 9000)))
        else:
            p = bytearray(p.decode("utf-8", "ignore").encode("utf-16"))
        out.append(bytes(p))
    return out


def test_fuzz_thousands_of_mutated_payloads() -> None:
    kinds: dict[str, int] = {}
    for payload in _mutations(random.Random(20260209), 5000):
        s = classify(payload)
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
        if s.kind == "unknown":
            assert s.error and s.error_vi
        assert s.as_dict()["kind"] == s.kind
    assert kinds["unknown"] > 2000 and kinds.get("citizen_id", 0) > 0  # both sides exercised
