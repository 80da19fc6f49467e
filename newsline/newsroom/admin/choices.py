"""Choice fields and widgets that answer hostile ids with a form error, never a 500.

Django looks a submitted choice up by primary key and catches ValueError, but not the
OverflowError SQLite raises for a number wider than 64 bits (PostgreSQL raises a
DataError), nor does its autocomplete widget guard the lookup it makes to show the
choice again.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

MAX_ID_DIGITS = 18  # every id fits a signed 64-bit integer


def _is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not _is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                    params={"pk": pk},
                )  # fmt: skip
        return super()._check_values(value)


class _ShowsOnlyIds:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if _is_id(v)], attr)


class ImageSelect(_ShowsOnlyIds, AutocompleteSelect):
    """An autocomplete box (the media library's search) safe with a value that is not an id."""


class IdAutocompleteSelectMultiple(_ShowsOnlyIds, AutocompleteSelectMultiple):
    """Tags and authors: the same, for several values."""
