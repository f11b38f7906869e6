"""联动转交: handing an emergency to the 110/119/120/122 platforms.

Each service gets one linkage record, published on a Redis Stream (one per service, so each platform's
consumer group reads only its own) and kept in the SQL store."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import redis

from hotline.clock import to_local, utcnow
from hotline.screening.records import LinkageRecords

STREAM = "hotline:linkage:{service}"


@dataclass(frozen=True)
class Linkage:
    service: str
    text: str
    location: str | None
    channel: str
    sender_id: str
    at: datetime
    stream_id: str | None = None


class LinkageDesk:
    def __init__(self, client: redis.Redis | None, records: LinkageRecords | None = None,
                 maxlen: int = 100_000):
        self.r, self.records, self.maxlen = client, records or LinkageRecords(), maxlen

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
                except redis.RedisError:
                    # the SQL record below still holds it; a relay can publish what has no stream id
                    stream_id = None
            self.records.add(service=service, text=text, location=location, channel=channel,
                             sender_id=sender_id, stream_id=stream_id, at=at)
            out.append(Linkage(service, text, location, channel, sender_id, at, stream_id))
        return out
