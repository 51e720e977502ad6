"""District reports through the real HTTP route on PostgreSQL: two offices, numbers by hand.

The data set (period Mon 2 – Fri 6 March 2026; "pending" measured at the period's end):

Office A (000.17.22.H56)                                   II.06a
  A1 direct, received 02/03 09:00, due 03/03 09:00, returned, ready 02/03 15:00   early
  A2 online, received 03/03 09:00, due 04/03 09:00, ready 04/03 08:00             on time
  A3 direct, received 03/03 10:00, due 04/03 10:00, ready 05/03 10:00             late
  A4 direct, received 04/03 09:00, due 05/03 09:00, in process                    overdue
  A5 direct, received 26/02 (before), due 10/03 09:00, in process      carried, in time
  A6 received 20/02, returned 25/02: closed before the period                     not counted
  A7 direct, received 05/03 09:00, withdrawn 05/03 11:00                          on time
Office B (000.17.22.H57)
  B1 post, received 02/03 14:00, due 03/03 14:00, returned, ready 03/03 16:00     late
  B2 online, received 06/03 09:00, due 09/03 09:00, received (status 2)           in time
  B3 direct, received 06/03 10:00, due 09/03 10:00, waiting for a supplement      in time
  B4 direct, received 05/03 15:00, due 06/03 15:00, in process                    overdue

Overdue watch at Fri 06/03 12:00 (running clocks only; "soon" = by the end of Tue 10/03):
A4 overdue, A5 due soon; B4 due today, B2 due soon; B3 is paused, not watched.

Queue: office A on 02/03, HT 1 waited 600 s, served 600 s; HT 2 waited 2,400 s (over the
30-minute target), no-show; DD 1 never called. Office B (its own service HT, counter 1) on
03/03: HT 1 waited 300 s, served 600 s. A ticket of B on 09/03 is outside the period.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from kiosk.server.auth import add_device_code, office_of
from kiosk.services.admin_staff import add_staff
from kiosk.store.db import open_store
from kiosk.store.models import Counter, Dossier, Procedure, Service, Ticket
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import OFFICE_A, OFFICE_B, PROCEDURE, ServerThread

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres

PERIOD = {"from": "2026-03-02", "to": "2026-03-06", "at": "2026-03-10T12:00"}
T = datetime


def d(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return T(2026, month, day, hour, minute)


# code suffix, channel, received, due, status, finished
DOSSIERS: dict[str, list[tuple[str, str, datetime, datetime | None, int, datetime | None]]] = {
    OFFICE_A: [
        ("A1", "direct", d(2, 9), d(3, 9), 10, d(2, 15)),
        ("A2", "online", d(3, 9), d(4, 9), 9, d(4, 8)),
        ("A3", "direct", d(3, 10), d(4, 10), 9, d(5, 10)),
        ("A4", "direct", d(4, 9), d(5, 9), 4, None),
        ("A5", "direct", d(26, 9, month=2), d(10, 9), 4, None),
        ("A6", "direct", d(20, 9, month=2), d(23, 9, month=2), 10, d(25, 9, month=2)),
        ("A7", "direct", d(5, 9), d(6, 9), 7, d(5, 11)),
    ],
    OFFICE_B: [
        ("B1", "post", d(2, 14), d(3, 14), 10, d(3, 16)),
        ("B2", "online", d(6, 9), d(9, 9), 2, None),
        ("B3", "direct", d(6, 10), d(9, 10), 5, None),
        ("B4", "direct", d(5, 15), d(6, 15), 4, None),  # (awaiting payment would pause it)
    ],
}
ZERO = dict.fromkeys(
    (
        "received_online",
        "received_direct",
        "received_carried_over",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending_in_time",
        "pending_overdue",
    ),
    0,
)
WANT_A = {**ZERO, "received_online": 1, "received_direct": 4, "received_carried_over": 1,
          "resolved_early": 1, "resolved_on_time": 2, "resolved_late": 1,
          "pending_in_time": 1, "pending_overdue": 1}  # fmt: skip
WANT_B = {**ZERO, "received_online": 1, "received_direct": 3,
          "resolved_late": 1, "pending_in_time": 2, "pending_overdue": 1}  # fmt: skip


def totals(leaves: dict[str, int]) -> dict[str, int]:
    received = sum(
        leaves[k] for k in ("received_online", "received_direct", "received_carried_over")
    )
    resolved = sum(leaves[k] for k in ("resolved_early", "resolved_on_time", "resolved_late"))
    pending = leaves["pending_in_time"] + leaves["pending_overdue"]
    return {**leaves, "received_total": received, "resolved_total": resolved,
            "pending_total": pending}  # fmt: skip


def plus(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a[k] + b[k] for k in a}


def numbers(row: dict[str, Any]) -> dict[str, int]:
    return {k: row[k] for k in totals(ZERO)}


def build(db: str) -> None:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            proc = s.scalar(select(Procedure.id).where(Procedure.code == PROCEDURE))
            for agency, rows in DOSSIERS.items():
                for n, (tag, channel, received, due, status, finished) in enumerate(rows, 1):
                    s.add(
                        Dossier(
                            code=f"{agency}-{received:%y%m%d}-{n:04d}",
                            procedure_id=proc,
                            agency_code=agency,
                            applicant_name=f"Người nộp {tag}",
                            applicant_name_key=f"nguoi nop {tag.lower()}",
                            documents=[],
                            sets=1,
                            channel=channel,
                            result_place="",
                            created_at=received,
                            received_at=received,
                            due_at=due,
                            original_due_at=due,
                            paused_at=d(6, 11) if status == 5 else None,
                            finished_at=finished,
                            returned_at=finished if status == 10 else None,
                            status=status,
                            counter_number=1,
                            received_by=f"clerk-{tag[0]}",
                        )
                    )
            b_office = office_of(s, OFFICE_B).id
            b_ht = Service(office_id=b_office, code="HT", name="Hộ tịch", prefix="A", fields=[])
            s.add(b_ht)
            s.add(Counter(office_id=b_office, number=1, name="Quầy số 1"))
            a_office = office_of(s, OFFICE_A).id
            a_svc = {
                x.code: x for x in s.scalars(select(Service).where(Service.office_id == a_office))
            }
            s.flush()
            tickets = [  # service, number, arrived, called, finished, status
                (a_svc["HT"], 1, d(2, 8), d(2, 8, 10), d(2, 8, 20), "done"),
                (a_svc["HT"], 2, d(2, 8, 5), d(2, 8, 45), d(2, 8, 46), "no_show"),
                (a_svc["DD"], 1, d(2, 9), None, None, "waiting"),
                (b_ht, 1, d(3, 10), d(3, 10, 5), d(3, 10, 15), "done"),
                (b_ht, 1, d(9, 10), d(9, 10, 1), d(9, 10, 2), "done"),
            ]
            for svc, number, arrived, called, finished, status in tickets:
                s.add(
                    Ticket(
                        service_id=svc.id,
                        queue_service_id=svc.id,
                        day=arrived.date(),
                        number=number,
                        label=f"{svc.prefix}{number:03d}",
                        status=status,
                        arrived_at=arrived,
                        issued_at=arrived,
                        called_at=called,
                        served_at=called if status == "done" else None,
                        finished_at=finished,
                        call_count=1 if called else 0,
                        counter_number=1 if called else None,
                        clerk="canbo1" if called else None,
                    )
                )
            # Every account belongs to an office, or explicitly to all (issue 15).
            add_staff(
                s, "giamsat_h", "Giám sát huyện", "supervisor", "motcua123", all_offices=True
            )
            add_staff(s, "giamsat_a", "Giám sát phường", "supervisor", "motcua123",
                      office=OFFICE_A)  # fmt: skip
            add_staff(s, "canbo_h", "Cán bộ", "clerk", "motcua123", office=OFFICE_A)
    finally:
        st.close()


def login(url: str, user: str) -> dict[str, str]:
    r = httpx.post(url + "/v1/staff/login", json={"username": user, "password": "motcua123"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def get(url: str, kind: str, headers: dict[str, str], **params: str) -> httpx.Response:
    return httpx.get(f"{url}/v1/reports/{kind}", params=params, headers=headers, timeout=30)


def test_district_results_queue_and_watch_per_office(server: ServerThread, server_db: str) -> None:
    build(server_db)
    h = login(server.url, "giamsat_h")

    # Results (II.06a), one row per office, named; the total is the district's.
    r = get(server.url, "results", h, **PERIOD)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["scope"] == "district" and data["by"] == "agency"
    assert data["measured_at"] == "2026-03-07T00:00:00"
    assert [o["agency"] for o in data["offices"]] == [OFFICE_A, OFFICE_B]
    rows = {row["agency"]: row for row in data["rows"]}
    assert set(rows) == {OFFICE_A, OFFICE_B}
    assert rows[OFFICE_A]["field"] == "UBND phường Quang Trung"
    assert rows[OFFICE_B]["agency_name"] == "UBND phường Tân Lập"
    assert numbers(rows[OFFICE_A]) == totals(WANT_A)
    assert numbers(rows[OFFICE_B]) == totals(WANT_B)
    assert numbers(data["total"]) == totals(plus(WANT_A, WANT_B))
    assert data["total"]["received_total"] == 10 and data["total"]["pending_overdue"] == 2

    # One office, by field: the same numbers as its row above.
    r = get(server.url, "results", h, **PERIOD, agency=OFFICE_B)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["scope"] == OFFICE_B and data["by"] == "field" and len(data["rows"]) == 1
    assert numbers(data["total"]) == totals(WANT_B)

    # CSV as the CLI writes it: a header, one line per office, the total.
    r = get(server.url, "results", h, **PERIOD, format="csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [t["agency"] for t in table] == [OFFICE_A, OFFICE_B, ""]
    assert int(table[-1]["received_total"]) == 10 and int(table[0]["resolved_late"]) == 1

    # Queue: per office; the two offices' "HT" services stay apart.
    r = get(server.url, "queue", h, **PERIOD)
    assert r.status_code == 200, r.text
    q = r.json()
    assert q["by"] == ["agency"]
    qa, qb = q["rows"]
    assert (qa["agency"], qb["agency"]) == (OFFICE_A, OFFICE_B)
    assert qa["agency_name"] == "UBND phường Quang Trung"
    assert (qa["issued"], qa["served"], qa["no_show"]) == (3, 1, 1)
    assert (qa["avg_wait_s"], qa["max_wait_s"], qa["avg_service_s"]) == (1500.0, 2400.0, 600.0)
    assert (qa["over_target"], qa["over_target_share"]) == (1, 0.5)
    assert (qb["issued"], qb["served"], qb["no_show"], qb["avg_wait_s"]) == (1, 1, 0, 300.0)
    assert (qb["over_target"], qb["over_target_share"]) == (0, 0.0)
    t = q["total"]
    assert (t["issued"], t["served"], t["no_show"]) == (4, 2, 1)
    assert (t["avg_wait_s"], t["max_wait_s"], t["over_target_share"]) == (1100.0, 2400.0, 0.3333)
    r = get(server.url, "queue", h, **PERIOD, by="service")  # agency is put first
    assert r.status_code == 200, r.text
    q = r.json()
    assert q["by"] == ["agency", "service"]
    assert [(x["agency"], x["service"], x["issued"]) for x in q["rows"]] == [
        (OFFICE_A, "DD", 1),
        (OFFICE_A, "HT", 2),
        (OFFICE_B, "HT", 1),
    ]
    r = get(server.url, "queue", h, **PERIOD, agency=OFFICE_B, by="service,counter", format="csv")
    table = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [(t["service"], t["counter"], t["issued"]) for t in table] == [
        ("HT", "1", "1"),
        ("", "", "1"),
    ]

    # Overdue watch at Friday noon, per office, and the list most urgent first.
    r = get(server.url, "overdue", h, at="2026-03-06T12:00")
    assert r.status_code == 200, r.text
    w = r.json()
    per = {o["agency"]: (o["overdue"], o["due_today"], o["due_soon"]) for o in w["by_agency"]}
    assert per == {OFFICE_A: (1, 0, 1), OFFICE_B: (0, 1, 1)}
    assert w["total"] == {"overdue": 1, "due_today": 1, "due_soon": 2}
    assert [x["applicant_name"][-2:] for x in w["dossiers"]] == ["A4", "B4", "B2", "A5"]
    assert w["dossiers"][1]["agency"] == OFFICE_B and w["soon_until"] == "2026-03-11T00:00:00"


def test_district_reports_ask_for_a_supervisor_and_keep_to_its_office(
    server: ServerThread, server_db: str
) -> None:
    build(server_db)
    url = server.url
    # No credentials, a PC's, a department officer's, a clerk's: refused.
    assert get(url, "results", {}, **PERIOD).status_code == 401
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            code, _ = add_device_code(s, OFFICE_A)
    finally:
        st.close()
    e = httpx.post(url + "/v1/enroll", json={"code": code, "name": "pc", "first_seq": 1}).json()
    device = {"Authorization": f"Bearer {e['device_id']}.{e['secret']}"}
    r = get(url, "results", device, **PERIOD)
    assert r.status_code == 403 and "supervisor" in r.json()["error"]
    r = get(url, "results", harness.officer(server_db, url), **PERIOD)
    assert r.status_code == 403 and "department account" in r.json()["error"]
    r = httpx.post(url + "/v1/staff/login", json={"username": "canbo_h", "password": "motcua123"})
    assert r.status_code == 401  # a clerk gets no server session: the answer of a wrong password

    # A supervisor attached to office A's agency: office A only.
    h = login(url, "giamsat_a")
    data = get(url, "results", h, **PERIOD).json()
    assert data["scope"] == OFFICE_A and [o["agency"] for o in data["offices"]] == [OFFICE_A]
    assert numbers(data["total"]) == totals(WANT_A)
    r = get(url, "results", h, **PERIOD, agency=OFFICE_B)
    assert r.status_code == 403 and OFFICE_B in r.json()["error"]
    w = get(url, "overdue", h, at="2026-03-06T12:00").json()
    assert w["total"] == {"overdue": 1, "due_today": 0, "due_soon": 1}
    assert {x["agency"] for x in w["dossiers"]} == {OFFICE_A}

    # Bad requests: one sentence each, nothing else.
    h = login(url, "giamsat_h")
    bad = [
        ("results", {"to": "2026-03-06"}, 400, "'from' is required"),
        ("results", {"from": "2026-03-06", "to": "2026-03-02"}, 400, "before it starts"),
        ("results", {**PERIOD, "by": "planet"}, 400, "'by' must be one of"),
        ("results", {"from": "06/03/2026", "to": "2026-03-06"}, 400, "YYYY-MM-DD"),
        ("queue", {**PERIOD, "by": "weather"}, 400, "'by' must list"),
        ("queue", {**PERIOD, "target_min": "soon"}, 400, "must be a number"),
        ("overdue", {"format": "csv"}, 400, "'format' must be json"),
        ("overdue", {"at": "noon"}, 400, "ISO time"),
        ("results", {**PERIOD, "agency": "000.00.00.X99"}, 404, "no office"),
        ("weather", PERIOD, 404, "there is no report"),
    ]
    for kind, params, status, words in bad:
        r = get(url, kind, h, **params)
        assert r.status_code == status and words in r.json()["error"], (kind, params, r.text)
    assert get(url, "results", h, **PERIOD).status_code == 200  # the server kept serving
