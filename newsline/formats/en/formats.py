# The news line's numeric time, e.g. "14:05 23.04.2024" (DESIGN invariant 2).
SHORT_DATETIME_FORMAT = "H:i d.m.Y"
DATETIME_FORMAT = "H:i d.m.Y"
# A day in words, e.g. "23 April 2024".
DATE_FORMAT = "j F Y"
