"""Dispatch without loss, on a real Redis server that this test stops and starts, and real SQL."""
from __future__ import annotations

import json
import uuid

import pytest
import redis as redis_lib

from hotline.dispatch.consumer import StreamConsumer
from hotline.dispatch.relay import STREAM, OutboxRelay
from hotline.language.places import gazetteer
from hotline.storage import sql
from hotline.workorders.orders import WorkOrderDraft, WorkOrders
from stack.processes import free_port, start_redis


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, so it can be stopped and started again on the same port."""
    port = free_port()
    procs = [start_redis(port, tmp_path / "redis", tmp_path / "log", persistent=True)]

    class Handle:
        url = procs[0].url

        def client(self):
            return redis_lib.Redis.from_url(self.url, decode_responses=True, socket_timeout=2,
                                            socket_connect_timeout=1)

        def stop(self):
            procs[-1].stop()

        def start(self):
            procs.append(start_redis(port, tmp_path / "redis", tmp_path / "log", persistent=True))

    yield Handle()
    procs[-1].stop()


def order(orders: WorkOrders) -> str:
    draft = WorkOrderDraft(idempotency_key=f"k-{uuid.uuid4().hex}", channel="rest", sender_id="s",
                           request_type="complaint", category_path="城乡建设/城市建设和市政管理/城市公共设施",
                           description="路灯坏了", location=gazetteer().find("郑州市金水区"))
    return orders.create(draft).record["number"]


def drain(consumer: StreamConsumer) -> None:
    while consumer.step(block_ms=50):
        pass


def test_orders_are_taken_with_redis_down_and_delivered_when_it_is_back(engine, own_redis):
    orders = WorkOrders(engine)
    own_redis.stop()
    numbers = [order(orders) for _ in range(5)]  # the intake does not need Redis
    relay = OutboxRelay(engine, own_redis.client())
    with pytest.raises(redis_lib.RedisError):
        relay.publish_pending()
    assert relay.pending() >= 10
    own_redis.start()
    relay = OutboxRelay(engine, own_redis.client())
    while relay.publish_pending():
        pass
    assert relay.pending() == 0
    got: list[dict] = []
    drain(StreamConsumer(own_redis.client(), "dispatch", "c1", got.append))
    mine = [(e["number"], e["action"]) for e in got if e["number"] in numbers]
    assert sorted(mine) == sorted((n, a) for n in numbers for a in ("register", "accept"))  # each exactly once


def test_a_relay_that_stopped_before_marking_does_not_publish_twice(engine, own_redis):
    orders = WorkOrders(engine)
    order(orders)
    r = own_redis.client()
    relay = OutboxRelay(engine, r)
    # what a relay that crashed after XADD left behind: the first entry on the stream, not marked published
    with engine.connect() as conn:
        first_id, payload = conn.execute(sql.outbox.select().with_only_columns(sql.outbox.c.id, sql.outbox.c.payload)
                                         .where(sql.outbox.c.published_at.is_(None)).order_by(sql.outbox.c.id)
                                         .limit(1)).one()
    before = r.xlen(STREAM)
    r.xadd(STREAM, {"outbox_id": str(first_id), "event": json.dumps(payload)}, id=f"0-{first_id}")
    while relay.publish_pending():
        pass
    ids = [int(fields["outbox_id"]) for _, fields in r.xrange(STREAM)]
    assert ids.count(first_id) == 1 and len(ids) == len(set(ids)) and r.xlen(STREAM) > before


def test_a_consumer_that_dies_leaves_its_entries_to_another_and_nothing_is_delivered_twice(engine, own_redis):
    orders = WorkOrders(engine)
    numbers = [order(orders) for _ in range(3)]
    r = own_redis.client()
    while OutboxRelay(engine, r).publish_pending():
        pass

    def dies(event):
        raise RuntimeError("consumer crashed mid-entry")

    StreamConsumer(r, "dispatch", "dying", dies).step(block_ms=50)  # reads everything, acknowledges nothing
    got: list[dict] = []
    survivor = StreamConsumer(r, "dispatch", "survivor", got.append, claim_idle_ms=0)
    drain(survivor)
    mine = [(e["number"], e["seq"]) for e in got if e["number"] in numbers]
    assert len(mine) == 6 and len(set(mine)) == 6
    # acknowledged: never delivered to this group again, by any consumer
    again: list[dict] = []
    drain(StreamConsumer(r, "dispatch", "third", again.append, claim_idle_ms=0))
    assert not [e for e in again if e["number"] in numbers]
    # another group gets its own copy
    other: list[dict] = []
    drain(StreamConsumer(r, "webhook", "w1", other.append))
    assert len([e for e in other if e["number"] in numbers]) == 6
