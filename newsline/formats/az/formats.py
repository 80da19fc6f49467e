from django.utils.translation import pgettext_lazy

# The news line's numeric time, e.g. "14:05 23.04.2024" (DESIGN invariant 2).
SHORT_DATETIME_FORMAT = "H:i d.m.Y"
DATETIME_FORMAT = "H:i d.m.Y"
# A day in words, e.g. "23 aprel 2024". Azerbaijani writes a month in lower case inside a
# date, but Django's az catalog capitalises both F and E ("23 Aprel 2024"), so our catalog
# (LOCALE_PATHS wins over Django's) overrides E's "alt. month" names. These markers keep
# makemessages from dropping those entries as obsolete; get_format() never reads them.
DATE_FORMAT = "j E Y"
_MONTHS_IN_A_DATE = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
