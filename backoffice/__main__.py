"""`python -m backoffice`: the back office on BACKOFFICE_PORT (8001), listening on HOTLINE_BIND (127.0.0.1)."""
from __future__ import annotations

import logging
import os

from aiohttp import web

from backoffice.app import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    web.run_app(create_app(), host=os.environ.get("HOTLINE_BIND", "127.0.0.1"),
                port=int(os.environ.get("BACKOFFICE_PORT", 8001)), access_log=None)


if __name__ == "__main__":
    main()
