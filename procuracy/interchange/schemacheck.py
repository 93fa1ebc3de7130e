"""A fast yes/no check of a JSON value against a JSON Schema, compiled to Python source.

It understands the keywords the case-package schema uses and refuses any other at compile
time, so a schema change cannot be silently ignored. It only answers whether a value is
valid; the reference validator (jsonschema) is run on the rare invalid package to explain
every error in words. Generating straight-line code (one function, no call per schema
node) makes the check several times faster than walking the schema at run time, which
matters at a hundred thousand persons per import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

Check = Callable[[Any], bool]

ANNOTATIONS = {"$schema", "$id", "title", "description", "$comment"}
KEYWORDS = {"type", "enum", "const", "pattern", "minLength", "minimum", "required", "properties", "items",
            "minItems", "uniqueItems", "oneOf", "allOf", "if", "then"}
TYPE_TESTS = {
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
    "string": "type({v}) is str",
    "integer": "(type({v}) is int or (type({v}) in (Decimal, float) and {v} == int({v})))",
    "number": "type({v}) in (int, float, Decimal)",
    "boolean": "type({v}) is bool",
    "null": "{v} is None",
}


class UnsupportedSchema(ValueError):
    pass


def _equal(a: Any, b: Any) -> bool:
    # JSON equality: true is not 1, 1 equals 1.0.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _unique(value: list[Any]) -> bool:
    seen: list[Any] = []
    for item in value:
        if any(_equal(item, s) for s in seen):
            return False
        seen.append(item)
    return True


class _Compiler:
    def __init__(self) -> None:
        self.constants: dict[str, Any] = {"Decimal": Decimal, "_equal": _equal, "_unique": _unique}
        self.helpers: list[str] = []
        self.counter = 0

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def constant(self, value: Any, prefix: str = "k") -> str:
        name = self.name(prefix)
        self.constants[name] = value
        return name

    def function(self, schema: Any) -> str:
        """A helper function for a sub-schema (used where an expression is needed)."""
        fname = self.name("f")
        body: list[str] = []
        self.block(schema, "v", body, 1)
        self.helpers.append(f"def {fname}(v):\n" + ("\n".join(body) or "    pass") + "\n    return True\n")
        return fname

    def block(self, schema: Any, v: str, out: list[str], depth: int) -> None:
        """Statements that `return False` when the value in `v` breaks the schema."""
        pad = "    " * depth
        if schema is True:
            return
        if schema is False:
            out.append(f"{pad}return False")
            return
        unknown = set(schema) - ANNOTATIONS - KEYWORDS
        if unknown:
            raise UnsupportedSchema(f"keywords not supported by the fast check: {sorted(unknown)}")
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            test = " or ".join(TYPE_TESTS[t].format(v=v) for t in types)
            out.append(f"{pad}if not ({test}): return False")
        if "enum" in schema:
            options = schema["enum"]
            if all(isinstance(o, str) or o is None for o in options):
                allowed = self.constant(frozenset(o for o in options if o is not None), "enum")
                null = f" or {v} is None" if None in options else ""
                out.append(f"{pad}if not ((type({v}) is str and {v} in {allowed}){null}): return False")
            else:
                values = self.constant(list(options), "enum")
                out.append(f"{pad}if not any(_equal({v}, x) for x in {values}): return False")
        if "const" in schema:
            c = self.constant(schema["const"], "const")
            if isinstance(schema["const"], str):
                out.append(f"{pad}if not (type({v}) is str and {v} == {c}): return False")
            else:
                out.append(f"{pad}if not _equal({v}, {c}): return False")
        if "pattern" in schema:
            search = self.constant(re.compile(schema["pattern"]).search, "re")
            out.append(f"{pad}if type({v}) is str and {search}({v}) is None: return False")
        if "minLength" in schema:
            out.append(f"{pad}if type({v}) is str and len({v}) < {int(schema['minLength'])}: return False")
        if "minimum" in schema:
            low = self.constant(schema["minimum"], "min")
            out.append(f"{pad}if type({v}) in (int, float, Decimal) and {v} < {low}: return False")
        if "required" in schema:
            keys = self.constant(frozenset(schema["required"]), "req")
            out.append(f"{pad}if type({v}) is dict and not {keys}.issubset({v}): return False")
        if "properties" in schema:
            out.append(f"{pad}if type({v}) is dict:")
            inner: list[str] = []
            for key, sub in schema["properties"].items():
                item = self.name("p")
                inner.append(f"{pad}    {item} = {v}.get({key!r}, _MISSING)")
                inner.append(f"{pad}    if {item} is not _MISSING:")
                nested: list[str] = []
                self.block(sub, item, nested, depth + 2)
                inner.extend(nested or [f"{pad}        pass"])
            out.extend(inner)
        if "items" in schema:
            item = self.name("i")
            out.append(f"{pad}if type({v}) is list:")
            out.append(f"{pad}    for {item} in {v}:")
            nested = []
            self.block(schema["items"], item, nested, depth + 2)
            out.extend(nested or [f"{pad}        pass"])
        if "minItems" in schema:
            out.append(f"{pad}if type({v}) is list and len({v}) < {int(schema['minItems'])}: return False")
        if schema.get("uniqueItems"):
            out.append(f"{pad}if type({v}) is list and not _unique({v}): return False")
        if "oneOf" in schema:
            names = [self.function(s) for s in schema["oneOf"]]
            out.append(f"{pad}if ({' + '.join(f'{n}({v})' for n in names)}) != 1: return False")
        for sub in schema.get("allOf", ()):
            self.block(sub, v, out, depth)
        if "if" in schema:
            condition = self.function(schema["if"])
            then = self.function(schema.get("then", True))
            out.append(f"{pad}if {condition}({v}) and not {then}({v}): return False")


def compile_schema(schema: dict[str, Any] | bool) -> Check:
    compiler = _Compiler()
    body: list[str] = []
    compiler.block(schema, "v", body, 1)
    source = "".join(compiler.helpers) + "def check(v):\n" + "\n".join(body or ["    pass"]) + "\n    return True\n"
    namespace: dict[str, Any] = {**compiler.constants, "_MISSING": object()}
    exec(compile(source, "<case-package schema>", "exec"), namespace)  # noqa: S102 - source built above
    check: Check = namespace["check"]
    return check
