"""Every row of the given models as plain JSON values, for comparing two installations.

Read field by field through the ORM (not through the backup's serializer, which it checks).
Content types, permissions and groups are compared by natural key, the ids their databases
gave them being of no interest; every other row keeps its primary key.
"""

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.db.models.fields.files import FieldFile

from newsline.server.backup import NATURAL_PRIMARY


def canonical_rows(labels: list[str]) -> dict[str, list[dict]]:
    return {label: _rows(apps.get_model(label)) for label in labels}


def _rows(model) -> list[dict]:
    natural = model._meta.label_lower in NATURAL_PRIMARY
    rows = []
    for obj in model._base_manager.order_by("pk"):
        row = {}
        for field in model._meta.concrete_fields:
            if natural and field.primary_key:
                continue
            value = getattr(obj, field.attname)
            if field.is_relation and value is not None and _is_natural(field.related_model):
                value = getattr(obj, field.name).natural_key()
            row[field.name] = _plain(value)
        for field in model._meta.many_to_many:
            related = getattr(obj, field.name).all()
            if _is_natural(field.related_model):
                row[field.name] = sorted(_plain(r.natural_key()) for r in related)
            else:
                row[field.name] = sorted(r.pk for r in related)
        rows.append(row)
    # A round trip through JSON, so both sides compare lists with lists.
    return sorted(json.loads(json.dumps(rows)), key=lambda r: json.dumps(r, sort_keys=True))


def _is_natural(model) -> bool:
    return model._meta.label_lower in NATURAL_PRIMARY


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
