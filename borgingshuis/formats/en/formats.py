# One way to write a date everywhere, in Dutch and English alike: "1 maart 2027",
# "1 March 2027" (Django's English default is "March 1, 2027"). Templates that name a
# format use these same ones; tests/borgingshuis/test_dates.py keeps it that way.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
