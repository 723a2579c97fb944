"""Who did it, when it was not a signed-in person."""

from types import SimpleNamespace

# Services record an actor; the command line has no user, so audit events show it plainly.
COMMAND_LINE = SimpleNamespace(id=None, name="The command line", email=None, partnership_id=None)
