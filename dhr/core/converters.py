"""URL converters."""

from werkzeug.routing import IntegerConverter

INT32_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` limited to 1..2^31-1: a larger id cannot exist, and must be 'not found', not a database error."""

    def __init__(self, map, fixed_digits=0, min=1, max=INT32_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
