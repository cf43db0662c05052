"""The languages workagree can write documents in (one catalog each in ``i18n/catalogs``)."""

SUPPORTED_LOCALES: tuple[str, ...] = ("en", "da", "de", "es", "et", "fr", "ru")
DEFAULT_LOCALE = "en"
