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
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment

from .. import inputs
from .._version import __version__
from ..cache import cache_root, private_folder
from ..errors import Problem, UsageError, WorkagreeError
from ..locales import DEFAULT_LOCALE

THEMES: tuple[str, ...] = ("classic", "columns")
BASE = "base"
AUTOESCAPED = ("html", "html.j2")  # templates whose output is HTML, escaped automatically


@cache
def templates_root() -> Path:
    """The built-in templates: inside the installed package, or at the top of a checkout."""
    installed = Path(__file__).resolve().parent.parent / "templates"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[3] / "templates"
    if checkout.is_dir():
        return checkout
    raise WorkagreeError.single(  # pragma: no cover - a broken installation
        "workagree",
        "the built-in templates are missing from this installation",
        "no-templates",
        hint="reinstall workagree: pip install --force-reinstall workagree",
    )


def theme_folders(theme: str, templates: Path | None = None) -> list[Path]:
    """The folders searched for templates, first match wins."""
    if theme not in THEMES:
        from ..errors import suggestion

        raise UsageError(
            f"unknown theme '{theme}'{suggestion(theme, THEMES)}",
            hint="the themes are: " + ", ".join(THEMES) + " (see `workagree templates list`)",
        )
    root = templates_root()
    folders = [root / theme, root / BASE]
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
    """A sandbox that refuses unsafe attributes at once, even through ``|attr``.

    Jinja's sandbox answers an unsafe attribute with an undefined value, which ``|attr``
    chains would then report as a confusing missing attribute of that undefined value.
    """

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        raise jinja2.exceptions.SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe."
        )


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
        loader=jinja2.FileSystemLoader([str(p) for p in theme_folders(theme, templates)]),
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


@contextmanager
def template_errors() -> Iterator[None]:
    """Turn errors in a template (syntax, undefined names, unsafe access) into user errors."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise WorkagreeError(
            [
                Problem(
                    file=_display(exc.filename or exc.name or "<template>"),
                    line=exc.lineno,
                    message=f"template syntax error: {exc.message}",
                    code="template-syntax",
                    hint="fix the template; `workagree templates eject` shows working ones",
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as exc:
        filename, line = _template_position(sys.exc_info()[2])
        raise WorkagreeError(
            [
                Problem(
                    file=_display(filename) if line else "templates",
                    line=line,
                    message=f"template '{exc.name}' was not found",
                    code="template-missing",
                    hint="{% include %} and {% extends %} load only templates inside the "
                    "template folders, by a name relative to them",
                )
            ]
        ) from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, OverflowError) as exc:
        # OverflowError: the sandbox refuses range() of more than MAX_RANGE items.
        filename, line = _template_position(sys.exc_info()[2])
        unsafe = not isinstance(exc, jinja2.UndefinedError)
        raise WorkagreeError(
            [
                Problem(
                    file=_display(filename),
                    line=line,
                    message=(
                        f"the template tried something unsafe: {exc}"
                        if unsafe
                        else f"undefined name in template: {exc}"
                    ),
                    code="template-unsafe" if unsafe else "template-undefined",
                    hint=(
                        "templates run in a sandbox and may only use the agreement and helpers"
                        if unsafe
                        else "check the spelling; see docs/templates.md for what templates receive"
                    ),
                )
            ]
        ) from None


def render_template(
    theme: str, templates: Path | None, name: str, context: dict[str, object], *, locale: str
) -> str:
    """Render template ``name`` with ``context``; template mistakes become user errors."""
    with template_errors():
        env = environment(theme, templates.resolve() if templates else None, locale)
        return env.get_template(name).render(context)
