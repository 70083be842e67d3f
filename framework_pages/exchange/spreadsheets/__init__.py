"""Competencies and task items of one edition as spreadsheets (CSV, XLSX): export and import.

``files`` reads and writes the files safely, ``competencies`` and ``tasks`` map the rows, and
``reports`` says per row what an import would do.
"""
