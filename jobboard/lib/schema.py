"""The OpenAPI schema, made to say what the API really answers.

drf-spectacular documents only the happy path. Clients (and the Schemathesis tests) also
need the errors: every list can answer 400 (a malformed filter or page) and 404 (a page past
the end), every detail 404. Numeric and length limits that the filter forms enforce are
copied into the parameters, so a client can tell a valid request from an invalid one; an
empty filter value is allowed and means "not filtered".
"""

from django import forms
from drf_spectacular.openapi import AutoSchema

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


# Pagination parameters must be whole numbers when given; an empty one is an error.
PAGINATION = {"page", "page_size"}


class BoardAutoSchema(AutoSchema):
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
                if field.min_value is not None:
                    schema["minimum"] = field.min_value
                if field.max_value is not None:
                    schema["maximum"] = field.max_value
            elif isinstance(field, forms.CharField) and field.max_length:
                schema["maxLength"] = field.max_length
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
