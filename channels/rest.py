"""Rasa's REST channel (/webhooks/rest/webhook) with the gate's door-keeping in front of the dialogue.

- Every field is checked and bounded at the door: a clear 400 (or 413 for a body over the limit), never a
  database error later.
- A sender blocked for repeated abuse gets the block notice (rate-limited) and is recorded, never silently
  dropped.
- The message is screened here, once: the result travels with the message (metadata) to the NLU gate and the
  actions, which do not screen it again. An emergency is handed over to the 110/119/120/122 platforms here,
  before the dialogue runs, so the hand-over depends neither on the action server nor on Redis.
- A message over the length limit is cut, and the citizen is told so.

Redis and SQL calls run in worker threads: they must not block Sanic's event loop."""
from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import speedups
from hotline.logs import protect_logs
from hotline.screening.gatekeeper import Gatekeeper
from hotline.screening.screener import Screening, default_screener

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 200
MAX_METADATA_BYTES = 4096
CHANNEL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SENDER = re.compile(r"^[\w.:@\-]+$")


def bad_request(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


class GatedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        self._gatekeeper: Gatekeeper | None = None
        protect_logs()  # Rasa has configured logging before it creates the channels
        speedups.apply()
        default_screener()  # loaded now, not by the first citizen's request

    @property
    def gatekeeper(self) -> Gatekeeper:
        if self._gatekeeper is None:
            self._gatekeeper = Gatekeeper()
        return self._gatekeeper

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("hotline_rest_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            parsed = self.read(request)
            if isinstance(parsed, HTTPResponse):
                return parsed
            sender, text, channel, metadata, cut = parsed

            try:
                notice = await asyncio.to_thread(self.gatekeeper.blocked_notice, sender, channel, text)
            except Exception as e:
                # Redis or SQL unreachable: fail open, so no citizen (and no emergency) is turned away
                log.error("block check unavailable (%s); message passed to the dialogue", type(e).__name__)
                notice = None
            if notice is not None:
                return response.json([{"recipient_id": sender, "text": notice}] if notice else [])

            screened = await self.screen(sender, channel, text)
            metadata = {**(metadata or {}), **screened}
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=channel,
                                                 metadata=metadata))
            except Exception as e:
                log.error("rest channel: a message could not be processed (%s)", type(e).__name__)
                screening = screened.get("hotline_screening") or {}
                if screening.get("verdict") == "emergency" and screening.get("notice"):
                    # the dialogue is down (its tracker store, say): the emergency notice still goes out
                    return response.json([{"recipient_id": sender, "text": screening["notice"]}], status=503)
                return response.json([{"recipient_id": sender,
                                       "text": "抱歉，系统暂时繁忙，您的消息未能处理，请稍后再试或拨打12345。"}],
                                     status=503)
            messages = collector.messages
            if cut:
                notice = default_screener().policy.notices["too_long"].format(chars=MAX_MESSAGE_CHARS)
                messages = [{"recipient_id": sender, "text": notice}] + messages
            return response.json(messages)

        return bp

    @staticmethod
    def read(request: Request) -> HTTPResponse | tuple[str, str, str, dict | None, bool]:
        """The request's fields, checked and bounded, or the response that refuses it."""
        if len(request.body or b"") > MAX_BODY_BYTES:
            return bad_request(f"the body is larger than {MAX_BODY_BYTES} bytes", status=413)
        try:
            body = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            return bad_request("body is not valid JSON")
        if not isinstance(body, dict):
            return bad_request("body must be a JSON object with 'sender' and 'message'")
        sender, text = body.get("sender"), body.get("message")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS \
                or not SENDER.match(sender):
            return bad_request(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} letters, digits "
                               "or . : @ - _")
        if text is None:
            text = ""
        if not isinstance(text, str):
            return bad_request("'message' must be a string")
        channel = body.get("input_channel", "rest")
        if not isinstance(channel, str) or not CHANNEL_NAME.match(channel):
            return bad_request("'input_channel' must be a lower-case name of at most 40 characters")
        metadata = body.get("metadata")
        if metadata is not None:
            if not isinstance(metadata, dict):
                return bad_request("'metadata' must be a JSON object")
            if len(json.dumps(metadata, ensure_ascii=False).encode()) > MAX_METADATA_BYTES:
                return bad_request(f"'metadata' must be at most {MAX_METADATA_BYTES} bytes")
            # what the channel itself adds cannot come from outside
            metadata = {k: v for k, v in metadata.items() if not str(k).startswith("hotline_")}
        text = text.replace("\x00", "")
        cut = len(text) > MAX_MESSAGE_CHARS
        return sender, text[:MAX_MESSAGE_CHARS], channel, metadata, cut

    async def screen(self, sender: str, channel: str, text: str) -> dict[str, Any]:
        """Screens the message once and hands an emergency over at once; what it found travels as metadata."""
        try:
            s: Screening = await asyncio.to_thread(default_screener().screen, text)
        except Exception as e:  # never keep a message from the dialogue: the NLU gate screens it then
            log.error("screening failed in the channel (%s)", type(e).__name__)
            return {}
        out: dict[str, Any] = {"hotline_screening": s.as_dict(), "hotline_screened_text": text}
        if s.verdict == "emergency":
            try:
                await asyncio.to_thread(self.gatekeeper.hand_over, sender, channel, text, s)
                out["hotline_handed_over"] = True
            except Exception as e:  # the action server tries again
                log.error("emergency hand-over failed in the channel (%s)", type(e).__name__)
        return out
