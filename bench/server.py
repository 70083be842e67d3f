"""Start and stop gunicorn on loopback with production settings; run Django commands."""

import ipaddress
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LOOPBACK_NAMES = {"localhost"}


class BenchError(Exception):
    pass


def require_loopback(host):
    """The benchmark only ever loads this machine: refuse any other address."""
    if host in LOOPBACK_NAMES:
        return host
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise BenchError(f"De benchmark draait alleen op loopback (127.0.0.1), niet op {host!r}.")


def free_port(host="127.0.0.1"):
    require_loopback(host)
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def production_env(database_url, redis_url="", cache_prefix="bench"):
    """Production settings, but plain http on loopback and a fresh secret key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_DEBUG="false",
        DATABASE_URL=database_url,
        CACHE_KEY_PREFIX=cache_prefix,
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, timeout=300):
    """Run a manage.py command; its output only shown when it fails."""
    return run([sys.executable, "manage.py", *args], env, timeout)


def run(cmd, env, timeout):
    try:
        done = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{' '.join(cmd[1:])} duurde langer dan {timeout} s.") from exc
    if done.returncode != 0:
        raise BenchError(f"{' '.join(cmd[1:])} mislukte:\n{done.stderr[-3000:]}")
    return done.stdout


class Gunicorn:
    """One gunicorn master with sync workers on host:port; a context manager that always stops."""

    def __init__(self, env, host="127.0.0.1", port=None, workers=2, log_path=None):
        self.host = require_loopback(host)
        self.port = port or free_port(host)
        self.env, self.workers, self.log_path = env, workers, log_path
        self.process = None
        self._log = None

    @property
    def base_url(self):
        return f"http://{self.host}:{self.port}"

    def start(self, ready_timeout=60):
        self._log = open(self.log_path or os.devnull, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"{self.host}:{self.port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                # Its default path is per user: two instances on one host would share it.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it ourselves
        )
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopte meteen (zie {self.log_path}).")
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise BenchError(f"gunicorn antwoordde niet binnen {ready_timeout} s op {self.base_url}.")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
