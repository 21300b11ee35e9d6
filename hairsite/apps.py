from django.apps import AppConfig


class HairsiteConfig(AppConfig):
    name = "hairsite"

    def ready(self) -> None:
        from . import checks, receivers  # noqa: F401 (they register themselves)
