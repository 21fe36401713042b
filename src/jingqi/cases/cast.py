"""The cases app's part of the shared test cast (``case_cast``): each area builds its objects, in and out of
every persona's scope, through its services, in its own module (``cast_<area>.build(o)``)."""

from importlib import import_module

AREAS: tuple[str, ...] = ("cases", "outreach", "checks")


def build(o: dict) -> None:
    for area in AREAS:
        import_module(f"jingqi.cases.cast_{area}").build(o)
