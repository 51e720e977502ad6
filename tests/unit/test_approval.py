"""A supervisor's approval typed at a window is throttled like a sign-in (kiosk.services.approval).

The first failures cost nothing; after that the account name is locked, and while it is locked
even the right password is refused without being checked; a success clears the count. Every
refusal names the field it belongs under, and is returned (so the count is committed).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from kiosk.server.logins import USER_FREE
from kiosk.services.admin_staff import add_staff
from kiosk.services.approval import APPROVER, PASSWORD, check_approver
from kiosk.services.setup import init_database
from kiosk.store.db import open_store
from kiosk.store.server_models import LoginThrottle, SecurityEvent


def test_wrong_passwords_lock_the_name_and_a_success_clears_it(tmp_path: Path) -> None:
    st = open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with st.begin() as s:
        init_database(s)
        add_staff(s, "giamsat", "Lê Thị Thu Hà", "supervisor", "dung-mat-khau")
        add_staff(s, "canbo1", "Trần Văn Bình", "clerk", "cua-can-bo")
    with st.begin() as s:
        assert check_approver(s, "", "x", "pc-1").refusal.field == APPROVER  # type: ignore[union-attr]
        assert check_approver(s, "giamsat", "", "pc-1").refusal.field == PASSWORD  # type: ignore[union-attr]
        clerk = check_approver(s, "canbo1", "cua-can-bo", "pc-1").refusal
        assert clerk is not None and "không phải của giám sát viên" in clerk.message_vi
    for _ in range(USER_FREE):  # free failures (each committed by its own transaction)
        with st.begin() as s:
            assert check_approver(s, "giamsat", "sai", "pc-1").refusal is not None
    with st.begin() as s:  # one more: the name is locked
        check_approver(s, "giamsat", "sai", "pc-1")
    with st.begin() as s:
        locked = check_approver(s, "giamsat", "dung-mat-khau", "pc-1")
        assert locked.username is None and locked.refusal is not None
        assert locked.refusal.field == PASSWORD and "thử lại sau" in locked.refusal.message_vi
    with st.begin() as s:  # the lock ends
        row = s.get(LoginThrottle, "user:giamsat")
        assert row is not None and row.locked_until is not None
        row.locked_until = datetime.now() - timedelta(seconds=1)
    with st.begin() as s:
        assert check_approver(s, " giamsat ", "dung-mat-khau", "pc-1").username == "giamsat"
        row = s.get(LoginThrottle, "user:giamsat")
        assert row is not None and row.failures == 0 and row.locked_until is None
        outcomes = s.scalars(select(SecurityEvent.outcome).order_by(SecurityEvent.id)).all()
        assert outcomes[-3:] == ["wrong", "throttled", "ok"]
        names = set(s.scalars(select(SecurityEvent.username)))
        assert names <= {"giamsat", "canbo1", None}  # never a password typed as a name
    st.close()
