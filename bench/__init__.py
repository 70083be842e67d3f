"""``make bench``: throughput, latency and queries per request of the portal under gunicorn.

Everything runs on 127.0.0.1 against a throwaway database (SQLite under bench/results/, or a
PostgreSQL database created and dropped again with ``--scale-out``); the servers it starts are
always stopped. See docs/running-at-scale.md.
"""
