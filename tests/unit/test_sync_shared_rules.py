"""The catalog and calendar as admin changes (kiosk.wire.shared, kiosk.services.admin_sync):
the server's scope rule on a server of one office, the wire checks, and a push that stays
under the server's body limit however many catalogs wait in the outbox."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.catalog import bundled_catalog_path
from kiosk.errors import KioskError
from kiosk.services import admin_staff
from kiosk.services import admin_sync as sync
from kiosk.store.db import Store
from kiosk.store.models import Office, Outbox, Procedure
from kiosk.sync.outbox import MAX_BATCH_BYTES, read_batch
from kiosk.wire import parse_push
from kiosk.wire.fields import WireError
from kiosk.wire.push import MAX_BODY_BYTES
from kiosk.wire.shared import MAX_CATALOG_BYTES, check_shared, encoded_size


def test_on_a_server_of_one_office_its_pc_may_change_the_catalog(store: Store) -> None:
    data = json.loads(bundled_catalog_path().read_text(encoding="utf-8"))
    data["procedures"][0]["name"] = "Tên mới của thủ tục"
    with store.begin() as s:
        office = s.scalar(select(Office.id))
        assert office is not None
        diff = sync.apply_admin(s, sync.CATALOG_IMPORT, {"catalog": data}, office)
        assert [c for c, _n, _k in diff.changed] == [data["procedures"][0]["code"]]
        code = data["procedures"][0]["code"]
        sync.apply_admin(s, sync.PROCEDURE_SET, {"code": code, "active": False}, office)
        assert s.scalar(select(Procedure.active).where(Procedure.code == code)) is False
        own = admin_staff.add_staff(s, "quantri_xa", "Lê Văn An", "admin", "matkhau-9")
        sync.check_shared_admin(s, own)  # the server's only office: its admin may sign in for it
        s.add(Office(agency_id=s.get(Office, office).agency_id, name="Điểm tiếp nhận 2"))  # type: ignore[union-attr]
        s.flush()
        with pytest.raises(KioskError, match="device credential cannot change them"):
            sync.apply_admin(s, sync.PROCEDURE_SET, {"code": code, "active": True, "by": "x"},
                             office)  # fmt: skip
        with pytest.raises(KioskError, match="only an active admin of all offices"):
            sync.check_shared_admin(s, own)
        province = admin_staff.add_staff(
            s, "quantri_tinh", "Phạm Quốc Bảo", "admin", "matkhau-9", all_offices=True
        )
        sync.check_shared_admin(s, province)
        province.active = False
        with pytest.raises(KioskError, match="only an active admin of all offices"):
            sync.check_shared_admin(s, province)


@pytest.mark.parametrize(
    ("kind", "payload", "words"),
    [
        (sync.CATALOG_IMPORT, {"catalog": {"format": "x"}}, "catalog is not valid"),
        (sync.CATALOG_IMPORT, {"catalog": None}, "catalog is not valid"),
        (sync.CATALOG_IMPORT, "a list", "must be an object"),
        (sync.PROCEDURE_SET, {"code": "", "active": False}, "procedure code"),
        (sync.PROCEDURE_SET, {"code": "1.001193", "active": "no"}, "true or false"),
        (sync.CALENDAR_IMPORT, {"calendar": {"format": "x"}}, "calendar is not valid"),
        (sync.CALENDAR_IMPORT, {"calendar": {"days_off": ["\x00"]}}, "NUL"),
    ],
)
def test_bad_shared_changes_break_the_wire_format(kind: str, payload: object, words: str) -> None:
    with pytest.raises(WireError, match=words):
        check_shared(kind, payload)
    push = {"mutations": [{"seq": 1, "id": str(uuid.uuid4()), "kind": kind, "payload": payload}]}
    (m,) = parse_push(push)  # refused alone on the server, never the whole push
    assert m.problem is not None and words in m.problem


def test_a_catalog_over_the_limit_is_refused() -> None:
    huge = {"catalog": {"format": "kiosk-catalog/1", "name": "ả" * (MAX_CATALOG_BYTES // 2)}}
    assert encoded_size(huge) > MAX_CATALOG_BYTES
    with pytest.raises(WireError, match="MiB a change may carry"):
        check_shared(sync.CATALOG_IMPORT, huge)


def test_big_catalogs_go_in_batches_under_the_body_limit(store: Store) -> None:
    big = {"catalog": {"name": "x" * (MAX_CATALOG_BYTES - 1000)}}  # as large as one may be
    with store.begin() as s:
        for kind, payload in (
            (sync.CATALOG_IMPORT, big),
            (sync.COUNTER_SET, {"action": "add", "number": 9}),
            (sync.CATALOG_IMPORT, big),
            (sync.CATALOG_IMPORT, big),
        ):
            s.add(Outbox(mutation_id=str(uuid.uuid4()), kind=kind, payload=payload,
                         created_at=datetime(2026, 12, 4)))  # fmt: skip
    with store.read() as s:
        first = read_batch(s, None)
        assert [m["kind"] for m in first] == [sync.CATALOG_IMPORT, sync.COUNTER_SET]
        body = json.dumps({"mutations": first}, ensure_ascii=False).encode()
        assert len(body) <= MAX_BATCH_BYTES < MAX_BODY_BYTES
        assert len(read_batch(s, first[-1]["seq"] + 1)) == 1
