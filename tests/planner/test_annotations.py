"""planner's public API is fully typed: every public function and method says its types.

Public: a name in a module's ``__all__`` that does not start with ``_``, and the methods of such
a class whose names do not start with ``_``. mypy (``make check``) checks that the types agree;
this test sees that none is missing, which mypy's default settings let pass.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator

import pytest

import planner

# modules that need an optional extra still import: each imports it inside its functions
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(planner.__path__, "planner.")
    if not m.name.split(".")[-1].startswith("_")
)


def public_functions(module_name: str) -> Iterator[tuple[str, Callable]]:
    module = importlib.import_module(module_name)
    for name in getattr(module, "__all__", ()):
        if name.startswith("_"):
            continue
        thing = getattr(module, name)
        if getattr(thing, "__module__", None) != module_name:
            continue  # re-exported: checked where it is defined
        if inspect.isclass(thing):
            for attr, member in vars(thing).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, staticmethod | classmethod):
                    member = member.__func__
                elif isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member):
                    yield f"{name}.{attr}", member
        elif inspect.isfunction(thing):
            yield name, thing


def missing_annotations(function: Callable) -> list[str]:
    spec = inspect.getfullargspec(function)
    params = [*spec.args, *spec.kwonlyargs]
    if spec.varargs:
        params.append(spec.varargs)
    if spec.varkw:
        params.append(spec.varkw)
    if spec.args[:1] in (["self"], ["cls"]):
        params = params[1:]
    missing = [p for p in params if p not in spec.annotations]
    if "return" not in spec.annotations:
        missing.append("return")
    return missing


def test_the_modules_are_found():
    assert {"planner.read", "planner.rules", "planner.report.webmap"} <= set(MODULES)


@pytest.mark.parametrize("module_name", MODULES)
def test_public_functions_are_fully_annotated(module_name):
    untyped = {
        name: missing
        for name, function in public_functions(module_name)
        if (missing := missing_annotations(function))
    }
    assert untyped == {}


def test_the_check_sees_a_missing_annotation():
    def typed(a: int, *, b: str = "") -> int:
        return a

    def untyped(a, b: int):
        return a

    assert missing_annotations(typed) == []
    assert missing_annotations(untyped) == ["a", "return"]
