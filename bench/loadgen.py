"""Drive load with wrk (Debian's package), or a small threaded Python client without it."""

import http.client
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse

from .server import BenchError, require_loopback

# wrk prints its own summary; this done() adds the percentiles it does not (p95), in µs.
DONE_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH p50=%d p95=%d p99=%d requests=%d duration_us=%d "
    .. "status_errors=%d socket_errors=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
"""

# The save POST: each connection posts to its own assessment, like separate people would.
POST_LUA = """
local paths = {%(paths)s}
local counter = 0
wrk.method = "POST"
wrk.body = %(body)s
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = %(cookie)s
wrk.headers["X-Requested-With"] = "fetch"
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""

BENCH_LINE = re.compile(r"^BENCH (.*)$", re.MULTILINE)
REQUESTS_PER_SEC = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def lua_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def post_script(paths, body, cookie):
    return POST_LUA % {
        "paths": ", ".join(lua_string(p) for p in paths),
        "body": lua_string(body),
        "cookie": lua_string(cookie),
    }


def parse_wrk(output):
    """wrk's output (with DONE_LUA) → req/s, p50/p95/p99 in ms, requests and errors."""
    line = BENCH_LINE.search(output)
    rate = REQUESTS_PER_SEC.search(output)
    if line is None or rate is None:
        raise ValueError("Onverwachte uitvoer van wrk:\n" + output[-1000:])
    values = dict(pair.split("=", 1) for pair in line.group(1).split())
    non_2xx = NON_2XX.search(output)
    return {
        "rps": float(rate.group(1)),
        "p50_ms": int(values["p50"]) / 1000,
        "p95_ms": int(values["p95"]) / 1000,
        "p99_ms": int(values["p99"]) / 1000,
        "requests": int(values["requests"]),
        "errors": int(values["socket_errors"]) + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def find_wrk():
    """wrk on PATH, or installed from Debian when we are root; None means the Python client."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk installeren (Debian-pakket)...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            env=env,
            capture_output=True,
            timeout=180,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    return shutil.which("wrk")


class Wrk:
    name = "wrk"

    def __init__(self, path, connections=16, threads=2, duration=10):
        self.path, self.connections, self.threads, self.duration = (
            path,
            connections,
            threads,
            duration,
        )

    def run(self, url, script=""):
        require_loopback(urllib.parse.urlsplit(url).hostname)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(script + DONE_LUA)
        try:
            done = subprocess.run(
                [
                    self.path,
                    f"-t{self.threads}",
                    f"-c{self.connections}",
                    f"-d{self.duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    lua.name,
                    url,
                ],
                capture_output=True,
                text=True,
                timeout=self.duration + 30,
            )
        finally:
            os.unlink(lua.name)
        if done.returncode != 0:
            raise BenchError(f"wrk mislukte: {done.stderr[-500:]}")
        return parse_wrk(done.stdout)


class PythonClient:
    """Fallback: one thread per connection with keep-alive where the server allows it."""

    name = "python"

    def __init__(self, connections=16, threads=2, duration=10):
        self.connections, self.duration = connections, duration

    def run(self, url, method="GET", bodies=None, headers=None):
        parts = urllib.parse.urlsplit(url)
        require_loopback(parts.hostname)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        latencies, errors, lock = [], [0], threading.Lock()
        deadline = time.monotonic() + self.duration

        def worker(number):
            conn = None
            own, bad = [], 0
            body_path, body = (bodies[number % len(bodies)]) if bodies else (path, None)
            while time.monotonic() < deadline:
                try:
                    conn = conn or http.client.HTTPConnection(
                        parts.hostname, parts.port, timeout=10
                    )
                    started = time.perf_counter()
                    conn.request(method, body_path, body=body, headers=headers or {})
                    response = conn.getresponse()
                    response.read()
                    own.append(time.perf_counter() - started)
                    if response.status >= 400:
                        bad += 1
                    if response.will_close:
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException):
                    bad += 1
                    conn = None
            with lock:
                latencies.extend(own)
                errors[0] += bad

        started = time.monotonic()
        workers = [threading.Thread(target=worker, args=(n,)) for n in range(self.connections)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(timeout=self.duration + 20)
        elapsed = time.monotonic() - started
        return summarize(latencies, elapsed, errors[0])


def summarize(latencies, elapsed, errors):
    if len(latencies) < 2:
        raise BenchError("Te weinig geslaagde verzoeken om iets te meten.")
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "rps": round(len(latencies) / elapsed, 2),
        "p50_ms": round(cuts[49] * 1000, 3),
        "p95_ms": round(cuts[94] * 1000, 3),
        "p99_ms": round(cuts[98] * 1000, 3),
        "requests": len(latencies),
        "errors": errors,
    }
