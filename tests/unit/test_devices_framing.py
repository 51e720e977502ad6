"""Cutting a scanner's byte stream into payloads, whatever pieces the bytes arrive in."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.framing import Frame, Framer

CCCD = "001190012345||Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 5 Lê Lợi|01012022".encode()


def good(frames: list[Frame]) -> list[bytes]:
    return [f.data for f in frames if f.problem is None]


def test_frames_split_by_cr_across_pieces() -> None:
    f = Framer("cr")
    stream = CCCD + b"\r" + b"000.17.22.H56-260209-0001\r"
    out: list[Frame] = []
    for i in range(0, len(stream), 7):  # a UTF-8 character is split between pieces too
        out += f.feed(stream[i : i + 7], now=i / 1000)
    assert good(out) == [CCCD, b"000.17.22.H56-260209-0001"]
    assert f.pending == 0


def test_cr_terminator_accepts_a_scanner_sending_crlf_and_lf_accepts_crlf() -> None:
    assert good(Framer("cr").feed(b"AAA\r\nBBB\r\n", 0)) == [b"AAA", b"BBB"]
    assert good(Framer("lf").feed(b"AAA\r\nBBB\r\n", 0)) == [b"AAA", b"BBB"]
    assert good(Framer("crlf").feed(b"AAA\r\nBBB\r\n", 0)) == [b"AAA", b"BBB"]


def test_a_stale_partial_frame_is_dropped_not_glued_to_the_next_scan() -> None:
    f = Framer("cr", stale_after=2.0)
    assert f.feed(b"000.17.22.H5", now=0.0) == []
    assert f.poll(now=1.0) == []
    assert f.poll(now=2.5) == [Frame(b"000.17.22.H5", "partial")]
    assert good(f.feed(b"TICKET:A012:2026-02-09\r", now=3.0)) == [b"TICKET:A012:2026-02-09"]
    # the same when the next scan comes before anyone polled
    f.feed(b"half", now=10.0)
    out = f.feed(b"whole\r", now=13.0)
    assert out == [Frame(b"half", "partial"), Frame(b"whole")]


def test_overlong_run_is_reported_once_and_the_stream_recovers() -> None:
    f = Framer("cr", max_length=64)
    out = f.feed(b"x" * 1000, 0) + f.feed(b"y" * 1000, 0) + f.feed(b"tail\rOK\r", 0)
    assert [fr.problem for fr in out] == ["overlong", None]
    assert out[-1].data == b"OK"


def test_unplug_reports_a_half_received_frame() -> None:
    f = Framer("cr")
    f.feed(b"000.17", 0)
    assert f.reset() == [Frame(b"000.17", "partial")]
    assert f.reset() == []


def test_no_terminator_frames_by_idle_gap() -> None:
    f = Framer("none", idle_gap=0.05)
    assert f.feed(b"ABC", 0.0) == [] and f.feed(b"DEF", 0.01) == []
    assert f.poll(0.03) == []
    assert f.poll(0.07) == [Frame(b"ABCDEF")]
    f.feed(b"one", 1.0)
    assert f.feed(b"two", 2.0) == [Frame(b"one")]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.binary(max_size=300), st.floats(0, 5)), max_size=30),
    st.sampled_from(["cr", "lf", "crlf", "none", "etx"]),
)
def test_fuzz_framer_never_raises_and_bounds_frames(
    pieces: list[tuple[bytes, float]], terminator: str
) -> None:
    f = Framer(terminator, max_length=512)
    now = 0.0
    for data, gap in pieces:
        now += gap
        for frame in f.feed(data, now) + f.poll(now):
            assert len(frame.data) <= 512
            assert frame.problem is not None or frame.data
        assert f.pending <= 512
    f.reset()
    assert f.pending == 0


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)),
            min_size=1,
            max_size=40,
        ),
        min_size=1,
        max_size=10,
    ),
    st.lists(st.integers(1, 50), min_size=1, max_size=20),
)
def test_fuzz_any_chunking_gives_back_the_same_payloads(
    payloads: list[str], sizes: list[int]
) -> None:
    stream = b"".join(p.encode() + b"\r" for p in payloads)
    f = Framer("cr")
    out: list[Frame] = []
    i = k = 0
    while i < len(stream):
        n = sizes[k % len(sizes)]
        out += f.feed(stream[i : i + n], now=0.0)
        i, k = i + n, k + 1
    assert good(out) == [p.encode() for p in payloads]


def test_fuzz_thousands_of_random_pieces_with_the_real_payloads_among_them() -> None:
    rng = random.Random(7)
    f = Framer("cr", max_length=1024)
    now, good_seen = 0.0, 0
    for _ in range(5000):
        now += rng.choice([0.001, 0.01, 0.5, 3.0])
        kind = rng.randrange(4)
        if kind == 0:
            data = rng.randbytes(rng.randint(0, 200))
        elif kind == 1:
            data = rng.randbytes(rng.randint(1000, 3000))  # overlong run
        else:
            data = CCCD + b"\r"
        for frame in f.feed(data, now) + f.poll(now):
            assert len(frame.data) <= 1024
            good_seen += frame == Frame(CCCD)
    assert good_seen > 100  # a real scan after noise still comes through whole
