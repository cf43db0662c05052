"""The languages workagree can write documents in."""

SUPPORTED_LOCALES: tuple[str, ...] = ("en",)
DEFAULT_LOCALE = "en"
