from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .cache import cached_postings


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from the cache when the same search was counted lately.

    On a large board the total is the expensive part of a list page: an aggregate over every
    matching row, where the page itself reads twenty rows through an index.
    """

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cached_postings(self.count_key, lambda: Paginator.count.func(self))

    def page(self, number):
        # Django cuts the last page at the count; a cached count may be a little behind, so
        # read a whole page and let the database say where the rows end.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + (self.orphans if number == self.num_pages else 0)
        return self._get_page(self.object_list[bottom:top], number, self)


class BoardPagination(PageNumberPagination):
    """Page-number pagination that answers 400, naming the parameter, to a malformed page.

    A view with a `count_key(request)` method has its totals kept like the page's
    (CachedCountPaginator); others are counted on each request.
    """

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
        count_key = getattr(view, "count_key", None)
        if count_key is not None:
            key = count_key(request)
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
