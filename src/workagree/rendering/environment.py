"""The Jinja environment: sandboxed, strict, layered, cached.

Lookup order for every template name: the user's ``--templates`` folder, then the
chosen theme, then the built-in ``base`` theme, so a user can override one partial
without copying the rest. User templates are untrusted: the environment is sandboxed
and every undefined name is an error that names the template file and line.

Compiled templates are kept in workagree's cache folder (see :mod:`workagree.cache`),
so a new process does not compile them again. Jinja checks each template's source
against the cached code and compiles again when it changed; the folder's name carries
everything else that shapes the compiled code (workagree's and Jinja's versions, the
environment's settings), so an upgrade never runs code compiled for another version.
The code is the sandbox's own: it calls the environment for every attribute and call.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from .. import inputs
from .._version import __version__
from ..cache import cache_root, private_folder
from ..errors import Problem, UsageError, WorkagreeError
from ..locales import DEFAULT_LOCALE
from . import limits, view
from .themes import chain, templates_root

AUTOESCAPED = ("html", "html.j2")  # templates whose output is HTML, escaped automatically


def theme_folders(theme: str, templates: Path | None = None) -> list[Path]:
    """The folders searched for templates, first match wins: the user's, the theme's
    (and those of the themes it extends), the base."""
    folders = chain(theme)
    if templates is not None:
        if not templates.is_dir():
            raise UsageError(
                f"the templates folder '{templates}' does not exist",
                hint="pass a folder made with `workagree templates eject THEME DIR`",
            )
        folders.insert(0, templates.resolve())
        inputs.note_folder(templates, "the templates folder")
    return folders


class _StrictSandbox(SandboxedEnvironment):
    """Jinja's sandbox, narrowed to inert data (see :mod:`workagree.rendering.view`).

    - An attribute is readable only if :func:`~workagree.rendering.view.allowed` says so:
      a record's fields, text methods, a date's parts, reading a mapping or a sequence.
      Everything else is refused at once as unsafe, even through ``|attr`` (Jinja's own
      answer, an undefined value, would surface as a confusing missing attribute).
    - A name a record's model has (``agreement.parse_raw``) is refused as unsafe; a name
      it does not have (``agreement.projct``) is merely undefined.
    - Operators that could build a value too large to hold (``"x" * 10**9``,
      ``10 ** 10 ** 9``, ``"%0999999999d" % 1``) are refused before they run.
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and view.allowed(obj, attr)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, view.Record):
            return self._field(obj, attribute)
        if attribute.startswith("_"):  # refused whether the object has it or not
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, view.Record) and isinstance(argument, str):
            return self._field(obj, argument)
        return super().getitem(obj, argument)

    def _field(self, record: view.Record, name: str) -> Any:
        if name in record._fields:
            return record._fields[name]
        if view.is_refused_name(record, name):
            return self.unsafe_undefined(record, name)
        from ..errors import suggestion

        return self.undefined(
            f"{record!r} has no field {name!r}{suggestion(name, record._fields)}",
            obj=record,
            name=name,
        )

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        owner = repr(obj) if isinstance(obj, view.Record) else f"{type(obj).__name__!r} object"
        raise jinja2.exceptions.SecurityError(
            f"access to attribute {attribute!r} of {owner} is unsafe."
        )

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Jinja's compiler; a template too deeply nested to compile is a syntax error."""
        try:
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        except (RecursionError, SyntaxError, MemoryError):
            raise jinja2.TemplateSyntaxError(
                "the template is nested too deeply to compile", 1, name, filename
            ) from None

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        limits.check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


@jinja2.pass_environment
def _attr(env: jinja2.Environment, obj: Any, name: str) -> Any:
    """``|attr(name)``, decided by the sandbox like ``obj.name`` (Jinja's own filter asks
    Python's getattr first, so a name a record lacks would be merely undefined)."""
    return env.getattr(obj, str(name))


class TemplateOutside(jinja2.exceptions.SecurityError):
    """A template whose real path (after symbolic links) is outside the template folders."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name)
        self.name = name
        self.filename = filename


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading only files whose real path is inside a template folder.

    A ``parts/x.j2`` that is a symbolic link (or sits in a linked folder) pointing
    elsewhere would otherwise be read and printed into every output, as the PDF fetcher
    already refuses to do.
    """

    def __init__(self, folders: list[Path]) -> None:
        super().__init__([str(folder) for folder in folders])
        self._roots = [os.path.realpath(folder) for folder in folders]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.isfile(filename):
                real = os.path.realpath(filename)
                if not any(real.startswith(root + os.sep) for root in self._roots):
                    raise TemplateOutside(template, filename)
                try:
                    return super().get_source(environment, template)
                except UnicodeDecodeError as exc:
                    raise jinja2.TemplateSyntaxError(
                        f"the template is not UTF-8 text (byte {exc.start + 1})",
                        1,
                        template,
                        filename,
                    ) from None
        raise jinja2.TemplateNotFound(template)


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in files, which never fails a render.

    An unreadable or damaged file is a cache miss; a file that cannot be written
    (read-only or full disk) is not written.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged data fails in pickle or marshal, in many ways;
            bucket.reset()  # a --timeout stop caught here comes again (its timer repeats)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_with(env: SandboxedEnvironment) -> str:
    """A digest of what shapes compiled code besides the template source."""
    settings = (
        __version__,
        jinja2.__version__,
        type(env).__qualname__,
        env.sandboxed,
        sorted(env.extensions),
        env.newstyle_gettext,  # type: ignore[attr-defined]
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        AUTOESCAPED,
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:12]


