"""How the models become JSON Schema for editors: pydantic's generator, with two changes.

- Text fields are stripped before their length counts; their limits are written as
  patterns that do the same (:func:`workagree.model.patterns.text`), since ``maxLength``
  would count the spaces around the text too.
- An optional field is ``"type": ["string", "null"]``, not ``anyOf`` a null schema:
  editors show an ``anyOf``'s title once per branch ("Effective || Effective").

Mappings keyed by ids check their keys (``propertyNames``) rather than letting any key
that does not match through (pydantic's ``patternProperties``).
"""

from __future__ import annotations

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from . import patterns

_COMBINED = frozenset({"$ref", "anyOf", "oneOf", "allOf", "enum", "const", "not"})


class Generator(GenerateJsonSchema):
    """pydantic's generator, writing what editors need (see the module's docstring)."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        stripped = schema.get("strip_whitespace") or self._config.str_strip_whitespace
        if not stripped or "pattern" in json_schema:
            return json_schema
        least = json_schema.pop("minLength", 0)
        most = json_schema.pop("maxLength", None)
        if least > 1:
            raise NotImplementedError("a stripped text with a minimum length over 1")
        if least == 0 and most is None:
            return json_schema
        json_schema["pattern"] = patterns.text(most, required=least == 1)
        if most is None:
            json_schema["patternErrorMessage"] = "Text that is not only spaces"
        elif least == 0:
            json_schema["patternErrorMessage"] = f"Text of at most {most} characters"
        else:
            json_schema["patternErrorMessage"] = f"Text of 1 to {most} characters"
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        # pydantic writes a key pattern as patternProperties, which lets any other key
        # through; a mapping keyed by ids takes only ids, and each value is checked
        json_schema = super().dict_schema(schema)
        by_pattern = json_schema.pop("patternProperties", None)
        if by_pattern:
            ((pattern, values),) = by_pattern.items()
            names = json_schema.setdefault("propertyNames", {})
            names["pattern"] = pattern
            json_schema["additionalProperties"] = values
        return json_schema

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        kind = inner.get("type")
        if isinstance(kind, str) and not _COMBINED & inner.keys():
            return {**inner, "type": [kind, "null"]}
        return self.get_union_of_schemas([inner, {"type": "null"}])
