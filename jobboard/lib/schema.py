"""The OpenAPI schema, made to say what the API really answers.

drf-spectacular documents only the happy path. Clients (and the Schemathesis tests) also
need the errors: every list can answer 400 (a malformed filter or page) and 404 (a page past
the end), every detail 404. Numeric and length limits that the filter forms enforce, and the
slugs a catalogue filter accepts, are copied into the parameters, so a client can tell a
valid request from an invalid one; an empty filter value is allowed and means "not
filtered". The schema is built on each request of /api/schema/, so those slugs are the
catalogue's as it is then.
"""

from django import forms
from django.core.validators import RegexValidator
from django.db import DatabaseError
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

FIELD_ERRORS = {
    "description": "Some parameters are invalid; each is named with its problems.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        }
    },
}
NOT_FOUND = {
    "description": "No such object, or a page past the end of the list.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


# Text a form field takes: anything but NUL, which Django's text fields refuse.
NO_NUL = "^[^\\u0000]*$"

# Pagination parameters must be whole numbers when given; an empty one is an error.
PAGINATION = {"page", "page_size"}


def query_form(form_class: type[forms.Form]):
    """Mark a view or action whose query parameters a form validates: the schema then
    documents each field of the form as a parameter, with its limits and choices."""

    def mark(function):
        function.query_form = form_class
        if hasattr(function, "cls"):  # a function view made by @api_view
            function.cls.query_form = form_class
        return function

    return mark


def catalogue_names(field: forms.ModelChoiceField) -> list[str] | None:
    """The names a catalogue field accepts now; None where the database cannot say (the
    deploy checks build the schema before any database exists)."""
    try:
        return sorted(field.queryset.values_list(field.to_field_name, flat=True))
    except DatabaseError:
        return None


def field_schema(field: forms.Field) -> dict:
    """The JSON schema of the values a form field accepts."""
    if isinstance(field, forms.ModelChoiceField) and field.to_field_name:
        names = catalogue_names(field)
        return {"type": "string", "enum": names} if names is not None else {"type": "string"}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(value) for value, _ in field.choices if value]}
    if isinstance(field, forms.IntegerField):
        schema: dict = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema
    schema = {"type": "string"}
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    schema["pattern"] = NO_NUL
    for validator in field.validators:
        if isinstance(validator, RegexValidator) and not validator.inverse_match:
            schema["pattern"] = validator.regex.pattern
    return schema


class BoardAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        action = getattr(self.view, "action", None)
        form_class = getattr(self.view, "query_form", None) or getattr(
            getattr(self.view, action or "", None), "query_form", None
        )
        if form_class is not None:
            for name, field in form_class().fields.items():
                parameters.append(
                    OpenApiParameter(
                        name,
                        field_schema(field),
                        required=field.required,
                        description=str(field.help_text or field.label or ""),
                    )
                )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        if self._is_list_view() or self._takes_query_parameters():
            responses.setdefault("400", FIELD_ERRORS)
        responses.setdefault("404", NOT_FOUND)
        return responses

    def _takes_query_parameters(self) -> bool:
        # An action that declares its own query parameters (the converter) validates them too.
        return any(
            getattr(parameter, "location", None) == "query"
            for parameter in self.get_override_parameters()
        )

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None or not self._is_list_view():
            return parameters
        fields = filterset_class(queryset=filterset_class._meta.model.objects.none()).form.fields
        for parameter in parameters:
            field = fields.get(parameter["name"])
            if field is None:
                continue
            schema = parameter.get("schema", {})
            if isinstance(field, forms.IntegerField):
                schema["type"] = "integer"
                schema.pop("format", None)
                if field.min_value is not None:
                    schema["minimum"] = field.min_value
                if field.max_value is not None:
                    schema["maximum"] = field.max_value
            elif isinstance(field, forms.CharField):
                schema["pattern"] = NO_NUL  # Django's text fields refuse NUL characters
                if field.max_length:
                    schema["maxLength"] = field.max_length
            # A field may say what it accepts where its class alone cannot (a currency
            # covered by today's exchange rates).
            if hasattr(field, "openapi_schema"):
                try:
                    said = field.openapi_schema()
                except DatabaseError:
                    said = {}  # no database yet (the deploy checks): say less
                if said:
                    schema.pop("pattern", None)
                    schema.update(said)
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField | forms.ModelMultipleChoiceField
            ):
                values = [str(value) for value, _ in iter(field.choices) if value != ""]
                if values:  # a field checking values itself may list none
                    target = schema.get("items", schema)
                    target.pop("pattern", None)
                    target["enum"] = values
            elif isinstance(field, forms.ModelChoiceField) and field.to_field_name:
                # A filter naming catalogue rows by slug accepts exactly the slugs there are
                # now, and answers 400 to any other: say which, so a client (and the
                # Schemathesis run) can tell an allowed request from a refused one.
                names = catalogue_names(field)
                if names is not None:
                    target = schema.get("items", schema)
                    target.pop("pattern", None)
                    target["enum"] = names
        return parameters

    def _get_parameters(self):
        parameters = super()._get_parameters()
        if self.method == "GET":
            for parameter in parameters:
                if (
                    parameter["in"] == "query"
                    and not parameter.get("required")
                    and parameter["name"] not in PAGINATION
                ):
                    # An empty filter means "not filtered", as a page's form sends empty fields.
                    parameter["allowEmptyValue"] = True
        return parameters
