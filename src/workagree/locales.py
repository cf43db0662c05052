"""The languages workagree can write documents in (one catalog each in ``i18n/catalogs``)."""

SUPPORTED_LOCALES: tuple[str, ...] = ("en", "da", "de", "es", "et", "fr", "ru")
DEFAULT_LOCALE = "en"


def require_locale(locale: str) -> str:
    """``locale`` if workagree writes that language; otherwise a usage error listing them."""
    if locale not in SUPPORTED_LOCALES:
        from .errors import UsageError, suggestion

        raise UsageError(
            f"unknown locale '{locale}'{suggestion(locale, SUPPORTED_LOCALES)}",
            hint="the supported locales are: " + ", ".join(SUPPORTED_LOCALES),
        )
    return locale
