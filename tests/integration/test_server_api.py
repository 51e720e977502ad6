"""The server's API against a real PostgreSQL: bad input, credentials, scoping, departments."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text, update

from kiosk.domain.status import Status
from kiosk.server.auth import revoke_device
from kiosk.services.admin_staff import add_staff
from kiosk.services.context import Actor
from kiosk.services.dossiers import advance_dossier, resume_dossier
from kiosk.store.db import open_store
from kiosk.store.models import Department, Dossier, Field, Procedure
from kiosk.store.server_models import PushReceipt
from kiosk.sync.client import Refused
from kiosk.sync.outbox import read_batch
from kiosk.sync.worker import read_status
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import (
    OFFICE_A,
    OFFICE_B,
    PC,
    PROCEDURE,
    ServerThread,
    assert_drained,
    enroll,
    new_code,
)

server, server_db = harness.server, harness.server_db  # fixtures

pytestmark = pytest.mark.postgres


def _auth(pc: PC) -> dict[str, str]:
    syncer = pc.syncer()
    headers = syncer.client._headers()
    syncer.close()
    return headers


def _server_count(db: str, sql: str) -> int:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return int(s.execute(text(sql)).scalar() or 0)
    finally:
        st.close()


def _batch(pc: PC) -> list[dict[str, Any]]:
    with pc.store.begin() as s:
        return read_batch(s, None)


def test_bad_requests_are_refused_whole_and_the_server_keeps_serving(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    pc.receive(2)
    good = _batch(pc)
    push = f"{server.url}/v1/devices/{pc.device_id}/push"
    auth = _auth(pc)

    def post(body: Any, headers: dict[str, str] | None = None, raw: bytes | None = None) -> Any:
        h = {"content-type": "application/json", **(auth if headers is None else headers)}
        content = raw if raw is not None else json.dumps(body).encode()
        return httpx.post(push, content=content, headers=h, timeout=30)

    cases: list[tuple[Any, int, str]] = [
        (b"{not json", 400, "not valid JSON"),
        (b'{"mutations": [NaN]}', 400, "not valid JSON"),
        (b"[" * 100000 + b"]" * 100000, 400, "not valid JSON"),
        ([1, 2], 422, "JSON object"),
        ({"mutations": [{**good[0], "seq": "1"}]}, 422, "seq must be a whole number"),
        ({"mutations": [{**good[0], "seq": True}]}, 422, "seq must be a whole number"),
        # An unknown kind is refused on its own when applied (test_sync_ratings.py); a kind
        # that is not a name at all is a malformed push.
        ({"mutations": [{**good[0], "kind": 7}]}, 422, "kind must be the name"),
        ({"mutations": [{**good[0], "kind": "x" * 41}]}, 422, "kind must be the name"),
        # A bad payload is refused alone (test_sync_wire.py); a broken envelope whole.
        ({"mutations": [good[0], {**good[1], "seq": 9}]}, 422, "consecutive"),
        ({"mutations": [good[0], 5]}, 422, "must be an object"),
        ({"mutations": []}, 422, "no mutations"),
    ]
    for body, status, words in cases:
        r = post(None, raw=body) if isinstance(body, bytes) else post(body)
        assert r.status_code == status, (body if not isinstance(body, bytes) else body[:30], r.text)
        assert words in r.json()["error"]
    huge = httpx.post(push, content=b" " * (9 * 1024 * 1024), headers=auth, timeout=30)
    assert huge.status_code == 413 and "larger than" in huge.json()["error"]
    # forged, replayed into another device, missing or malformed credentials
    forged = {"Authorization": f"Bearer {pc.device_id}.{'x' * 43}"}
    assert post({"mutations": good}, forged).status_code == 401
    assert post({"mutations": good}, {}).status_code == 401
    assert post({"mutations": good}, {"Authorization": "Bearer nonsense"}).status_code == 401
    other = enroll(tmp_path, "b", server.url, server_db)
    assert post({"mutations": good}, _auth(other)).status_code == 403
    bad_query = httpx.get(f"{server.url}/v1/devices/{pc.device_id}/changes?since=abc", headers=auth)
    assert bad_query.status_code == 400
    assert _server_count(server_db, "SELECT count(*) FROM dossier") == 0
    assert _server_count(server_db, "SELECT max(last_seq) FROM device") == 0
    assert httpx.get(server.url + "/v1/health").json()["ok"]
    assert pc.sync().pushed == 2  # the real thing still goes through
    assert_drained(server_db, [pc, other])


def test_enrollment_is_one_time_and_only_hashes_are_kept(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    code = new_code(server_db)
    first = httpx.post(server.url + "/v1/enroll", json={"code": code, "name": "pc1"})
    assert first.status_code == 201
    again = httpx.post(server.url + "/v1/enroll", json={"code": code, "name": "pc2"})
    assert again.status_code == 403 and "already used" in again.json()["error"]
    secret = first.json()["secret"]
    st = open_store(server_db, migrate=False)
    with st.begin() as s:
        dump = json.dumps([str(r) for r in s.execute(text("SELECT * FROM device")).all()])
        dump += json.dumps([str(r) for r in s.execute(text("SELECT * FROM enrollment_code"))])
    st.close()
    assert secret not in dump and code.replace("-", "") not in dump


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    from kiosk.cli import main

    assert main([*args, "--json"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return json.loads(out)  # type: ignore[no-any-return]


def test_admin_commands_list_revoke_and_show_refusals(
    server: ServerThread, server_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srv = ["--db", server_db, "server"]
    code = _cli(capsys, *srv, "add-device", "--office", OFFICE_A)["code"]
    # the one-time code, then the fingerprint of the server's CA (a TLS server)
    assert len(code) == 34 and code.count("-") == 6
    home = tmp_path / "pc"
    pc_db = ["--home", str(home), "--db", f"sqlite:///{home / 'kiosk.sqlite3'}"]
    info = _cli(capsys, *pc_db, "enroll", "--server", server.url, "--code", code)
    assert info["agency_code"] == OFFICE_A and "secret" not in info
    status = _cli(capsys, *pc_db, "sync", "--status")
    assert status["enrolled"] and status["pending"] == 0 and status["last_success"] is None
    assert _cli(capsys, *pc_db, "sync", "--once")["pulled"] >= 3
    assert _cli(capsys, *pc_db, "sync", "--status")["last_success"] is not None
    devices = _cli(capsys, *srv, "devices")["devices"]
    assert [d["device_id"] for d in devices] == [info["device_id"]]
    assert _cli(capsys, *srv, "rejected")["rejected"] == []
    _cli(capsys, *srv, "revoke-device", info["device_id"])
    assert _cli(capsys, *srv, "devices")["devices"][0]["revoked"] is True
    from kiosk.cli import main

    assert main([*pc_db, "sync", "--once"]) == 1
    assert "was revoked" in capsys.readouterr().err
    assert "was revoked" in (_cli(capsys, *pc_db, "sync", "--status")["last_error"] or "")


def test_revoked_device_is_refused(server: ServerThread, server_db: str, tmp_path: Path) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    st = open_store(server_db, migrate=False)
    with st.begin() as s:
        revoke_device(s, pc.device_id)
    st.close()
    pc.receive(1)
    with pytest.raises(Refused, match="revoked") as info:
        pc.sync()
    assert info.value.status == 403
    assert _server_count(server_db, "SELECT count(*) FROM dossier") == 0


def test_a_device_of_office_b_cannot_read_or_write_office_a(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db, OFFICE_A)
    b = enroll(tmp_path, "b", server.url, server_db, OFFICE_B)
    code_a = a.receive(3)[0]
    b.receive(2)
    a.sync()
    b.sync()
    with b.store.begin() as s:
        assert {d.agency_code for d in s.scalars(select(Dossier))} == {OFFICE_B}
    lookup = httpx.get(f"{server.url}/v1/dossiers/{code_a}", headers=_auth(b))
    assert lookup.status_code == 404
    assert httpx.get(f"{server.url}/v1/dossiers/{code_a}", headers=_auth(a)).status_code == 200
    took = httpx.post(f"{server.url}/v1/dossiers/{code_a}/actions/take", headers=_auth(b), json={})
    assert took.status_code == 404
    # B forges a mutation about A's dossier: recorded as refused, nothing applied
    acked = httpx.get(f"{server.url}/v1/devices/{b.device_id}", headers=_auth(b)).json()["acked"]
    forged = {**_a_mutation(a), "seq": acked + 1}
    r = httpx.post(
        f"{server.url}/v1/devices/{b.device_id}/push",
        json={"mutations": [forged]},
        headers=_auth(b),
    )
    assert (
        r.status_code == 200 and "not to this device's office" in r.json()["rejected"][0]["error"]
    )
    assert_drained(server_db, [a])
    assert_drained(server_db, [b], OFFICE_B)


def _a_mutation(pc: PC) -> dict[str, Any]:
    with pc.store.begin() as s:
        return read_batch(s, 1)[0]


def test_same_batch_twice_concurrently_and_out_of_order(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    pc.receive(60)
    batch = _batch(pc)
    syncer = pc.syncer()
    client = syncer.client
    # out of order: the second half first is a gap, refused whole
    with pytest.raises(Refused) as gap:
        client.push(batch[30:])
    assert gap.value.status == 409 and gap.value.data["expected"] == batch[0]["seq"]
    # the same batch from two threads at once: applied once, both acknowledged
    answers: list[dict[str, Any]] = []
    threads = [
        threading.Thread(target=lambda: answers.append(client.push(batch[:30]))) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a["applied"] for a in answers) == [0, 30]
    assert {a["acked"] for a in answers} == {batch[29]["seq"]}
    again = client.push(batch)  # the whole batch again: 30 old, 30 new
    assert (again["duplicates"], again["applied"]) == (30, 30)
    assert client.push(batch)["applied"] == 0
    syncer.close()
    assert _server_count(server_db, "SELECT count(*) FROM dossier") == 60
    # the PC never recorded those answers: its next sync re-sends, the server skips
    assert pc.sync().pushed == 60
    assert_drained(server_db, [pc])


def test_a_refused_change_does_not_block_the_rest_and_shows(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    first = pc.receive(1)[0]
    pc.sync()
    st = open_store(server_db, migrate=False)
    with st.begin() as s:  # a department stops it on the server (through the relay path)
        advance_dossier(s, first, Status.STOPPED, Actor("chuyenvien"), note="Dừng")
    with pc.store.begin() as s:  # meanwhile the counter, not yet told, marks it ready
        advance_dossier(s, first, Status.READY, Actor("clerk", 1, pc.device_id))
    later = pc.receive(3)
    report = pc.syncer().push_pending()
    assert report == (4, 1)
    status = read_status(pc.store)
    assert [(r.subject, r.kind) for r in status.rejected] == [(first, "dossier.event")]
    assert "cannot go from status 8" in status.rejected[0].error
    with st.begin() as s:
        assert (
            s.scalar(select(func.count()).select_from(Dossier).where(Dossier.code.in_(later))) == 3
        )
        refused = s.scalars(select(PushReceipt).where(PushReceipt.outcome == "rejected")).all()
        assert len(refused) == 1 and refused[0].kind == "dossier.event"
    st.close()
    ServerRelay(server_db).run()
    assert_drained(server_db, [pc])
    with pc.store.begin() as s:  # the server's word stands on the PC too
        assert s.scalar(select(Dossier.status).where(Dossier.code == first)) == Status.STOPPED


class ServerRelay:
    """Run the relay once (the server does it every 2 s; tests do not wait for that)."""

    def __init__(self, db: str) -> None:
        self.db = db

    def run(self) -> None:
        from kiosk.server.relay import relay_outbox

        st = open_store(self.db, migrate=False)
        try:
            relay_outbox(st)
        finally:
            st.close()


def test_department_actions_flow_back_to_the_counter(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    codes = pc.receive(3)
    pc.sync()
    st = open_store(server_db, migrate=False)
    with st.begin() as s:
        dept = Department(agency_id=1, code="TP", name="Phòng Tư pháp")
        s.add(dept)
        s.flush()
        add_staff(s, "chuyenvien", "Hoàng Văn Đức", "department", "motcua123",
                  office=OFFICE_A, department="TP")  # fmt: skip
        add_staff(s, "canbo9", "Nguyễn Thị Lan", "clerk", "motcua123", office=OFFICE_A)
        field_id = s.scalar(select(Procedure.field_id).where(Procedure.code == PROCEDURE))
        s.execute(update(Field).where(Field.id == field_id).values(department_id=dept.id))
    st.close()
    login = httpx.post(
        server.url + "/v1/staff/login", json={"username": "chuyenvien", "password": "motcua123"}
    )
    assert login.status_code == 200
    officer = {"Authorization": f"Bearer {login.json()['token']}"}
    wrong = httpx.post(
        server.url + "/v1/staff/login", json={"username": "chuyenvien", "password": "x"}
    )
    assert wrong.status_code == 401
    clerk = httpx.post(
        server.url + "/v1/staff/login", json={"username": "canbo9", "password": "motcua123"}
    )
    assert clerk.status_code == 401  # as a wrong password: the account has no API use

    def act(code: str, action: str, **body: Any) -> httpx.Response:
        return httpx.post(
            f"{server.url}/v1/dossiers/{code}/actions/{action}", json=body, headers=officer
        )

    assert act(codes[0], "take").json()["status"] == 4
    assert act(codes[0], "payment", note="Nộp lệ phí").json()["status"] == 6
    assert act(codes[0], "ready").json()["status"] == 9
    assert act(codes[1], "take").json()["status"] == 4
    assert (
        act(codes[1], "supplement", note="Thiếu bản sao", missing=["Bản sao CCCD"]).status_code
        == 200
    )
    assert act(codes[2], "stop", note="Không đủ điều kiện").json()["status"] == 8
    illegal = act(codes[2], "ready")
    assert illegal.status_code == 422 and "cannot go from status 8" in illegal.json()["error"]
    assert act(codes[0], "fly").status_code == 422
    assert act(codes[0], "take", note=5).status_code == 422
    pc.sync()
    with pc.store.begin() as s:
        statuses = {d.code: d.status for d in s.scalars(select(Dossier))}
    assert statuses == {codes[0]: 9, codes[1]: 5, codes[2]: 8}
    # the counter hands the result back and takes the missing documents; the server replays
    from kiosk.services.dossiers import return_result

    with pc.store.begin() as s:
        return_result(s, codes[0], Actor("clerk", 1, pc.device_id))
        resume_dossier(s, codes[1], Actor("clerk", 1, pc.device_id))
    assert pc.sync().rejected == 0
    assert act(codes[1], "handover", to_agency="UBND huyện", note="Chuyển").status_code == 200
    srv = assert_drained(server_db, [pc])
    status_at = {code: row[17] for code, row in srv.dossiers.items()}
    assert status_at == {codes[0]: 10, codes[1]: 4, codes[2]: 8}


def test_call_next_is_arbitrated_and_offline_tickets_arrive(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    from kiosk.services import queue as q

    dispenser = enroll(tmp_path, "disp", server.url, server_db)
    counters = [enroll(tmp_path, f"c{i}", server.url, server_db) for i in (1, 2, 3)]
    with dispenser.store.begin() as s:  # issued while the server is not asked at all
        for i in range(24):
            q.issue_ticket(s, "HT" if i % 2 else "DD", device_id=dispenser.device_id)
    dispenser.sync()
    called: list[tuple[int, str]] = []
    lock = threading.Lock()

    def serve(pc: PC, number: int) -> None:
        syncer = pc.syncer()
        while (label := syncer.call_next(number, f"clerk{number}")) is not None:
            with lock:
                called.append((number, label))
        syncer.close()

    threads = [threading.Thread(target=serve, args=(pc, i + 1)) for i, pc in enumerate(counters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    labels = [label for _, label in called]
    assert len(labels) == 24 and len(set(labels)) == 24
    assert {n for n, label in called if label.startswith("A")} <= {1, 2}  # HT: counters 1, 2
    assert {n for n, label in called if label.startswith("B")} <= {2, 3}  # DD: counters 2, 3
    # an offline call of a ticket that another counter called meanwhile is refused
    with dispenser.store.begin() as s:
        q.issue_ticket(s, "HT", device_id=dispenser.device_id)
    dispenser.sync()
    counters[0].sync()
    with counters[0].store.begin() as s:
        local = q.call_next(s, 1, Actor("clerk1", 1))
    assert local is not None and local.label == "A013"
    assert counters[1].syncer().call_next(2, "clerk2") == "A013"
    assert counters[0].sync().rejected == 1
    assert_drained(server_db, [dispenser, *counters])
