"""/console: the staff web console in Chinese. Sign in with a token, then a session cookie (HttpOnly,
SameSite=Strict, signed); every form that changes something carries a CSRF token tied to the session; every
text a citizen wrote is escaped."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import time
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from hotline.staff.tokens import Staff
from hotline.staff.views import for_role
from hotline.workorders.lifecycle import (
    ACTION_NAMES,
    EVALUATIONS,
    STATUS_NAMES,
    PermissionDenied,
    TransitionError,
    allowed_actions,
)
from hotline.workorders.orders import ConflictError, DraftError
from hotline.workorders.record import REQUEST_TYPE_NAMES

COOKIE = "hotline_session"
SESSION_SECONDS = 8 * 3600
ROLE_NAMES = {"dispatcher": "派单员", "handling_unit": "承办单位", "supervisor": "督办员", "analyst": "分析员", "admin": "管理员"}
ROUTE_NAMES = {"litigation": "诉讼", "arbitration": "仲裁", "labor_arbitration": "劳动争议仲裁",
               "administrative_review": "行政复议", "discipline_inspection": "纪检监察"}
e = html.escape

STYLE = """
body{font-family:"WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:0;background:#f4f6f8;color:#1f2933}
header{background:#b71c1c;color:#fff;padding:10px 20px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff}main{padding:16px 20px;max-width:1200px}table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #d9e2ec;padding:6px 8px;text-align:left;font-size:14px;vertical-align:top}
tr.overdue{background:#fdecea}tr.overdue td:first-child{border-left:4px solid #c62828}.tag{padding:1px 6px;border-radius:3px;
font-size:12px;background:#e4e7eb}.late{background:#c62828;color:#fff}.sup{background:#f0b429}form.inline{display:inline}
section{background:#fff;padding:12px 16px;margin:12px 0;border-radius:4px}label{margin-right:8px}
input,select,textarea,button{font:inherit;padding:3px 6px}textarea{width:100%;height:4em}.error{color:#c62828}
.msg{white-space:pre-wrap}.bot{color:#52606d}
"""


def page(title: str, body: str, staff: Staff | None = None) -> web.Response:
    who = (f'<span>{e(ROLE_NAMES.get(staff.role, staff.role))}{" · " + e(staff.unit) if staff.unit else ""}'
           f' · <a href="/console/logout">退出</a></span>') if staff else ""
    text = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width,initial-scale=1"><title>{e(title)} · 12345工单后台</title><style>{STYLE}</style>'
            f'</head><body><header><strong>12345政务服务便民热线 · 工单后台</strong>{who}</header><main>{body}</main></body></html>')
    return web.Response(text=text, content_type="text/html", charset="utf-8",
                        headers={"Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'",
                                 "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"})


def _sign(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def _session_value(secret: str, token_id: int) -> str:
    value = f"{token_id}.{int(time.time()) + SESSION_SECONDS}"
    return f"{value}.{_sign(secret, value)}"


def csrf_token(secret: str, session: str) -> str:
    return _sign(secret, "csrf:" + session)


async def current_staff(request: web.Request) -> Staff | None:
    raw = request.cookies.get(COOKIE, "")
    parts = raw.split(".")
    if len(parts) != 3:
        return None
    value = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(request.app["secret"], value), parts[2]):
        return None
    try:
        token_id, expires = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    if expires < time.time():
        return None
    staff = await asyncio.to_thread(request.app["tokens"].by_id, token_id)
    if staff is not None:
        request["session"] = raw
    return staff


def signed_in(handler):
    async def wrapped(request: web.Request) -> web.StreamResponse:
        staff = await current_staff(request)
        if staff is None:
            raise web.HTTPFound("/console/login")
        request["staff"] = staff
        return await handler(request)
    return wrapped


def check_csrf(request: web.Request, form) -> None:
    sent = form.get("csrf", "")
    if not hmac.compare_digest(csrf_token(request.app["secret"], request["session"]), str(sent)):
        raise web.HTTPForbidden(text="CSRF token missing or wrong: reload the page")


async def login_form(request: web.Request, message: str = "") -> web.Response:
    body = (f'<section><h2>登录</h2><p>请粘贴管理员为您签发的访问令牌（<code>python -m hotline token --role 角色</code>）。</p>'
            f'{f"<p class=error>{e(message)}</p>" if message else ""}'
            '<form method="post" action="/console/login"><label for="token">令牌</label>'
            '<input id="token" name="token" type="password" size="60" autocomplete="off" required>'
            ' <button type="submit">登录</button></form></section>')
    return page("登录", body)


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    staff = await asyncio.to_thread(request.app["tokens"].verify, str(form.get("token", "")).strip())
    if staff is None:
        return await login_form(request, "令牌无效、已过期或已被吊销。")
    response = web.HTTPFound("/console/")
    response.set_cookie(COOKIE, _session_value(request.app["secret"], staff.token_id), httponly=True,
                        samesite="Strict", max_age=SESSION_SECONDS, path="/console",
                        secure=request.secure)
    await asyncio.to_thread(request.app["audit"].record, staff.actor, staff.role, "console-login")
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    response = web.HTTPFound("/console/login")
    response.del_cookie(COOKIE, path="/console")
    raise response


@signed_in
async def queue(request: web.Request) -> web.Response:
    staff: Staff = request["staff"]
    q = request.query
    filters = {k: q.get(k) or None for k in ("status", "category", "district")}
    overdue = q.get("overdue") == "1"
    unit = staff.unit if staff.role == "handling_unit" else (q.get("unit") or None)
    items, total = await asyncio.to_thread(request.app["orders"].search, unit=unit, overdue=True if overdue else None,
                                           overdue_first=True, per_page=50, **filters)
    await asyncio.to_thread(request.app["audit"].record, staff.actor, staff.role, "console-list",
                            [i["number"] for i in items])
    options = "".join(f'<option value="{k}"{" selected" if filters["status"] == k else ""}>{v}</option>'
                      for k, v in STATUS_NAMES.items())
    late_tag, sup_tag = ' <span class="tag late">超期</span>', ' <span class="tag sup">督办</span>'
    rows = "".join(
        f'<tr class="{"overdue" if i["overdue"] else ""}"><td><a href="/console/orders/{e(i["number"])}">{e(i["number"])}</a></td>'
        f'<td>{e(i["title"])}</td><td>{e(STATUS_NAMES.get(i["status"], i["status"]))}'
        f'{late_tag if i["overdue"] else ""}{sup_tag if i["supervised"] else ""}</td>'
        f'<td>{e(REQUEST_TYPE_NAMES.get(i["request_type"], ""))}</td><td>{e(i["category"].replace("/", " > "))}</td>'
        f'<td>{e(i["district"] or "")}</td><td>{e(i["handling_unit"])}</td><td>{e(i["sla_deadline"][:16].replace("T", " "))}</td></tr>'
        for i in items)
    body = (f'<section><form method="get" action="/console/"><label>状态 <select name="status"><option value="">全部</option>{options}'
            f'</select></label><label>分类 <input name="category" value="{e(filters["category"] or "")}" placeholder="城乡建设"></label>'
            f'<label>区县 <input name="district" value="{e(filters["district"] or "")}" size="8"></label>'
            f'<label><input type="checkbox" name="overdue" value="1"{" checked" if overdue else ""}> 只看超期</label>'
            f'<button type="submit">筛选</button></form></section>'
            f'<section><h2>工单队列（共{total}件，超期工单在前）</h2><table><thead><tr><th>工单号</th><th>标题</th><th>状态</th>'
            f'<th>类型</th><th>分类</th><th>区县</th><th>承办单位</th><th>答复期限</th></tr></thead><tbody>{rows}</tbody></table></section>')
    return page("工单队列", body, staff)


def _said(event: dict) -> str:
    """What an event says, for the history table: its note, and what it carried (the reply, the evaluation,
    what the citizen added, the mediation outcome, the route advised)."""
    data = event.get("data") or {}
    parts = [event.get("note") or ""]
    if data.get("reply") and data["reply"] != event.get("note"):
        parts.append(f"答复：{data['reply']}")
    if data.get("evaluation"):
        parts.append(f"评价：{data['evaluation']}")
    if data.get("text") and data["text"] != event.get("note"):
        parts.append(f"补充：{data['text']}")
    if data.get("outcome"):
        parts.append("调解未成功" if data["outcome"] == "failed" else "调解成功")
    if data.get("route"):
        parts.append(f"建议途径：{ROUTE_NAMES.get(data['route'], data['route'])}")
    if data.get("unit") and event.get("action") == "assign":
        parts.append(f"承办单位：{data['unit']}")
    return "；".join(p for p in parts if p)


def _action_form(number: str, action: str, csrf: str, version: int, units: list[str]) -> str:
    name = ACTION_NAMES.get(action, action)
    fields = ""
    if action == "assign":
        fields = '<input name="unit" list="units" placeholder="承办单位" required><datalist id="units">' + \
                 "".join(f"<option value=\"{e(u)}\">" for u in units) + "</datalist>"
    elif action == "reply":
        fields = '<textarea name="reply" placeholder="答复内容" required></textarea>'
    elif action == "evaluate":
        fields = "<select name=\"evaluation\">" + "".join(f"<option>{v}</option>" for v in EVALUATIONS) + "</select>"
    elif action == "mediate":
        fields = '<select name="outcome"><option value="failed">调解未成功</option><option value="succeeded">调解成功</option></select>'
    elif action == "advise":
        fields = "<select name=\"route\">" + "".join(f'<option value="{k}">{v}</option>' for k, v in ROUTE_NAMES.items()) + "</select>"
    note_required = " required" if action in ("return", "reopen") else ""
    return (f'<form method="post" action="/console/orders/{e(number)}/events" class="action">'
            f'<input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="action" value="{action}">'
            f'<input type="hidden" name="expected_version" value="{version}">{fields}'
            f'<input name="note" placeholder="说明" size="30"{note_required}> <button type="submit" name="do" value="{action}">{e(name)}</button></form>')


@signed_in
async def order_page(request: web.Request) -> web.Response:
    staff: Staff = request["staff"]
    number = request.match_info["number"].upper()
    record = await asyncio.to_thread(request.app["orders"].get, number)
    if record is None:
        raise web.HTTPNotFound(text=f"没有工单 {number}")
    if staff.role == "handling_unit" and record["handling_unit"] != staff.unit:
        raise web.HTTPForbidden(text="该工单不由您的单位承办")
    await asyncio.to_thread(request.app["audit"].record, staff.actor, staff.role, "console-read", [number])
    view = for_role(record, staff.role, with_transcript=True)
    csrf = csrf_token(request.app["secret"], request["session"])
    message = request.query.get("msg", "")
    loc = view["location"]
    place = "".join(p for p in (loc["city"], loc["district"], loc["street"], loc["address"]) if p) or loc.get("text") or ""
    history = "".join(f'<tr><td>{h["seq"]}</td><td>{e((h["at"] or "")[:16].replace("T", " "))}</td>'
                      f'<td>{e(ACTION_NAMES.get(h["action"], h["action"]))}</td><td>{e(STATUS_NAMES.get(h["status_after"], h["status_after"]))}</td>'
                      f'<td>{e(h["actor"])}</td><td class="msg">{e(_said(h))}</td></tr>' for h in view["history"])
    transcript = "".join(f'<p class="msg {"bot" if t["speaker"] == "bot" else ""}"><b>{"助手" if t["speaker"] == "bot" else "市民"}：</b>'
                         f'{e(t["text"])}</p>' for t in view.get("transcript") or []) or "<p>（无对话记录）</p>"
    actions = "".join(_action_form(number, a, csrf, view["version"], request.app["units"])
                      for a in allowed_actions(staff.role, view["status"]))
    c = view["citizen"]
    reply = f"<p>最新答复：{e(view['latest_reply'])}</p>" if view["latest_reply"] else ""
    body = (f'<p><a href="/console/">← 返回队列</a></p>{f"<p class=error>{e(message)}</p>" if message else ""}'
            f'<section><h2>{e(number)} · {e(view["title"])}</h2>'
            f'<p>状态：<b>{e(STATUS_NAMES.get(view["status"], view["status"]))}</b>{" · 已督办" if view["supervised"] else ""}'
            f' · 类型：{e(REQUEST_TYPE_NAMES.get(view["request_type"], ""))} · 分类：{e(view["category"]["level1"])} &gt; '
            f'{e(view["category"]["level2"])} &gt; {e(view["category"]["level3"])}</p>'
            f'<p>承办单位：{e(view["handling_unit"])} · 答复期限：{e(view["sla_deadline"][:16].replace("T", " "))}</p>'
            f'<p>地点：{e(place)} · 时间：{e(view["occurred"]["text"] or "")}</p>'
            f'<p>市民：{e(c["name"] or "匿名")} · 电话：{e(c["phone"] or "未留")}{" · 要求保密" if c["confidential"] else ""}</p>'
            f'<p class="msg">{e(view["description"])}</p>'
            f'{reply}</section>'
            f'<section><h3>可执行的操作</h3>{actions or "<p>您的角色在当前状态下没有可执行的操作。</p>"}</section>'
            f'<section><h3>办理记录</h3><table><thead><tr><th>#</th><th>时间</th><th>操作</th><th>状态</th><th>操作人</th>'
            f'<th>说明</th></tr></thead><tbody>{history}</tbody></table></section>'
            f'<section><h3>受理对话</h3>{transcript}</section>')
    return page(number, body, staff)


@signed_in
async def order_event(request: web.Request) -> web.StreamResponse:
    staff: Staff = request["staff"]
    number = request.match_info["number"].upper()
    form = await request.post()
    check_csrf(request, form)
    action = str(form.get("action", ""))
    data: dict[str, Any] = {k: str(form[k]) for k in ("unit", "reply", "evaluation", "outcome", "route")
                            if form.get(k)}
    try:
        version = int(form.get("expected_version", 0)) or None
        record = await asyncio.to_thread(request.app["orders"].get, number)
        if record is None:
            raise KeyError(number)
        if staff.role == "handling_unit" and record["handling_unit"] != staff.unit:
            raise PermissionDenied("该工单不由您的单位承办")
        await asyncio.to_thread(request.app["orders"].apply, number, action, actor=staff.actor, role=staff.role,
                                note=str(form.get("note", "")) or None, data=data, unit=staff.unit,
                                expected_version=version)
        await asyncio.to_thread(request.app["audit"].record, staff.actor, staff.role, action, [number],
                                str(form.get("note", "")))
        request.app["wake_relay"].set()
        message = f"已{ACTION_NAMES.get(action, action)}"
    except ConflictError:
        message = "工单刚被他人更新，请核对后重试。"
    except (TransitionError, PermissionDenied, DraftError, ValueError, KeyError) as err:
        message = f"操作未执行：{err}"
    raise web.HTTPFound(f"/console/orders/{number}?" + urlencode({"msg": message}))


async def root(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/console/")


def routes(app: web.Application) -> None:
    app.router.add_get("/", root)
    app.router.add_get("/console/login", login_form)
    app.router.add_post("/console/login", login)
    app.router.add_get("/console/logout", logout)
    app.router.add_get("/console/", queue)
    app.router.add_get("/console/orders/{number}", order_page)
    app.router.add_post("/console/orders/{number}/events", order_event)
