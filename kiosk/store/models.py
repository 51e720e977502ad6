"""The typed SQLAlchemy models of the local store (and of the server: one schema for both).

Names follow the glossary of DESIGN.md §2. Dossier events are append-only (triggers in the
migration refuse UPDATE and DELETE); a dossier's `status` column is the last event's status,
kept in the same transaction so lists and reports need no scan of the events.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# A naming convention lets Alembic's batch mode on SQLite find constraints by name.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Agency(Base):
    """An agency with its electronic identifier (Decision 20/2020/QĐ-TTg), e.g. 000.17.22.H56."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    parent: Mapped[Agency | None] = relationship(remote_side=[id])


class Office(Base):
    """The one-stop office (Bộ phận Một cửa) of an agency.

    `place_name` is the place of "…, ngày … tháng … năm" on the forms; `hours` the office's own
    hours and afternoon cut-off ({"periods": [["07:30", "11:30"], …], "cutoff": "15:00"}, None:
    the calendar's), kept here so the server can hold one per office and send it down — on a
    PC the calendar reads the `office_hours` setting, which kiosk.services.admin_office writes
    together with it (one reader). `kiosk_pin_hash`: the public kiosks' admin PIN, hashed
    (kiosk.services.setup.hash_password), sent down to the office's PCs.
    """

    __tablename__ = "office"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    place_name: Mapped[str | None] = mapped_column(String(200))
    hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    kiosk_pin_hash: Mapped[str | None] = mapped_column(String(300))
    agency: Mapped[Agency] = relationship()


class Department(Base):
    """A specialist unit (phòng chuyên môn) that processes dossiers."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))


class Counter(Base):
    """A reception counter; one with history is retired (`active` False), never deleted."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("office_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    printer_url: Mapped[str | None] = mapped_column(String(300))
    scanner_url: Mapped[str | None] = mapped_column(String(300))
    services: Mapped[list[Service]] = relationship(secondary="counter_service", viewonly=True)


class Staff(Base):
    """A staff account. It belongs to an office (`office_id`) and, for a department officer, to
    a department; a supervisor or an admin may instead belong explicitly to every office of the
    server (`all_offices`). `counter_number`: the counter the clerk usually sits at. A disabled
    account (`active` False) cannot sign in; accounts are never deleted (events name them).
    kiosk.services.admin_staff.scope_of says what an account may see."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # clerk | supervisor | admin | department
    password_hash: Mapped[str] = mapped_column(String(300))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    all_offices: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    counter_number: Mapped[int | None] = mapped_column(Integer)


class Field(Base):
    """A procedure's sector (lĩnh vực)."""

    __tablename__ = "field"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))


class Procedure(Base):
    __tablename__ = "procedure"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(Text)  # accent-folded name and code, for search
    field_id: Mapped[int] = mapped_column(ForeignKey("field.id"))
    level: Mapped[str] = mapped_column(String(80), default="")
    agency: Mapped[str] = mapped_column(Text, default="")
    time_limit: Mapped[float] = mapped_column(Float)
    time_unit: Mapped[str] = mapped_column(String(20))  # days | hours | calendar_days
    time_text: Mapped[str] = mapped_column(Text, default="")
    fee_vnd: Mapped[int | None] = mapped_column(Integer)
    fee_text: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    result_places: Mapped[list[Any]] = mapped_column(default=list)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    legal_basis: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)  # public remarks
    # The decision that announced the procedure (migration 0011), who may apply, the process in
    # steps, how it may be submitted; internal_notes never reach a public screen or export.
    approval_decision: Mapped[str | None] = mapped_column(String(120))
    approval_issuer: Mapped[str | None] = mapped_column(String(300))
    approval_date: Mapped[date | None] = mapped_column(Date)
    applicants: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[list[Any]] = mapped_column(default=list)
    channels: Mapped[list[Any]] = mapped_column(default=list)
    internal_notes: Mapped[str | None] = mapped_column(Text)

    field: Mapped[Field] = relationship()
    documents: Mapped[list[RequiredDocument]] = relationship(
        order_by="RequiredDocument.position", cascade="all, delete-orphan"
    )
    route: Mapped[list[RouteStep]] = relationship(
        order_by="RouteStep.position", cascade="all, delete-orphan"
    )

    @property
    def inter_agency(self) -> bool:
        return bool(self.route)


