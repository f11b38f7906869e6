"""Rasa's REST channel (/webhooks/rest/webhook) with the gate's door-keeping in front of the dialogue:
bad requests get a clear 400, a sender blocked for repeated abuse gets the block notice (rate-limited)
and is recorded, never silently dropped."""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from hotline.screening.gatekeeper import Gatekeeper

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 200


def bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=400)


class GatedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        self._gatekeeper: Gatekeeper | None = None

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
            try:
                body = request.json
            except Exception:
                return bad_request("body is not valid JSON")
            if not isinstance(body, dict):
                return bad_request("body must be a JSON object with 'sender' and 'message'")
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
                return bad_request(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
            if text is None:
                text = ""
            if not isinstance(text, str):
                return bad_request("'message' must be a string")
            text = text.replace("\x00", "")[:MAX_MESSAGE_CHARS]
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            channel = body.get("input_channel") if isinstance(body.get("input_channel"), str) else self.name()

            try:
                notice = self.gatekeeper.blocked_notice(sender, channel, text)
            except Exception:
                # Redis or SQL unreachable: fail open, so no citizen (and no emergency) is turned away
                log.exception("block check unavailable; message passed to the dialogue")
                notice = None
            if notice is not None:
                return response.json([{"recipient_id": sender, "text": notice}] if notice else [])

            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=channel,
                                                 metadata=metadata))
            except Exception:
                log.exception("rest channel: message from a sender could not be processed")
                return response.json([{"recipient_id": sender,
                                       "text": "抱歉，系统暂时繁忙，您的消息未能处理，请稍后再试或拨打12345。"}],
                                     status=503)
            return response.json(collector.messages)

        return bp
