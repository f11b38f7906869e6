"""The back office served over real HTTP on localhost, on a real SQL store and Redis."""
from __future__ import annotations

import uuid

import pytest

from backoffice.app import create_app
from hotline.language.places import gazetteer
from hotline.staff.tokens import Tokens
from hotline.storage import sql
from hotline.workorders.orders import WorkOrderDraft, WorkOrders

UNIT = "金水区城市管理局"


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(tmp_path / "var"))
    return f"sqlite:///{tmp_path / 'backoffice.db'}"


@pytest.fixture
async def client(aiohttp_client, db, redis_server):
    app = create_app(db, redis_server.url, relay_every=0.2, scan_every=3600)
    return await aiohttp_client(app)


@pytest.fixture
def orders(db) -> WorkOrders:
    return WorkOrders(sql.engine(db))


@pytest.fixture
def token(db):
    tokens = Tokens(sql.engine(db))

    def make(role: str, unit: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens.issue(role, unit=unit, label=f'test-{role}')}"}
    return make


@pytest.fixture
def new_order(orders):
    def make(description: str = "小区门口的路灯坏了一周了，晚上很黑", confidential: bool = False) -> str:
        draft = WorkOrderDraft(idempotency_key=f"k-{uuid.uuid4().hex}", channel="rest", sender_id="citizen-1",
                               request_type="complaint", category_path="城乡建设/城市建设和市政管理/城市公共设施",
                               description=description, location=gazetteer().find("郑州市金水区花园路街道农业路12号"),
                               citizen_name="王建国", phone="13812345678", confidential=confidential,
                               transcript=[{"speaker": "citizen", "text": description},
                                           {"speaker": "bot", "text": "好的，已记录您反映的问题"}])
        return orders.create(draft).record["number"]
    return make
