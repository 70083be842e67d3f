import cProfile
import pstats
import time

import pytest

from bench.measure_django import step_form

pytestmark = pytest.mark.django_db


def test_prof(client, edition):
    r = client.post("/zelfscan/", {"scope": edition.pk})
    step = r["Location"].rstrip("/") + "/stap/1/"
    html = client.get(step).content.decode()
    form = dict(step_form(html, ticks=5))
    for _ in range(5):
        client.post(step, form, HTTP_X_REQUESTED_WITH="fetch")
    t = time.perf_counter()
    for _ in range(100):
        client.post(step, form, HTTP_X_REQUESTED_WITH="fetch")
    print("\nplain ms per save", (time.perf_counter() - t) * 10)
    t = time.perf_counter()
    for _ in range(100):
        client.get(step)
    print("\nplain ms per step GET", (time.perf_counter() - t) * 10)
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(100):
        client.post(step, form, HTTP_X_REQUESTED_WITH="fetch")
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(
        r"work/main/(checklists|framework_pages|home|portal)|middleware|forms/forms", 40
    )
