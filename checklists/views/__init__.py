"""The self-assessment's pages, one module per part of the journey (see ../urls.py)."""
