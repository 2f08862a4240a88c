"""The counsellor's home dashboard: transfers waiting for the office's answer, caseload by
stage, tasks overdue, due soon and nobody's in the office, this week's appointments, and recent
activity on their cases.

A fixed number of statements, each list bounded and fetching one row more than it shows to say
whether there is more: the incoming transfers (cases.listing); the caseload; overdue, due-soon
and unassigned tasks, the plan actions people say they did and the corrections of contact
details people asked for (one statement, five bounded parts); the week's appointments;
recognitions to follow up (skills.follow_up); the business visits due (enterprise.follow_up);
the cases whose person wrote messages nobody has read (messages.queries); the latest notes and
stage changes (one statement). Only cases the user may see (`visible_cases_clause`) and, for
tasks and appointments, open ones (closed cases take no work). Confidential notes appear only
where the user may read them, and even then without their text: a home page is read over
shoulders.

The statements are built once per kind of viewer (cases.visibility.VISIBLE, with the user's
office and id bound), planned once (cases.listing.set_planner; the dates are written into the
SQL) and read only the columns shown, names included: building and planning them and loading
whole returnee rows cost more than running them.

This module gathers the blocks; the home's own statements live beside it, one module a block:
home.work_lists (the five-part list of things to do), home.appointments (the week's) and
home.activity (notes and stage changes), on the columns and filters of home.case_rows.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select

from returnsvc.cases.listing import incoming_transfers, set_planner, viewer_values
from returnsvc.cases.models import Case, Stage
from returnsvc.cases.stages import ORDER
from returnsvc.cases.visibility import viewer_kind
from returnsvc.core import clock
from returnsvc.enterprise.follow_up import VISIT_NOTICE_DAYS, visits_due
from returnsvc.extensions import db
from returnsvc.home.activity import recent_activity
from returnsvc.home.appointments import week_appointments
from returnsvc.home.work_lists import DUE_SOON_DAYS, work_lists
from returnsvc.messages.queries import unread_from_people
from returnsvc.skills.follow_up import follow_up_days, stalled_recognitions


def counsellor_dashboard(user, now: datetime | None = None, zone: ZoneInfo | None = None) -> dict:
    """Everything the home page shows a counsellor, as plain values, with "today", "overdue"
    and "this week" the local days of `zone` (by default the user's: core.clock.zone_of):

    - today (date), zone (its name), caseload: [{stage, mine, office}] in stage order (open
      stages only), caseload_total: {mine, office};
    - overdue_tasks / due_soon_tasks: [{id, title, due_date, url, case_id, reference, person}],
      with overdue_more / due_soon_more (bool: the list was cut); unassigned_tasks (the same,
      open tasks of the user's office that nobody has: handed over by a transfer accepted
      without a counsellor) with unassigned_more;
    - reported_actions: [{id, title, due_date (the local day the person said it), url, case_id,
      reference, person}], plan actions of the user's open cases that the person says they
      did (their portal), waiting for the user to confirm; reported_more;
    - contact_corrections: [{id, title (the details asked for), due_date (the local day
      asked), url, case_id, reference, person}], corrections of contact details the people of
      the user's open cases asked for (their portal), waiting for the user's answer on the
      case; contact_corrections_more;
    - incoming_transfers: transfers waiting for the user's office to answer
      (cases.listing.IncomingTransfer);
    - week_start, week_end (Monday and Sunday, dates), week_appointments: [{id, starts_at,
      location, purpose, attended, url, case_id, reference, person}], week_more;
    - recent_activity: [{at, kind ("note" or "stage"), title, detail, actor, url, case_id,
      reference, person}], newest first;
    - stalled_recognitions (see skills.follow_up), stalled_more, recognition_follow_up_days;
    - visits_due (enterprise.follow_up: follow-up visits of launched businesses), visits_more,
      visit_notice_days;
    - unread_messages (messages.queries.unread_from_people: cases of the user's caseload whose
      person wrote messages nobody has read yet), unread_messages_more.
    """
    zone = zone or clock.zone_of(user)
    today = clock.local_today(zone, now)
    week_start = clock.week_start(today)
    params = {
        **viewer_values(user),
        "office": user.office_id,
        "today": today,
        "soon_until": today + timedelta(days=DUE_SOON_DAYS),
        "zone_name": zone.key,
    }
    kind = viewer_kind(user)
    # Generic plans: the dates are written into the SQL (home.case_rows.written_day).
    set_planner(db.session.connection(), generic_plans=True)
    caseload = _caseload(user)
    (
        (overdue, overdue_more),
        (due_soon, due_soon_more),
        (nobodys, nobodys_more),
        (reported, reported_more),
        (corrections, corrections_more),
    ) = work_lists(kind, params)
    week, week_more = week_appointments(kind, params, clock.day_bounds(week_start, zone, 7))
    stalled, stalled_more = stalled_recognitions(user, today)
    visits, visits_more = visits_due(user, today)
    unread_messages, unread_messages_more = unread_from_people(user)
    return {
        "today": today,
        "zone": clock.zone_label(zone.key),
        "caseload": caseload,
        "caseload_total": {
            "mine": sum(row["mine"] for row in caseload),
            "office": sum(row["office"] for row in caseload),
        },
        "overdue_tasks": overdue,
        "overdue_more": overdue_more,
        "due_soon_tasks": due_soon,
        "due_soon_more": due_soon_more,
        "due_soon_days": DUE_SOON_DAYS,
        "unassigned_tasks": nobodys,
        "unassigned_more": nobodys_more,
        "reported_actions": reported,
        "reported_more": reported_more,
        "contact_corrections": corrections,
        "contact_corrections_more": corrections_more,
        "incoming_transfers": incoming_transfers(user),
        "week_start": week_start,
        "week_end": week_start + timedelta(days=6),
        "week_appointments": week,
        "week_more": week_more,
        "recent_activity": recent_activity(kind, params),
        "stalled_recognitions": stalled,
        "stalled_more": stalled_more,
        "recognition_follow_up_days": follow_up_days(),
        "visits_due": visits,
        "visits_more": visits_more,
        "visit_notice_days": VISIT_NOTICE_DAYS,
        "unread_messages": unread_messages,
        "unread_messages_more": unread_messages_more,
    }


_CASELOAD = (
    select(Case.stage, func.count().filter(Case.counsellor_id == bindparam("me")), func.count())
    .where(Case.office_id == bindparam("office"), Case.stage != Stage.CLOSED)
    .group_by(Case.stage)
)


def _caseload(user) -> list[dict]:
    """Open cases of the user's office by stage: assigned to the user, and all of them."""
    counts = {}
    if user.office_id is not None:
        rows = db.session.connection().execute(_CASELOAD, {"office": user.office_id, "me": user.id})
        counts = {stage: (mine, office) for stage, mine, office in rows}
    caseload = []
    for stage in ORDER:
        if stage is not Stage.CLOSED:
            mine, office = counts.get(stage, (0, 0))
            caseload.append({"stage": stage, "mine": mine, "office": office})
    return caseload
