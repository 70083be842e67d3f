"""Queries that private pages run on every request, compiled once per process and thread.

The ORM builds and compiles a queryset anew on every call. For the few queries that every
self-assessment page runs (the assessment by its token, the scan's answers), that took several
times as long as running them: 0.3–0.4 ms against 0.03–0.06 ms on SQLite. ``prepared`` builds
the queryset once with stand-in arguments, keeps the SQL Django compiled from it, and runs that
SQL with the real arguments: rows as the queryset would give them (with the fields' own
converters), or model instances made as Django's ModelIterable makes them. A queryset whose arguments cannot be
told apart in its parameters is run through the ORM as usual.
"""

import functools
import threading

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models.query import ModelIterable, ValuesListIterable

_NOT_PREPARABLE = object()


def _stand_in(index, value):
    """A value of the argument's type that no real argument or constant has."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):  # within every integer field's range, positive ones' too
        return 2_147_480_000 + index
    if isinstance(value, str):
        return f"\x00prepared-argument-{index}"
    return None


class prepared:
    """``@prepared`` on ``build(*args) -> QuerySet`` (a ``values_list`` or a model queryset):
    calling it returns the rows (a list) for ``args``."""

    def __init__(self, build):
        self.build = build
        self.local = threading.local()  # a compiler belongs to its thread's connection
        functools.update_wrapper(self, build)

    def __call__(self, *args):
        compiled = getattr(self.local, "compiled", None)
        if compiled is None:
            compiled = self.local.compiled = self._compile(args)
        if compiled is _NOT_PREPARABLE:
            return list(self.build(*args))
        queryset, compiler, sql, slots, converters, instances = compiled
        params = [args[slot] if isinstance(slot, int) else slot.value for slot in slots]
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        return rows if instances is None else instances(rows)

    def _compile(self, args):
        stand_ins = [_stand_in(index, value) for index, value in enumerate(args)]
        if any(value is None for value in stand_ins):
            return _NOT_PREPARABLE
        queryset = self.build(*stand_ins)
        if queryset._iterable_class not in (ValuesListIterable, ModelIterable):
            return _NOT_PREPARABLE
        compiler = queryset.query.get_compiler(connection=connections[queryset.db])
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):  # the stand-ins decided the query
            return _NOT_PREPARABLE
        slots = []
        for param in params:
            matches = [i for i, value in enumerate(stand_ins) if param == value]
            slots.append(matches[0] if matches else _Constant(param))
        if sorted({s for s in slots if isinstance(s, int)}) != list(range(len(args))):
            return _NOT_PREPARABLE  # an argument did not arrive as one parameter
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(fields)
        instances = None
        if queryset._iterable_class is ModelIterable:
            if compiler.klass_info.get("related_klass_infos"):
                return _NOT_PREPARABLE  # select_related: the ORM's own iterable
            instances = _model_rows(queryset, compiler)
        return queryset, compiler, sql, slots, converters, instances


def _model_rows(queryset, compiler):
    """Rows → instances as ModelIterable makes them (its fields, then its annotations)."""
    model, db = queryset.model, queryset.db
    select_fields = compiler.klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    names = [column[0].target.attname for column in compiler.select[start:end]]
    annotations = list(compiler.annotation_col_map.items())

    def instances(rows):
        made = []
        for row in rows:
            instance = model.from_db(db, names, row[start:end])
            for name, position in annotations:
                setattr(instance, name, row[position])
            made.append(instance)
        return made

    return instances


class _Constant:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value
