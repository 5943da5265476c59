from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from jobboard.counts import CachedCountPaginator, counts_key


class BoardPagination(PageNumberPagination):
    """Page-number pagination that answers 400, naming the parameter, to a malformed page."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        errors = {}
        for name in (self.page_query_param, self.page_size_query_param):
            raw = request.query_params.get(name)
            if raw is None or (name == self.page_query_param and raw == "last"):
                continue
            if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
                errors[name] = [f"{name} must be a whole number of at least 1."]
        if errors:
            raise ValidationError(errors)
        key = counts_key("api", request.path, request.query_params)
        self.django_paginator_class = lambda *args, **kwargs: CachedCountPaginator(
            *args, count_key=key, **kwargs
        )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                # Larger sizes are not an error; they are cut down to the maximum.
                parameter["description"] = f"Results per page; at most {self.max_page_size}."
        return parameters
