"""Reads of the audit trail: the site-wide activity list and one object's history.

The activity list is one UNION ALL over every history table, ordered and paginated in
the database. The rows on a page are then loaded per model with their predecessor, so
a page costs a fixed number of queries however long the history is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast

from portal.audit.registry import AuditedModel, audited_models

HISTORY_TYPE_LABELS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class AuditEntry:
    history_id: int
    label: str
    model_name: str
    object_id: str
    object_repr: str
    date: dt.datetime
    action: str
    reason: str
    user: Any
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityFilter:
    person: str = ""
    model_label: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _base_rows(audited: AuditedModel, flt: ActivityFilter, people: Any) -> models.QuerySet:
    qs = audited.history_model.objects.all()
    if people is not None:
        qs = qs.filter(history_user_id__in=people)
    if flt.date_from:
        qs = qs.filter(history_date__date__gte=flt.date_from)
    if flt.date_to:
        qs = qs.filter(history_date__date__lte=flt.date_to)
    pk_name = audited.model._meta.pk.attname
    return (
        qs.annotate(
            # Prefixed: a history table may have fields called label or object_id itself.
            audit_label=Value(audited.label, output_field=CharField()),
            audit_object_id=Cast(pk_name, output_field=CharField()),
        )
        .values_list("history_id", "history_date", "audit_label", "audit_object_id")
        .order_by()
    )


def activity_queryset(flt: ActivityFilter) -> models.QuerySet:
    """Every recorded change matching the filter, newest first, as lightweight tuples."""
    registry = audited_models()
    targets = (
        [registry[flt.model_label]] if flt.model_label in registry else list(registry.values())
    )
    people = None
    if flt.person:
        people = (
            get_user_model()
            .objects.filter(Q(email__icontains=flt.person) | Q(full_name__icontains=flt.person))
            .values("pk")
        )
    parts = [_base_rows(a, flt, people) for a in targets]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-history_date", "-history_id")


def _tracked_fields(audited: AuditedModel) -> list[models.Field]:
    return [f for f in audited.history_model.tracked_fields if f.editable or f.name == "id"]


def _display(record: Any, fld: models.Field) -> Any:
    value = getattr(record, fld.attname)
    if fld.choices and value is not None:
        return dict(fld.flatchoices).get(value, value)
    return value


def _diff(audited: AuditedModel, record: Any, prev: Any | None) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for fld in _tracked_fields(audited):
        if fld.name in {"id", "created_at", "updated_at"}:
            continue
        new = getattr(record, fld.attname)
        old = getattr(prev, fld.attname) if prev is not None else None
        if prev is None and new in (None, ""):
            continue
        if prev is None or old != new:
            changes.append(
                FieldChange(
                    field=fld.name,
                    label=str(fld.verbose_name),
                    old=_display(prev, fld) if prev is not None else None,
                    new=_display(record, fld),
                )
            )
    return changes


def _m2m_changes(audited: AuditedModel, pairs: list[tuple[Any, Any | None]]) -> dict[int, list]:
    """Differences in many-to-many fields (for example a person's roles) per history id."""
    result: dict[int, list[FieldChange]] = defaultdict(list)
    m2m_fields = getattr(audited.history_model, "_history_m2m_fields", []) or []
    if not m2m_fields or not pairs:
        return result
    ids = {r.history_id for r, _ in pairs} | {p.history_id for _, p in pairs if p is not None}
    for m2m_field in m2m_fields:
        m2m_history = getattr(audited.history_model, m2m_field.name).model
        target_fk = next(
            f
            for f in m2m_history._meta.fields
            if f.is_relation and f.related_model is m2m_field.related_model
        )
        rows = m2m_history.objects.filter(history_id__in=ids).values_list(
            "history_id", target_fk.attname
        )
        sets: dict[int, set] = defaultdict(set)
        for history_id, target_id in rows:
            sets[history_id].add(target_id)
        all_targets = set().union(*sets.values()) if sets else set()
        names = {o.pk: str(o) for o in m2m_field.related_model.objects.filter(pk__in=all_targets)}
        for record, prev in pairs:
            new = sets.get(record.history_id, set())
            old = sets.get(prev.history_id, set()) if prev is not None else set()
            if new != old:
                result[record.history_id].append(
                    FieldChange(
                        field=m2m_field.name,
                        label=str(m2m_field.verbose_name),
                        old=", ".join(sorted(names.get(i, str(i)) for i in old)),
                        new=", ".join(sorted(names.get(i, str(i)) for i in new)),
                    )
                )
    return result


def _load_entries(audited: AuditedModel, history_ids: list[int]) -> dict[int, AuditEntry]:
    hm = audited.history_model
    pk_name = audited.model._meta.pk.attname
    previous = (
        hm.objects.filter(**{pk_name: OuterRef(pk_name)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(
        hm.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(prev_history_id=Subquery(previous))
    )
    prev_ids = [r.prev_history_id for r in records if r.prev_history_id]
    prevs = {p.history_id: p for p in hm.objects.filter(history_id__in=prev_ids)}
    pairs = [(r, prevs.get(r.prev_history_id)) for r in records]
    m2m = _m2m_changes(audited, pairs)
    entries: dict[int, AuditEntry] = {}
    for record, prev in pairs:
        changes = [] if record.history_type == "-" else _diff(audited, record, prev)
        changes.extend(m2m.get(record.history_id, []))
        entries[record.history_id] = AuditEntry(
            history_id=record.history_id,
            label=audited.label,
            model_name=audited.verbose_name,
            object_id=str(getattr(record, pk_name)),
            object_repr=_object_repr(audited, record),
            date=record.history_date,
            action=HISTORY_TYPE_LABELS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            user=record.history_user,
            changes=changes,
        )
    return entries


class _QueryBlocked(Exception):
    pass


def _refuse_query(*args: Any, **kwargs: Any) -> None:
    raise _QueryBlocked


def _object_repr(audited: AuditedModel, record: Any) -> str:
    """The object's name as it was, never paying a query for it.

    A __str__ that follows a relation would cost one query per row; such names fall
    back to "<model> #<id>".
    """
    instance = record.instance_type(
        **{f.attname: getattr(record, f.attname) for f in audited.history_model.tracked_fields}
    )
    try:
        with connection.execute_wrapper(_refuse_query):
            return str(instance)
    except Exception:
        return f"{audited.verbose_name} #{getattr(record, audited.model._meta.pk.attname)}"


def hydrate(rows: list[tuple]) -> list[AuditEntry]:
    """Turn the (history_id, date, label, object_id) rows of a page into full entries."""
    registry = audited_models()
    by_label: dict[str, list[int]] = defaultdict(list)
    for history_id, _date, label, _object_id in rows:
        by_label[label].append(history_id)
    loaded: dict[tuple[str, int], AuditEntry] = {}
    for label, ids in by_label.items():
        for history_id, entry in _load_entries(registry[label], ids).items():
            loaded[(label, history_id)] = entry
    return [loaded[(label, hid)] for hid, _d, label, _o in rows if (label, hid) in loaded]


def object_history_rows(audited: AuditedModel, object_id: str) -> models.QuerySet | None:
    """Every recorded change of one object, newest first (deleted objects included).

    Returns rows in the shape `hydrate` takes, or None when the id cannot be a key.
    """
    pk_name = audited.model._meta.pk.attname
    try:
        key = audited.model._meta.pk.to_python(object_id)
    except Exception:
        return None
    return (
        _base_rows(audited, ActivityFilter(), None)
        .filter(**{pk_name: key})
        .order_by("-history_date", "-history_id")
    )
