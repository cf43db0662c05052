"""`workagree build`: many specs to many outputs, incrementally and in parallel."""

from .config import Config, load_config
from .discover import Spec, find_specs, specs_from_config
from .runner import Report, Settings, run

__all__ = [
    "Config",
    "Report",
    "Settings",
    "Spec",
    "find_specs",
    "load_config",
    "run",
    "specs_from_config",
]
