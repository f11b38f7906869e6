"""联动转交: handing an emergency to the 110/119/120/122 platforms.

Each service gets one linkage record: kept in the SQL store and published on a Redis Stream (one per service,
so each platform's consumer group reads only its own). The hand-over comes first and depends on neither
store alone: Redis down, the SQL record holds it (a relay can publish what has no stream id); SQL down, the
stream holds it; both down, it is appended to a local spool file (var/linkage-spool.jsonl) and logged. One
service failing never stops the others."""
from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import redis

from hotline.clock import to_local, utcnow
from hotline.paths import var_dir
from hotline.privacy import mask_text
from hotline.screening.records import LinkageRecords

log = logging.getLogger(__name__)
STREAM = "hotline:linkage:{service}"
_spool_lock = threading.Lock()


@dataclass(frozen=True)
class Linkage:
    service: str
    text: str
    location: str | None
    channel: str
    sender_id: str
    at: datetime
    stream_id: str | None = None
    stored: bool = True  # in the SQL store (else in the spool file)


def spool_path() -> Path:
    return var_dir() / "linkage-spool.jsonl"


class LinkageDesk:
    def __init__(self, client: redis.Redis | None, records: LinkageRecords | None = None,
                 maxlen: int = 100_000, spool: Path | None = None):
        self.r, self.maxlen = client, maxlen
        self._records = records
        self.spool = spool or spool_path()

    @property
    def records(self) -> LinkageRecords:
        if self._records is None:
            self._records = LinkageRecords()
        return self._records

    def hand_over(self, services: tuple[str, ...] | list[str], text: str, *, location: str | None,
                  channel: str, sender_id: str, at: datetime | None = None) -> list[Linkage]:
        at = at or utcnow()
        out = []
        for service in services:
            fields = {"service": service, "text": text, "location": location or "", "channel": channel,
                      "sender_id": sender_id, "at": to_local(at).isoformat(timespec="seconds")}
            stream_id = None
            if self.r is not None:
                try:
                    stream_id = self.r.xadd(STREAM.format(service=service), fields, maxlen=self.maxlen,
                                            approximate=True)
                except (redis.RedisError, OSError) as e:
                    log.error("linkage %s: the stream is unreachable (%s); the SQL record holds it", service,
                              type(e).__name__)
            stored = True
            try:
                self.records.add(service=service, text=text, location=location, channel=channel,
                                 sender_id=sender_id, stream_id=stream_id, at=at)
            except Exception as e:  # the database is down: nothing may be lost
                stored = False
                self._to_spool({**fields, "stream_id": stream_id})
                log.error("linkage %s: the SQL store failed (%s); written to %s", service, type(e).__name__,
                          self.spool)
            out.append(Linkage(service, text, location, channel, sender_id, at, stream_id, stored))
        return out

    def _to_spool(self, fields: dict) -> None:
        try:
            with _spool_lock:
                self.spool.parent.mkdir(parents=True, exist_ok=True)
                with open(self.spool, "a", encoding="utf-8") as f:
                    f.write(json.dumps(fields, ensure_ascii=False) + "\n")
                    f.flush()
                    os.fsync(f.fileno())
        except OSError:
            # the last resort: the log, with the citizen's personal data masked
            log.critical("LINKAGE NOT STORED ANYWHERE: %s", json.dumps(
                {**fields, "text": mask_text(fields.get("text")), "sender_id": "***"}, ensure_ascii=False))


def as_dict(linkage: Linkage) -> dict:
    d = asdict(linkage)
    d["at"] = linkage.at.isoformat()
    return d
