"""A task that an editor moves to another cell of the matrix stays the same item for a
self-assessment in progress: the tick stays on it, and the result counts it in its new cell."""

import pytest

from checklists.forms import field_names
from framework_pages.items import TASK, section_items

from ..framework_pages.factories import move_task
from .conftest import page_form, tick_data

pytestmark = pytest.mark.django_db


def test_a_tick_in_progress_stays_on_a_task_moved_to_another_cell(
    client, section, start_assessment
):
    token = start_assessment(section)
    task = next(i for i in section_items(section) if i.type == TASK and i.level == "uitvoerend")
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={task.uid}))

    move_task(section, task.uid, "tactisch_strategisch", "aanvullend")
    section.refresh_from_db()
    moved = next(i for i in section_items(section) if i.uid == task.uid)
    assert (moved.level, moved.kind) == ("tactisch_strategisch", "aanvullend")

    # The step shows the moved task ticked, as the coordinator left it.
    fields, _checkboxes = page_form(client.get(f"/zelfscan/{token}/stap/1/").content.decode())
    tick, _development = field_names(moved)
    assert fields.get(tick) == "on"
