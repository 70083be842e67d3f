"""Wagtail's revision comparison of the task matrix: a task that changed cell is "verplaatst"."""
