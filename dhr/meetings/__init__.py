"""Panel meetings: date, agenda with decisions, attendance, minutes and actions."""