def _template_cache(env: SandboxedEnvironment) -> jinja2.BytecodeCache | None:
    """The cache of compiled templates for ``env``, or None when caching is off or impossible."""
    root = cache_root()
    if root is None:
        return None
    folder = private_folder(root / f"templates-{__version__}-{_compiled_with(env)}")
    return None if folder is None else _TemplateCache(str(folder), "%s.jinja")


@cache
def environment(
    theme: str, templates: Path | None = None, locale: str = DEFAULT_LOCALE
) -> SandboxedEnvironment:
    """The environment for one theme, user folder and language; made once per process.

    Templates translate with the catalog of ``locale`` (``_()``, ``gettext()``,
    ``ngettext()`` and ``{% trans %}``); English is the source language.
    """
    from ..i18n import translations

    env = _StrictSandbox(
        loader=_ConfinedLoader(theme_folders(theme, templates)),
        autoescape=jinja2.select_autoescape(enabled_extensions=AUTOESCAPED),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations(locale), newstyle=True
    )
    # The same spec gives the same bytes: nothing random (lipsum, |random) for templates.
    del env.globals["lipsum"]
    del env.filters["random"]
    env.filters["attr"] = _attr
    for name in ("center", "indent", "format"):
        env.filters[name] = limits.bounded_filter(name, env.filters[name])
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": view.json_default}
    env.bytecode_cache = _template_cache(env)
    return env


def _template_position(tb: object) -> tuple[str, int | None]:
    """The innermost template frame in a (Jinja-rewritten) traceback."""
    found: tuple[str, int | None] = ("<template>", None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename  # type: ignore[attr-defined]
        if filename.endswith(".j2") or filename.endswith(".css"):
            found = (filename, tb.tb_lineno)  # type: ignore[attr-defined]
        tb = tb.tb_next  # type: ignore[attr-defined]
    return found


def _display(filename: str) -> str:
    root = str(templates_root())
    return "templates" + filename[len(root) :] if filename.startswith(root) else filename


def _error(file: str, line: int | None, message: str, code: str, hint: str) -> WorkagreeError:
    """One problem in a template, as the error the CLI prints."""
    return WorkagreeError([Problem(file=file, line=line, message=message, code=code, hint=hint)])


def _at_innermost_template(message: str, code: str, hint: str) -> WorkagreeError:
    """An error at the innermost template frame of the exception being handled."""
    filename, line = _template_position(sys.exc_info()[2])
    return _error(_display(filename) if line else "templates", line, message, code, hint)


@contextmanager
def template_errors() -> Iterator[None]:
    """Turn errors in a template (syntax, undefined names, unsafe access) into user errors."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise _error(
            _display(exc.filename or exc.name or "<template>"),
            exc.lineno,
            f"template syntax error: {exc.message}",
            "template-syntax",
            "fix the template; `workagree templates eject` shows working ones",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise _at_innermost_template(
            f"template '{exc.name}' was not found",
            "template-missing",
            "{% include %} and {% extends %} load only templates inside the "
            "template folders, by a name relative to them",
        ) from None
    except TemplateOutside as exc:
        raise _error(
            _display(exc.filename),
            None,
            f"template '{exc.name}' is a link to a file outside the template folders; "
            "it was not read",
            "template-outside",
            "copy the file into the templates folder instead of linking to it",
        ) from None
    except (jinja2.exceptions.SecurityError, OverflowError) as exc:
        # OverflowError: the sandbox refuses range() of more than MAX_RANGE items.
        raise _at_innermost_template(
            f"the template tried something unsafe: {exc}",
            "template-unsafe",
            "templates run in a sandbox and may only use the agreement and helpers",
        ) from None
    except jinja2.UndefinedError as exc:
        raise _at_innermost_template(
            f"undefined name in template: {exc}",
            "template-undefined",
            "check the spelling; see docs/templates.md for what templates receive",
        ) from None


def _template_failed(exc: BaseException) -> WorkagreeError:
    """A user error for an exception raised while a user's templates render (``{{ 1 / 0 }}``,
    ``{{ when(42) }}``, a helper's name set to something else), at the innermost template."""
    what = (
        f"it needed more than {limits.MEMORY >> 20} MiB of memory"
        if isinstance(exc, MemoryError)
        else f"{type(exc).__name__}: {exc}"
    )
    return _at_innermost_template(
        f"the template failed: {what}",
        "template-error",
        "fix the template; docs/templates.md lists what templates receive",
    )


def _render(
    theme: str, templates: Path | None, name: str, data: dict[str, object], locale: str
) -> str:
    with template_errors():
        env = environment(theme, templates, locale)
        try:
            return env.get_template(name).render(data)
        except (jinja2.TemplateError, WorkagreeError):
            raise
        except OverflowError as exc:
            if templates is None or str(exc).startswith("Range too big"):
                raise  # the sandbox's refusal of range(10**9): unsafe
            raise _template_failed(exc) from None
        except Exception as exc:
            # Built-in templates are tested with every valid agreement: their failure is a
            # bug. With the user's templates in the lookup, it is theirs.
            if templates is None:
                raise
            raise _template_failed(exc) from None


def render_template(
    theme: str, templates: Path | None, name: str, context: dict[str, object], *, locale: str
) -> str:
    """Render template ``name`` with ``context``; template mistakes become user errors.

    Every value in ``context`` is made inert first (:func:`~workagree.rendering.view.inert`).
    With a user's ``templates`` folder in the lookup, the render runs in a bounded child
    process (:mod:`workagree.rendering.isolated`).
    """
    data = {key: view.inert(value) for key, value in context.items()}
    folder = templates.resolve() if templates else None
    if folder is None:
        return _render(theme, None, name, data, locale)
    from ..timelimit import remaining
    from .isolated import render_isolated

    return render_isolated(
        lambda: _render(theme, folder, name, data, locale),
        file=str(templates),
        seconds=remaining(),
    )
