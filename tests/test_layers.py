"""The import-linter layer contract (pyproject.toml, run by `make lint`) covers every app of the
project: lint-imports only analyses the root packages it is given, so an app left out would be
skipped silently."""

import re
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = PYPROJECT["tool"]["importlinter"]


def project_apps():
    """The apps whose code lives in this repository (not in the virtual environment)."""
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
    }


def layered_packages():
    (contract,) = (c for c in CONFIG["contracts"] if c["type"] == "layers")
    return {name for layer in contract["layers"] for name in re.findall(r"[\w.]+", layer)}


def test_every_app_is_analysed_by_lint_imports():
    assert project_apps() - set(CONFIG["root_packages"]) == set()


def test_every_app_has_a_place_in_the_layer_order():
    assert project_apps() - layered_packages() == set()
