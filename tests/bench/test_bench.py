"""The benchmark's own logic, without load: wrk's output, the table, loopback only."""

import pytest

from bench.loadgen import parse_wrk, post_script
from bench.report import table, with_ratios
from bench.server import BenchError, Gunicorn, free_port, require_loopback
from bench.web import Session

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:41234/editie-2025/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    42.10ms    8.31ms 153.22ms   91.02%
    Req/Sec   188.51     21.40   240.00     70.50%
  3772 requests in 10.01s, 25.31MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    376.84
Transfer/sec:      2.53MB
BENCH p50=40996 p95=53306 p99=64212 requests=3772 duration_us=10010012 status_errors=3 socket_errors=1
"""


def test_wrk_output_gives_rate_percentiles_in_ms_and_errors():
    result = parse_wrk(WRK_OUTPUT)
    assert result == {
        "rps": 376.84,
        "p50_ms": 40.996,
        "p95_ms": 53.306,
        "p99_ms": 64.212,
        "requests": 3772,
        "errors": 4,  # 3 non-2xx/3xx responses and 1 socket error
    }


def test_wrk_output_without_our_summary_is_refused():
    with pytest.raises(ValueError, match="Onverwachte uitvoer van wrk"):
        parse_wrk("Requests/sec: 12.0\n")


def test_ratio_to_static_ceiling_and_table():
    rows = with_ratios(
        [
            {"name": "home", "label": "startpagina", "path": "/", "rps": 300.0,
             "p50_ms": 40.0, "p95_ms": 50.5, "p99_ms": 60.0, "queries": 0, "queries_cold": 8},
            {"name": "step", "label": "stap", "path": "/zelfscan/<token>/stap/1/", "rps": 15.0,
             "p50_ms": 900.0, "p95_ms": 1000.0, "p99_ms": 1100.0, "queries": 7, "queries_cold": 7},
            {"name": "static", "label": "statisch", "path": "/static/css/portal.css",
             "rps": 600.0, "p50_ms": 20.0, "p95_ms": 30.0, "p99_ms": 35.0, "queries": 0},
        ]
    )  # fmt: skip
    assert [r["ratio"] for r in rows] == [0.5, 0.025, 1.0]
    lines = table(rows).splitlines()
    assert lines[0] == "| URL | req/s | p50 ms | p95 ms | p99 ms | queries | vs static |"
    assert lines[2] == "| startpagina `/` | 300.0 | 40.0 | 50.5 | 60.0 | 0 (8) | 0.500 |"
    assert lines[3].endswith("| 7 | 0.025 |")


def test_the_ceiling_is_the_better_of_the_static_file_before_and_after():
    """A burst of other load while the static file was measured last must not flatter the
    pages: the ceiling is the higher of its two measurements."""
    rows = with_ratios(
        [
            {"name": "static_first", "rps": 800.0},
            {"name": "step", "rps": 40.0},
            {"name": "static", "rps": 200.0},
        ]
    )
    assert [r["ratio"] for r in rows] == [1.0, 0.05, 0.25]


def test_without_a_static_row_there_is_no_ratio():
    rows = with_ratios([{"name": "home", "rps": 10.0}])
    assert rows[0]["ratio"] is None


def test_post_script_escapes_the_form_body_for_lua():
    script = post_script(["/zelfscan/a/stap/1/"], 'a=1&b="x"', "csrftoken=abc")
    assert 'wrk.body = "a=1&b=\\"x\\""' in script
    assert '"/zelfscan/a/stap/1/"' in script


@pytest.mark.parametrize("host", ["10.0.0.5", "192.168.1.10", "0.0.0.0", "example.org", "::"])
def test_server_helpers_refuse_non_loopback_hosts(host):
    with pytest.raises(BenchError, match="alleen op loopback"):
        require_loopback(host)
    with pytest.raises(BenchError):
        Gunicorn({}, host=host)
    with pytest.raises(BenchError):
        Session(f"http://{host}:8000")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_are_accepted(host):
    assert require_loopback(host) == host


def test_free_port_is_on_loopback():
    assert 1024 < free_port() < 65536


def test_python_fallback_client_measures_a_loopback_server():
    """Without wrk the benchmark still measures: rate, percentiles, and failed responses."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bench.loadgen import PythonClient

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - http.server's name
            status = 404 if self.path == "/missing" else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = PythonClient(connections=2, duration=1)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = client.run(base + "/")
        assert result["requests"] > 10 and result["errors"] == 0
        assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
        assert client.run(base + "/missing")["errors"] > 0
    finally:
        server.shutdown()
        server.server_close()
