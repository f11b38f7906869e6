"""SLA supervision (督办): orders past their reply deadline are supervised automatically, and the supervisors'
queue shows them; orders within `warn_before_hours` of it are reported as due soon."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from hotline.clock import utcnow
from hotline.policy import Reader, load_yaml
from hotline.storage import sql
from hotline.workorders.lifecycle import TransitionError
from hotline.workorders.orders import ACTIVE, ConflictError, WorkOrders

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    supervised: list[str] = field(default_factory=list)  # newly supervised, past their deadline
    due_soon: list[str] = field(default_factory=list)


def warn_before() -> timedelta:
    r = Reader("sla.yml", load_yaml("sla.yml"))
    return timedelta(hours=r.get("warn_before_hours", 24).number(0))


def scan(orders: WorkOrders, now: datetime | None = None) -> ScanResult:
    """Supervises every active order past its deadline that is not supervised yet (an event by the system,
    so the history says why), and lists those due within the warning window."""
    now = now or utcnow()
    t = sql.work_orders
    with orders.engine.connect() as conn:
        late = conn.execute(select(t.c.number).where(t.c.status.in_(sorted(ACTIVE)) & (t.c.sla_deadline < now)
                                                     & t.c.supervised.is_(False))).scalars().all()
        soon = conn.execute(select(t.c.number).where(t.c.status.in_(sorted(ACTIVE)) & (t.c.sla_deadline >= now)
                                                     & (t.c.sla_deadline < now + warn_before()))).scalars().all()
    result = ScanResult(due_soon=list(soon))
    for number in late:
        try:
            orders.apply(number, "supervise", actor="system:sla", role="system", note="已超过答复期限，系统自动督办",
                         data={"reason": "overdue"}, now=now)
            result.supervised.append(number)
        except (ConflictError, TransitionError) as e:  # changed meanwhile: the next scan sees it again
            log.info("supervision of %s skipped (%s)", number, type(e).__name__)
    return result
