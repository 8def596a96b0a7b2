"""App configuration for the demo builder (it only provides the `load_demo` command)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
