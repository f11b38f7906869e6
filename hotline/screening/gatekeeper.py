"""Acting on a screening decision for one sender on one channel: what to record, what to hand over,
whom to block, when to close a conversation, and what the citizen is told."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import redis

from hotline.screening.guard import Guard, GuardSettings, redis_client
from hotline.screening.linkage import LinkageDesk
from hotline.screening.records import ScreeningRecords
from hotline.screening.screener import Screener, Screening, default_screener

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    screening: Screening
    messages: list[str] = field(default_factory=list)  # what the citizen is told, in order
    close_session: bool = False
    blocked: bool = False


class Gatekeeper:
    def __init__(self, screener: Screener | None = None, client: redis.Redis | None = None,
                 records: ScreeningRecords | None = None, linkage: LinkageDesk | None = None):
        self.screener = screener or default_screener()
        self.r = client if client is not None else redis_client()
        self.guard = Guard(self.r, GuardSettings.from_policy(self.screener.policy.guard))
        self.records = records or ScreeningRecords()
        self.linkage = linkage or LinkageDesk(self.r)
        self.notices = self.screener.policy.notices

    def blocked_notice(self, sender: str, channel: str, text: str) -> str | None:
        """None when the sender may talk; else the notice to show ("" when it was shown moments ago).
        The message is recorded either way."""
        remaining = self.guard.block_remaining(sender)
        if not remaining:
            return None
        self.records.add(channel=channel, sender_id=sender, verdict="blocked", reason="sender blocked",
                         text=text)
        if not self.guard.notice_due(sender):
            return ""
        return self.notices["blocked"].format(minutes=max(1, round(remaining / 60)))

    def hand_over(self, sender: str, channel: str, text: str, s: Screening, location: str | None = None) -> None:
        """The emergency linkage, before anything else and on any store that answers (hotline.screening.linkage)."""
        self.linkage.hand_over(s.services, text, location=location, channel=channel, sender_id=sender)

    def handle(self, sender: str, channel: str, text: str, screening: Screening | None = None,
               location: str | None = None, handed_over: bool = False) -> Outcome:
        """Records, counts, hands over and blocks for one message; returns what the citizen is told. A store
        that fails does not stop the rest: the emergency hand-over comes first, then the record (SQL), then
        the sender's counters (Redis)."""
        s = screening or self.screener.screen(text)
        out = Outcome(s)
        if s.verdict == "emergency":
            if not handed_over:
                self.hand_over(sender, channel, text, s, location)
            out.messages.append(self.notices["emergency_handed_over"].format(numbers="、".join(s.services)))
            self._safely(self.records.add, channel=channel, sender_id=sender, verdict=s.verdict,
                         reason=";".join(s.reasons), text=text, services=s.services)
            self._safely(self.guard.substance, sender)
        elif s.verdict == "legal_route":
            out.messages.append(s.notice)
            self._safely(self.records.add, channel=channel, sender_id=sender, verdict=s.verdict, reason=s.route,
                         text=text, route=s.route)
            self._safely(self.guard.substance, sender)
        elif s.verdict == "abusive":
            self.records.add(channel=channel, sender_id=sender, verdict=s.verdict,
                             reason="abuse: " + ",".join(s.reasons), text=s.masked_text)
            if self.guard.strike(sender):
                out.blocked = True
                minutes = round(self.guard.s.block_seconds / 60)
                out.messages.append(self.notices["blocked"].format(minutes=minutes))
                self.guard.notice_due(sender)  # the block notice was just shown
            else:
                out.messages.append(s.notice)
        elif s.verdict == "no_substance":
            self.records.add(channel=channel, sender_id=sender, verdict=s.verdict, reason=";".join(s.reasons),
                             text=text)
            if self.guard.without_substance(sender):
                out.close_session = True
                self.records.add(channel=channel, sender_id=sender, verdict="session_closed",
                                 reason="长时间无实质诉求内容", text=text)
                out.messages.append(self.notices["session_closed"])
            else:
                out.messages.append(s.notice)
        else:
            self.guard.substance(sender)
            if s.civility:
                self.records.add(channel=channel, sender_id=sender, verdict="accept",
                                 reason="civility: " + ",".join(s.reasons), text=s.masked_text)
            if s.notice:
                out.messages.append(s.notice)
        return out

    @staticmethod
    def _safely(fn, *args, **kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except Exception as e:  # a store down must not cost the citizen the answer
            log.error("gatekeeper: %s failed (%s)", getattr(fn, "__qualname__", fn), type(e).__name__)

    def lift_block(self, sender: str, staff: str) -> bool:
        lifted = self.guard.lift(sender)
        self.records.add(channel="backoffice", sender_id=sender, verdict="unblocked",
                         reason=f"lifted by {staff}", text="")
        return lifted


@lru_cache(maxsize=1)
def default_gatekeeper() -> Gatekeeper:
    return Gatekeeper()
