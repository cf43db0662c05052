"""What templates may touch: inert, read-only copies of the agreement, never model objects.

A user's template is code from a stranger. A pydantic model handed to it carries
methods (``parse_raw(..., allow_pickle=True)`` unpickles, ``parse_file`` reads any
file, ``model_copy`` and friends build new objects), so templates get a
:class:`Record` instead: named fields and nothing else. Collections become tuples and
read-only mappings, dates stay ``datetime.date`` (whose few useful attributes the
sandbox allows), and the helpers templates call are :class:`Helper` objects that take
records back, unwrap them for workagree's own code, and return inert values again.

Which attributes of which types a template may read is one table, :func:`allowed`;
the sandbox in :mod:`workagree.rendering.environment` refuses everything else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType

from jinja2.exceptions import SecurityError
from markupsafe import Markup
from pydantic import BaseModel

from ..dates import deadlines
from ..model import Agreement

_SCALARS = (str, int, float, bool, type(None), dt.date, dt.time)  # times: business hours
DEADLINES = (deadlines.OnDate, deadlines.Within, deadlines.Every)

# Attributes a template may read on plain values, by type. Everything a record,
# mapping or sequence holds is itself inert, so reading it is safe.
_DATE_ATTRIBUTES = frozenset({"year", "month", "day", "isoformat", "isoweekday", "weekday"})
_TIME_ATTRIBUTES = frozenset({"hour", "minute", "isoformat"})
_MAPPING_ATTRIBUTES = frozenset({"items", "keys", "values", "get"})
_SEQUENCE_ATTRIBUTES = frozenset({"count", "index"})
# Derived values a template may read besides a model's fields.
_EXTRA_FIELDS: dict[type, tuple[str, ...]] = {Agreement: ("fingerprint",)}


class Record:
    """Named, read-only values for a template; no methods, no way back to the model.

    ``str()`` of a record of a deadline is the deadline's canonical text.
    """

    __slots__ = ("_fields", "_kind", "_source")
    _fields: dict[str, object]
    _kind: str
    _source: object

    def __init__(self, kind: str, fields: Mapping[str, object], source: object = None) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_fields", dict(fields))
        object.__setattr__(self, "_source", source)

    def __getattr__(self, name: str) -> object:
        try:
            return self._fields[name]
        except KeyError:
            if not name.startswith("_") and is_refused_name(self, name):  # even via getattr()
                raise SecurityError(
                    f"access to attribute {name!r} of {self!r} is unsafe."
                ) from None
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a {self._kind} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a {self._kind} is read-only")

    def __repr__(self) -> str:
        return f"<{self._kind}>"

    def __str__(self) -> str:
        if isinstance(self._source, DEADLINES):
            return str(self._source)
        return repr(self)


class Helper:
    """A function templates may call: records in, workagree's objects to the function,
    inert values out."""

    __slots__ = ("_accepts", "_function", "_name", "_what")
    _accepts: type | tuple[type, ...]
    _function: Callable[..., object]
    _name: str
    _what: str

    def __init__(
        self,
        name: str,
        function: Callable[..., object],
        accepts: type | tuple[type, ...] = object,
        what: str = "",
    ) -> None:
        self._name = name
        self._function = function
        self._accepts = accepts
        self._what = what

    def __call__(self, *args: object, **kwargs: object) -> object:
        unwrapped = [unwrap(a) for a in args]
        if unwrapped and not isinstance(unwrapped[0], self._accepts):
            raise TypeError(
                f"{self._name}() takes {self._what}, not {type(args[0]).__name__} {args[0]!r:.40}"
            )
        return inert(self._function(*unwrapped, **{k: unwrap(v) for k, v in kwargs.items()}))

    def __repr__(self) -> str:
        return f"<helper {self._name}>"


def inert(value: object) -> object:
    """``value`` as data a template may hold: records, tuples, read-only mappings, scalars.

    Raises TypeError for anything else (a bound method, a file, a class): putting such a
    thing into a template's context is a bug in workagree.
    """
    if isinstance(value, Markup | Record | Helper | MappingProxyType):
        return value
    if isinstance(value, _SCALARS) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, DEADLINES):
        return Record("deadline", {"text": str(value)}, value)
    if isinstance(value, BaseModel):
        names = (*type(value).model_fields, *_EXTRA_FIELDS.get(type(value), ()))
        fields = {name: inert(getattr(value, name)) for name in names}
        return Record(type(value).__name__.lower(), fields, value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: inert(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return Record(type(value).__name__.lower(), fields, value)
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): inert(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(inert(item) for item in value)
    raise TypeError(f"{type(value).__name__} cannot be handed to a template")


def unwrap(value: object) -> object:
    """What a helper works on: the object a record was made from; tuples item by item."""
    if isinstance(value, Record):
        return value._source if value._source is not None else value
    if isinstance(value, tuple):
        return [unwrap(item) for item in value]
    return value


def allowed(obj: object, attribute: str) -> bool:
    """Whether a template may read ``attribute`` of ``obj``; the sandbox asks this first.

    Records: their fields. Text: its methods (``upper``, ``replace``...; ``format`` is
    sandboxed by Jinja) but ``encode``. Dates: year, month, day and ISO forms. Mappings
    and sequences: reading them. Jinja's own objects (``loop``, ``namespace``, macros,
    ``cycler``): as Jinja's sandbox decides. Nothing else, so no method of a model, a
    function or a module is ever reached.
    """
    if attribute.startswith("_"):
        return False
    if isinstance(obj, Record):
        return attribute in obj._fields
    if isinstance(obj, str):
        return attribute != "encode"  # looking up a codec by name imports a module
    if isinstance(obj, dt.date):
        return attribute in _DATE_ATTRIBUTES
    if isinstance(obj, dt.time):
        return attribute in _TIME_ATTRIBUTES
    if isinstance(obj, Mapping):
        return attribute in _MAPPING_ATTRIBUTES
    if isinstance(obj, tuple | list):
        return attribute in _SEQUENCE_ATTRIBUTES
    return type(obj).__module__.split(".")[0] == "jinja2"


def is_refused_name(obj: object, attribute: str) -> bool:
    """Whether a missing ``attribute`` of a record names something its model has (a
    method such as ``parse_raw``): that is refused as unsafe, not merely undefined."""
    if not isinstance(obj, Record) or attribute in obj._fields:
        return False
    return attribute.startswith("_") or hasattr(type(obj._source), attribute)


def json_default(value: object) -> object:
    """``|tojson`` of records and dates: their fields and ISO text."""
    if isinstance(value, Record):
        if isinstance(value._source, DEADLINES):
            return str(value._source)
        return dict(value._fields)
    if isinstance(value, MappingProxyType):
        return dict(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"{value!r} cannot be written as JSON")
