"""Dates: the deadline grammar, business days, the schedule, iCalendar, deadlines in words."""
