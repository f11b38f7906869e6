"""`make run`: Redis (private, under var/, unless REDIS_URL is set), the action server and Rasa."""
from __future__ import annotations

import os
import signal
import sys
import threading

from stack.processes import (
    ROOT,
    internal_bind,
    rasa_auth_token,
    start_action_server,
    start_backoffice,
    start_rasa,
    start_redis,
)


def main() -> int:
    var = ROOT / "var"
    logs = var / "log"
    rasa_port = int(os.environ.get("RASA_PORT", 5005))
    actions_port = int(os.environ.get("ACTION_SERVER_PORT", 5055))
    backoffice_port = int(os.environ.get("BACKOFFICE_PORT", 8001))
    procs = []
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        redis_url = os.environ.get("REDIS_URL")
        if not redis_url:
            redis_port = int(os.environ.get("HOTLINE_REDIS_PORT", 6390))
            print(f"starting a private Redis server on 127.0.0.1:{redis_port} (data in var/redis)")
            procs.append(start_redis(redis_port, var / "redis", logs))
            redis_url = procs[-1].url
        env = {"REDIS_URL": redis_url, "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook"}
        print(f"starting the action server on port {actions_port}")
        procs.append(start_action_server(actions_port, env, logs))
        print(f"starting the back office on port {backoffice_port}")
        procs.append(start_backoffice(backoffice_port, env, logs))
        print(f"starting Rasa on port {rasa_port} (loading the model takes about half a minute)")
        procs.append(start_rasa(rasa_port, env, logs, token=rasa_auth_token(var)))
        db = os.environ.get("HOTLINE_DATABASE_URL", f"sqlite:///{var / 'hotline.db'}")
        print(f"""
hotline-intake is running:
  Rasa REST channel  http://localhost:{rasa_port}/webhooks/rest/webhook
                     curl -s localhost:{rasa_port}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                       -d '{{"sender": "demo", "message": "小区门口的路灯坏了一个星期了"}}'
  Rasa HTTP API      http://localhost:{rasa_port}/   (token: var/rasa-auth-token or RASA_AUTH_TOKEN;
                     e.g. curl -H "Authorization: Bearer $(cat var/rasa-auth-token)" localhost:{rasa_port}/status)
  action server      http://{internal_bind()}:{actions_port}/health   (internal: HOTLINE_BIND, default 127.0.0.1)
  back office        http://{internal_bind()}:{backoffice_port}/console/   (sign in with a token:
                     .venv/bin/python -m hotline token --role dispatcher)
  staff API          http://{internal_bind()}:{backoffice_port}/api/v1/openapi.json
  Open311            http://{internal_bind()}:{backoffice_port}/open311/v2/requests.json
  Redis              {redis_url}
  work orders        {db}
  logs               var/log/
Press Ctrl-C to stop.""", flush=True)
        while not stop.is_set():
            for p in procs:
                if not p.alive():
                    print(f"{p.name} stopped unexpectedly; see {p.log_path}", file=sys.stderr)
                    return 1
            stop.wait(1)
    except KeyboardInterrupt:
        pass
    except (RuntimeError, TimeoutError) as e:
        print(f"could not start: {e}", file=sys.stderr)
        return 1
    finally:
        print("stopping...", flush=True)
        for p in reversed(procs):
            p.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
