"""The audit log page: reading the trail that dhr.audit writes.

Kept apart from dhr.audit because every package records through audit, while this page lists the partnership's
users (dhr.users); together they would tie the lowest layer to the people packages in a loop."""
