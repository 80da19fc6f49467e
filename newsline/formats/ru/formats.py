# The news line's numeric time, e.g. "14:05 23.04.2024" (DESIGN invariant 2).
SHORT_DATETIME_FORMAT = "H:i d.m.Y"
DATETIME_FORMAT = "H:i d.m.Y"
# A day in words, e.g. "23 апреля 2024": E is the month in the genitive.
DATE_FORMAT = "j E Y"
