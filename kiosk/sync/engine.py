"""One PC's sync with its server: enroll, push the outbox, pull the change log.

Every step is its own local transaction, so a crash anywhere leaves the PC consistent:
- a pushed batch is acknowledged locally only after the server's answer; if that answer is
  lost, the batch is sent again and the server skips what it already has;
- a pulled page and the cursor after it are written in one transaction; if the PC dies while
  applying it, nothing of the page is kept and the same page is pulled again.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.privacy.secrets import get_secret, set_secret
from kiosk.services.context import get_setting, now, set_setting
from kiosk.store.db import Store
from kiosk.store.models import Agency, Dossier, DossierSequence, Office, Outbox
from kiosk.sync.client import Credentials, Refused, ServerClient, SyncError, normalize_server
from kiosk.sync.http import remember_pin
from kiosk.sync.local import PageApplier
from kiosk.sync.outbox import (
    BATCH,
    RESEND,
    acked_high,
    next_seq,
    pending_count,
    read_batch,
    record_ack,
    strip_acknowledged,
)
from kiosk.wire.pin import fingerprint_pin, split_code

PAGE = 500
ROTATE_EVERY = timedelta(days=90)  # a device secret's life before the PC replaces it


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    pending: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "pending": self.pending,
            "rejected": self.rejected,
            "problems": self.problems,
        }


# The device secret lives in the OS credential store (kiosk/privacy/secrets.py), not in the
# database nor its backups; the setting only says the PC is enrolled and where the secret is.
SECRET_ELSEWHERE = "(kept in the credential store)"
DEVICE_SECRET = "device-secret"


def _db_file(session: Session) -> Path | None:
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def store_device_secret(session: Session, secret: str) -> None:
    """Keep the secret outside the database where there is a file (SQLite on a PC)."""
    db_file = _db_file(session)
    if db_file is None:
        set_setting(session, "sync_secret", secret)
        return
    set_secret(db_file, DEVICE_SECRET, secret)
    set_setting(session, "sync_secret", SECRET_ELSEWHERE)


def device_secret(session: Session) -> str | None:
    value = get_setting(session, "sync_secret")
    db_file = _db_file(session)
    if not value or db_file is None:
        return value
    if value != SECRET_ELSEWHERE:  # enrolled by an older version: move it out of the database
        store_device_secret(session, value)
        return value
    return get_secret(db_file, DEVICE_SECRET)


def credentials(session: Session) -> Credentials | None:
    server, device, secret = (
        get_setting(session, "sync_server"),
        get_setting(session, "device_id"),
        device_secret(session),
    )
    if not (server and device and secret):
        return None
    ca_pem = get_setting(session, "sync_ca_pem") or None
    remember_pin(server, ca_pem)  # for the district reports' client too
    return Credentials(server, device, secret, ca_pem)


def not_enrolled() -> SyncError:
    return SyncError(
        "this PC is not enrolled with a server; run 'kiosk enroll --server URL --code CODE'",
        "Máy này chưa đăng ký với máy chủ.",
    )


class Syncer:
    """Push and pull for one PC; reusable, not thread-safe (one per worker thread)."""

    def __init__(
        self, store: Store, *, http: httpx.Client | None = None, timeout: float = 15.0
    ) -> None:
        self.store = store
        with store.begin() as s:
            creds = credentials(s)
        if creds is None:
            raise not_enrolled()
        self.client = ServerClient(creds.server, creds, http=http, timeout=timeout)
        self.lost = 0  # changes the server was found to lack (a restore), until sent again

    def close(self) -> None:
        self.client.close()

    def push_pending(self) -> tuple[int, int]:
        """Push the whole outbox in batches; returns (mutations acknowledged, refused).

        After a server restore (a pull saw the server acknowledge less than this PC has:
        setting `sync_resend_from`), everything from the server's next sequence is sent again,
        acknowledged or not; the server skips what it has."""
        pushed = refused = 0
        with self.store.begin() as s:
            resend = get_setting(s, RESEND)
        resend_from: int | None = int(resend) if resend else None
        while True:
            with self.store.begin() as s:
                batch = read_batch(s, resend_from, BATCH)
            if not batch:
                if resend:
                    with self.store.begin() as s:
                        set_setting(s, RESEND, "")
                return pushed, refused
            try:
                answer = self.client.push(batch)
            except Refused as exc:
                expected = exc.data.get("expected")
                # The server lost changes it had acknowledged (restored from a backup): the
                # outbox keeps them, so send them again from where the server stands.
                if exc.status == 409 and isinstance(expected, int) and expected < batch[0]["seq"]:
                    resend_from = expected
                    continue
                raise
            acked = int(answer["acked"])
            with self.store.begin() as s:
                newly = record_ack(s, acked, answer.get("rejected", []))
            pushed += newly if resend_from is None else max(newly, int(answer.get("applied", 0)))
            refused += sum(1 for r in answer.get("rejected", []) if r["seq"] >= batch[0]["seq"])
            if acked < batch[-1]["seq"]:
                raise SyncError(f"the server acknowledged only up to {acked}")
            resend_from = acked + 1 if resend_from is not None else None

    def pull(self, wait: int = 0, report: SyncReport | None = None) -> int:
        """Pull and apply pages until the server has nothing more; returns entries applied."""
        pulled = 0
        with self.store.begin() as s:
            stored = get_setting(s, "sync_cursor", "0") or "0"
            epoch = get_setting(s, "sync_epoch")
        cursor = int(stored)
        while True:
            try:
                page = self.client.changes(cursor, wait=wait, limit=PAGE)
            except Refused as exc:
                if exc.status != 410 or cursor == 0:
                    raise
                cursor = 0  # the server's history is not the one the cursor came from
                continue
            if epoch is not None and page["epoch"] != epoch and cursor != 0:
                cursor, epoch = 0, page["epoch"]  # another server database: re-sync it all
                continue
            if isinstance(page.get("acked"), int):
                self._check_acked(int(page["acked"]))
            if page["changes"] or page["cursor"] != cursor or page["epoch"] != epoch:
                with self.store.begin() as s:  # the page and the cursor after it, together
                    now_stored = get_setting(s, "sync_cursor", "0") or "0"
                    if now_stored != stored:  # another pull of this PC (the sync process and
                        # the admin window's pull_now) applied pages meanwhile: never apply an
                        # older page over them; go on from where it stands
                        stored, cursor = now_stored, int(now_stored)
                        epoch, wait = get_setting(s, "sync_epoch"), 0
                        continue
                    applier = PageApplier(s)
                    pulled += applier.apply(page["changes"])
                    stored = str(page["cursor"])
                    set_setting(s, "sync_cursor", stored)
                    set_setting(s, "sync_epoch", str(page["epoch"]))
                if report is not None:
                    report.problems.extend(applier.problems)
            cursor, epoch, wait = int(page["cursor"]), str(page["epoch"]), 0
            if not page["more"]:
                return pulled

    def rotate_if_due(self, every: timedelta = ROTATE_EVERY) -> bool:
        """Ask the server for a new device secret when the current one is older than `every`
        (docs/server.md: device secrets). The new secret is saved before it is first used;
        until then the server accepts both, so a lost answer costs nothing."""
        with self.store.begin() as s:
            since = get_setting(s, "sync_secret_since") or get_setting(s, "sync_enrolled_at")
            if not since:
                set_setting(s, "sync_secret_since", now().isoformat())
                return False
        if now() - datetime.fromisoformat(since) < every:
            return False
        secret = str(self.client.rotate()["secret"])
        with self.store.begin() as s:
            store_device_secret(s, secret)  # the OS credential store on a PC
            set_setting(s, "sync_secret_since", now().isoformat())
            creds = credentials(s)
        assert creds is not None
        self.client.credentials = creds
        self.client.request("GET", self.client.device_path())  # first use: the old one ends
        return True

    def _check_acked(self, server_acked: int) -> None:
        """The server acknowledges less than this PC recorded: its database was restored.
        The next push sends again from there (kiosk.server.restore)."""
        with self.store.begin() as s:
            mine = acked_high(s)
            if server_acked < mine and not get_setting(s, RESEND):
                set_setting(s, RESEND, str(server_acked + 1))
                self.lost = mine - server_acked

    def call_next(self, counter: int, actor: str) -> str | None:
        """Call the next ticket through the server (it arbitrates between counters); the
        answer is applied here at once. Raises Offline when the server is away: the app then
        decides whether to call from its local copy."""
        answer = self.client.call_next(counter, actor)
        with self.store.begin() as s:
            agency = get_setting(s, "agency_code") or ""
            entries = [
                {"kind": "ticket", "key": _ticket_key(agency, t), "ticket": t}
                for t in (answer.get("finished"), answer.get("ticket"))
                if t is not None
            ]
            PageApplier(s).apply(entries)
        ticket = answer.get("ticket")
        return str(ticket["label"]) if ticket else None

    def sync_once(self) -> SyncReport:
        """Push everything, then pull everything: after it, this PC has what the server has."""
        report = SyncReport()
        self.rotate_if_due()
        report.pushed, report.rejected = self.push_pending()
        report.pulled = self.pull(0, report)
        if self.lost:  # the pull found the server behind this PC: send again, then pull
            self.lost = 0
            pushed, rejected = self.push_pending()
            report.pushed, report.rejected = report.pushed + pushed, report.rejected + rejected
            report.pulled += self.pull(0, report)
        with self.store.begin() as s:
            report.pending = pending_count(s)
        return report


def _enroll_vi(exc: SyncError, server: str) -> str:
    if isinstance(exc, Refused) and exc.status in (401, 403, 404, 410):
        return (
            "Máy chủ không nhận mã đăng ký này (sai, đã dùng hoặc đã hết hạn): "
            "xin quản trị máy chủ cấp mã mới."
        )
    if isinstance(exc, Refused):
        return f"Máy chủ từ chối đăng ký máy này (mã lỗi {exc.status})."
    return f"Không kết nối được với máy chủ {server}: kiểm tra địa chỉ, mạng và máy chủ."


def enroll_pc(
    store: Store,
    server: str,
    code: str,
    *,
    name: str | None = None,
    http: httpx.Client | None = None,
) -> dict[str, Any]:
    """Enroll this PC with a one-time code; stores the device id and secret locally."""
    server = normalize_server(server)
    with store.begin() as s:
        if get_setting(s, "sync_secret"):
            raise KioskError(
                f"this PC is already enrolled with {get_setting(s, 'sync_server')} as device "
                f"{get_setting(s, 'device_id')}",
                "Máy này đã đăng ký với máy chủ.",
            )
        own = int(s.scalar(select(func.count()).select_from(Dossier)) or 0)
        if own:
            raise KioskError(
                f"this database already has {own} dossiers of its own; enroll a new database "
                "('kiosk init' in another folder) so that dossier codes cannot collide",
                "Cơ sở dữ liệu này đã có hồ sơ; hãy đăng ký bằng một cơ sở dữ liệu mới.",
            )
        first = next_seq(s)
    one_time, pin = split_code(code)
    ca_pem = None
    try:
        if pin is not None:  # a TLS server: its CA is fetched, checked against the code, pinned
            if server.startswith("http://"):
                server = "https://" + server[len("http://") :]
            ca_pem = _fetch_pinned_ca(server, pin, http)
        client = ServerClient(server, http=http, ca_pem=ca_pem)
        try:
            answer = client.enroll(one_time, name or socket.gethostname(), first)
        finally:
            client.close()
    except SyncError as exc:  # the screen (the set-up wizard) says it in Vietnamese
        if exc.message_vi == exc.message_en:
            exc.message_vi = _enroll_vi(exc, server)
        raise
    with store.begin() as s:
        # Changes from before the enrollment stay on this PC: sync starts from here.
        s.execute(update(Outbox).where(Outbox.acked.is_(False)).values(acked=True))
        strip_acknowledged(s)  # and no personal data kept in them (kiosk/sync/outbox.py)
        for key, value in (
            ("sync_server", server),
            ("device_id", answer["device_id"]),
            ("code_slot", str(answer["code_slot"])),
            ("code_slots", str(answer["code_slots"])),
            ("sync_cursor", "0"),
            ("sync_epoch", answer["epoch"]),
            ("sync_ca_pem", ca_pem or ""),
            ("sync_secret_since", now().isoformat()),
        ):
            set_setting(s, key, value)
        store_device_secret(s, answer["secret"])
        _take_agency(s, answer["agency_code"], answer["agency_name"])
        for item in answer.get("sequences", []):
            day = date.fromisoformat(item["day"])
            s.merge(
                DossierSequence(
                    agency_code=answer["agency_code"],
                    day=day,
                    slot=answer["code_slot"],
                    last=int(item["last"]),
                )
            )
    return {k: v for k, v in answer.items() if k != "secret"}


def _fetch_pinned_ca(server: str, pin: str, http: httpx.Client | None) -> str:
    """The server's CA certificate, accepted only if its fingerprint is the code's."""
    client = ServerClient(server, http=http, unverified=True)
    try:
        ca_pem = client.ca().get("ca_pem")
    finally:
        client.close()
    if not isinstance(ca_pem, str) or fingerprint_pin(ca_pem) != pin:
        raise SyncError(
            f"the server at {server} does not hold the certificate the enrollment code names; "
            "check the address (another machine may be answering) or ask for a new code",
            "Máy chủ không khớp với mã đăng ký (có thể là một máy khác); kiểm tra địa chỉ "
            "hoặc xin mã mới.",
        )
    return ca_pem


def _take_agency(s: Session, code: str, name: str) -> None:
    """This PC now works for the server's agency: its dossier codes carry that agency's ID."""
    previous = get_setting(s, "agency_code")
    agency = s.scalar(select(Agency).where(Agency.code == code))
    if agency is None and previous:
        agency = s.scalar(select(Agency).where(Agency.code == previous))
    if agency is None:
        agency = Agency(code=code, name=name)
        s.add(agency)
        s.flush()
    agency.code, agency.name = code, name or agency.name
    if s.scalar(select(Office).where(Office.agency_id == agency.id)) is None:
        s.add(Office(agency_id=agency.id, name=f"Bộ phận Một cửa – {agency.name}"))
    set_setting(s, "agency_code", code)
    set_setting(s, "agency_name", agency.name)


def _ticket_key(agency: str, t: dict[str, Any]) -> str:
    return f"{agency}/{t['service']}/{t['day']}/{t['number']}"