class ProcedureFee(Base):
    """A procedure's fee (phí) and charge (lệ phí) in VND in one office, with their legal
    basis (a decision of the provincial People's Council, usually): set per office, since each
    province decides its own. Absent: the catalog's `fee_vnd` / `fee_text`."""

    __tablename__ = "procedure_fee"
    __table_args__ = (UniqueConstraint("office_id", "procedure_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    fee_vnd: Mapped[int | None] = mapped_column(Integer)
    charge_vnd: Mapped[int | None] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(Text, default="")


class CatalogChange(Base):
    """One procedure added, changed or withdrawn by a catalog import (migration 0011).

    The radio bulletin and the public website read what changed since a date from here.
    """

    __tablename__ = "catalog_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(12))  # added | changed | withdrawn
    fields: Mapped[list[Any]] = mapped_column(default=list)  # what changed, e.g. ["fee"]
    decision: Mapped[str | None] = mapped_column(String(120))
    catalog_version: Mapped[str] = mapped_column(String(80), default="")


class RequiredDocument(Base):
    """One item of a procedure's checklist (thành phần hồ sơ)."""

    __tablename__ = "required_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)


class RouteStep(Base):
    """One agency of an inter-agency (liên thông) route, with its share of the time limit."""

    __tablename__ = "route_step"
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    agency: Mapped[str] = mapped_column(Text)
    task: Mapped[str] = mapped_column(Text, default="")
    days: Mapped[float] = mapped_column(Float)


class Dossier(Base):
    __tablename__ = "dossier"
    __table_args__ = (
        Index("ix_dossier_status_due", "status", "due_at"),
        Index("ix_dossier_received", "received_at"),
        # Covering index of the results report (kiosk.services.reports_sql.REPORT_INDEX): read
        # in procedure order, no sort and no table access (migration 0003; recorded_at and
        # changed_at since 0006, for the report as the database knew it at a past time).
        Index(
            "ix_dossier_report",
            "procedure_id",
            "status",
            "received_at",
            "finished_at",
            "due_at",
            "channel",
            "paused_at",
            "recorded_at",
            "changed_at",
        ),
        # The dossiers changed since a past time, which a report as of it replays (0006b).
        Index("ix_dossier_changed", "changed_at", "recorded_at", "received_at"),
        # The tracking book is a register (migration 0005): a line of a book is given once.
        Index("uq_dossier_book_line", "agency_code", "book_no", "book_line", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    agency_code: Mapped[str] = mapped_column(String(40))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_name_key: Mapped[str] = mapped_column(String(200), index=True)
    applicant_id_number: Mapped[str | None] = mapped_column(String(12), index=True)
    applicant_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    applicant_address: Mapped[str | None] = mapped_column(Text)
    applicant_email: Mapped[str | None] = mapped_column(String(200))
    documents: Mapped[list[Any]] = mapped_column(default=list)  # [{name, originals, copies}]
    sets: Mapped[int] = mapped_column(Integer, default=1)
    channel: Mapped[str] = mapped_column(String(10), default="direct")  # direct | post | online
    result_place: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The appointment the dossier is judged against: the one written on Mẫu 01
    # (original_due_at), moved only by the pauses of a supplement request or of awaiting
    # payment, never by an apology (docs/rules.md).
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    original_due_at: Mapped[datetime | None] = mapped_column(DateTime)  # as on Mẫu 01
    # The new appointment given by the latest apology (Mẫu 04), shown next to due_at.
    new_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)  # status 5 or 6: clock paused
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)  # result ready (status 9)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[int] = mapped_column(Integer)
    counter_number: Mapped[int | None] = mapped_column(Integer)
    received_by: Mapped[str | None] = mapped_column(String(80))
    device_id: Mapped[str | None] = mapped_column(String(64))
    lookup_token: Mapped[str | None] = mapped_column(String(32))
    # on a public-only PC: the second factor as salted hashes, never the phone or the token
    # (kiosk/privacy/roles.py)
    second_factor: Mapped[str | None] = mapped_column(String(200))
    form_set: Mapped[str] = mapped_column(String(40), default="TT03/2025")
    # The dossier's entry in the tracking book (Mẫu 07), given once at reception and printed on
    # Mẫu 01: the book (quyển, see kiosk.services.register) and the line in it (số thứ tự).
    book_no: Mapped[str | None] = mapped_column(String(20))
    book_line: Mapped[int | None] = mapped_column(Integer)
    # What was collected at reception (kiosk.services.fees): paid | exempt | online | none
    fee_mode: Mapped[str | None] = mapped_column(String(10))
    fee_paid_vnd: Mapped[int | None] = mapped_column(Integer)
    fee_note: Mapped[str | None] = mapped_column(Text)  # the reason of an exemption
    fee_receipt: Mapped[str | None] = mapped_column(String(40))  # the receipt (biên lai) number
    # When this database learned of the dossier, and last learned a fact about it (the
    # recorded time of its first and latest events): a report "as of" a past time reads the
    # row as it is when changed_at is not later, and replays the events otherwise.
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)

    procedure: Mapped[Procedure] = relationship()
    events: Mapped[list[DossierEvent]] = relationship(
        order_by="DossierEvent.id", back_populates="dossier"
    )


class DossierWord(Base):
    """A search key of a dossier (kiosk.store.search_index): a word of the folded name, or the
    reversed letters and digits of its code, phone or ID number (migration 0010)."""

    __tablename__ = "dossier_word"
    __table_args__ = (Index("ix_dossier_word_dossier", "dossier_id"),)
    word: Mapped[str] = mapped_column(String(60), primary_key=True)
    dossier_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class DossierEvent(Base):
    """An immutable change of a dossier: who, when, where, from -> to, note."""

    __tablename__ = "dossier_event"
    __table_args__ = (
        Index("ix_dossier_event_status_at", "to_status", "at"),
        # the dossiers with two supplement requests or more, read from the index alone
        # (kiosk.services.reports.repeated_supplements; migration 0015)
        Index("ix_dossier_event_supplements", "to_status", "kind", "dossier_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # when it took effect (CLI: --at)
    # When this database recorded it (the wall clock; NULL: before migration 0006, taken as
    # `at`). A report "as of" a time reads only the events recorded by then.
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), default="status")  # status|apology|handover
    from_status: Mapped[int | None] = mapped_column(Integer)
    to_status: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    agency_code: Mapped[str | None] = mapped_column(String(40))
    counter_number: Mapped[int | None] = mapped_column(Integer)
    device_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class DossierSequence(Base):
    """The last dossier number used per agency, day and device slot (see services.codes)."""

    __tablename__ = "dossier_sequence"
    agency_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class ReportClose(Base):
    """A closed period ("chốt số liệu"): the II.06a figures as they were when it was closed.

    A later correction is not written here: the report shows it as an adjustment line
    (kiosk.services.reports_close)."""

    __tablename__ = "report_close"
    __table_args__ = (UniqueConstraint("date_from", "date_to", "agency"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    agency: Mapped[str] = mapped_column(String(40), default="")  # "" : the whole database
    closed_at: Mapped[datetime] = mapped_column(DateTime)  # the wall clock, like recorded_at
    closed_by: Mapped[str] = mapped_column(String(80))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)  # the report by field, as_dict()


class RegisterSequence(Base):
    """The last number used in a register of this device slot: a tracking book's lines
    (`book:2026`), the letters of a year (`apology:2026`), ... (kiosk.services.register)."""

    __tablename__ = "register_sequence"
    agency_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class IssuedDocument(Base):
    """A paper issued to a citizen or a unit (Mẫu 01–06, the thermal receipt), as issued.

    Append-only (triggers of migration 0005): `data` is exactly what was printed, so a reprint
    renders the same document again (marked as a reprint), never today's state of the dossier.
    `issued_at` is the time of the event the document records (`event_id`, on this database);
    `uid` names the document everywhere (sync); `reconstructed` marks the documents migration
    0005 rebuilt for dossiers received before documents were recorded.
    """

    __tablename__ = "issued_document"
    __table_args__ = (Index("ix_issued_document_dossier_kind", "dossier_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    kind: Mapped[str] = mapped_column(String(20))  # receipt|supplement|refusal|apology|stop|...
    number: Mapped[str | None] = mapped_column(String(40))  # "Số: ..." where the form has one
    issued_at: Mapped[datetime] = mapped_column(DateTime)  # the date of the event it records
    event_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_event.id"))
    event_at: Mapped[datetime | None] = mapped_column(DateTime)  # that event's time (sync key)
    issuer: Mapped[str] = mapped_column(String(80))
    issuer_name: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str | None] = mapped_column(String(64))  # None: reconstructed
    reconstructed: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    device_id: Mapped[str | None] = mapped_column(String(64))


class CalendarDay(Base):
    """An exception to Monday–Friday: an official day off or a make-up working day."""

    __tablename__ = "calendar_day"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # off | work
    name: Mapped[str] = mapped_column(String(200), default="")


class Setting(Base):
    """Small key/value facts about this database: agency, device id, office hours, ..."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Service(Base):
    """A queue service: a group of fields (or single procedures) with a ticket letter prefix.

    A service with history is retired (`active` False), never deleted. Priority rules:
    `priority_kinds` lists the priority kinds a ticket of it may have (None: every kind of
    kiosk.services.queue.PRIORITY_KINDS; []: none), `priority_first` whether a priority ticket
    is called before earlier ordinary ones.
    """

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("office_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(2))
    fields: Mapped[list[Any]] = mapped_column(default=list)  # field names served
    daily_limit: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    procedures: Mapped[list[Any] | None] = mapped_column(JSON)  # procedure codes served
    priority_kinds: Mapped[list[Any] | None] = mapped_column(JSON)
    priority_first: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class CounterService(Base):
    __tablename__ = "counter_service"
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)


class Ticket(Base):
    """A queue number. Every step is timestamped for the queue report."""

    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("service_id", "day", "number"),
        Index("ix_ticket_waiting", "status", "day", "queue_service_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))  # issued for (numbering)
    queue_service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))  # waits in now
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(10))  # A012
    priority: Mapped[str | None] = mapped_column(
        String(20)
    )  # elderly|disabled|pregnant|child|merit
    status: Mapped[str] = mapped_column(String(12))  # waiting|called|serving|done|no_show
    arrived_at: Mapped[datetime] = mapped_column(DateTime)  # kept across transfers
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    called_at: Mapped[datetime | None] = mapped_column(DateTime)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    counter_number: Mapped[int | None] = mapped_column(Integer)
    target_counter: Mapped[int | None] = mapped_column(Integer)  # transferred to a counter
    served_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    clerk: Mapped[str | None] = mapped_column(String(80))
    transferred_from: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    dossier_code: Mapped[str | None] = mapped_column(String(60))
    device_id: Mapped[str | None] = mapped_column(String(64))

    service: Mapped[Service] = relationship(foreign_keys=[service_id])


class Rating(Base):
    """A citizen's rating of the service (Rất hài lòng = 5 … Rất không hài lòng = 1).

    On the server (a `rating.add` pushed by a PC, kiosk/server/ratings.py) `agency_code` is the
    pushing device's office, `device_id` that PC and `mutation_id` the outbox mutation that
    carried it, so a rating is stored once whatever is replayed (migration 0004). On a PC every
    rating is of the PC's own office and `agency_code` stays empty; `mutation_id` is that of
    the PC's own `rating.add` (ratings made before it was kept there have none), or, with
    `device_id`, of a rating another PC of the office made, pulled from the server
    (kiosk/sync/local_ratings.py).
    """

    __tablename__ = "rating"
    __table_args__ = (Index("ix_rating_agency_at", "agency_code", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    level: Mapped[int] = mapped_column(Integer)
    counter_number: Mapped[int | None] = mapped_column(Integer)
    clerk: Mapped[str | None] = mapped_column(String(80))
    dossier_code: Mapped[str | None] = mapped_column(String(60))
    comment: Mapped[str | None] = mapped_column(Text)
    agency_code: Mapped[str | None] = mapped_column(String(40))
    device_id: Mapped[str | None] = mapped_column(String(64))
    mutation_id: Mapped[str | None] = mapped_column(String(36), unique=True)


class RosterEntry(Base):
    """The duty roster (lịch trực): who staffs which counter on a working day."""

    __tablename__ = "roster_entry"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    counter_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))


class Outbox(Base):
    """Every local change, in the same transaction, for the sync push (DESIGN.md §8).

    `seq` is the per-device, gap-free sequence (AUTOINCREMENT is rolled back with its
    transaction in SQLite, so a failed write leaves no gap).
    """

    __tablename__ = "outbox"
    __table_args__ = {"sqlite_autoincrement": True}
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    acked: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    rejected: Mapped[str | None] = mapped_column(Text)



class PublicThrottle(Base):
    """Brakes of a public screen, kept across restarts (kiosk/privacy/throttle.py): code
    look-ups per screen (a token bucket: `level` tokens at `since`), second-factor misses per
    dossier code and for the whole screen (`count` misses, blocked `until`). Times are seconds
    of the wall clock. Local only: nothing of it is synced."""

    __tablename__ = "public_throttle"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[float] = mapped_column(Float, default=0.0)
    since: Mapped[float] = mapped_column(Float, default=0.0)
    until: Mapped[float] = mapped_column(Float, default=0.0)


class RetentionPurge(Base):
    """A row exists only inside the retention purge's transaction (kiosk/privacy/retention.py):
    the one moment the event trigger lets an event's free-text note be erased."""

    __tablename__ = "retention_purge"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)

from kiosk.store import server_models as server_models  # noqa: E402  (one schema for both)
