"""Calendars: the dated things a person may see across their reviews, as a month list and a personal iCalendar feed."""
