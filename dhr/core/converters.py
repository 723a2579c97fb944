"""URL converters."""

from werkzeug.routing import IntegerConverter, Map

INT32_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` limited to 1..2^31-1: a larger id cannot exist, and must be 'not found', not a database error."""

    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int | None = 1, max: int | None = INT32_MAX, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
