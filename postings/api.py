from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from jobboard.pagination import BoardPagination

from .filters import PostingFilter
from .models import Company, Hub, Posting
from .serializers import (
    CompanySerializer,
    HubSerializer,
    PostingDetailSerializer,
    PostingSerializer,
)


class FacetedPagination(BoardPagination):
    """The board's pagination, with the facet counts beside the results in the schema."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        counts = {"type": "object", "additionalProperties": {"type": "integer"}}
        paginated["properties"]["facets"] = {
            "type": "object",
            "description": (
                "For each facet, the number of postings each option would give with the other "
                "filters kept (a facet's own selection is left out of its counts), as on /jobs/. "
                "Options with no postings are left out."
            ),
            "properties": {name: counts for name in PostingFilter.FACETS},
            "required": list(PostingFilter.FACETS),
        }
        paginated["required"] = [*paginated.get("required", []), "facets"]
        return paginated


@extend_schema_view(
    list=extend_schema(
        summary="Live postings",
        description=(
            "Filtered exactly like /jobs/: the same parameters give the same postings. "
            "`facets` holds the counts per role, remote status, city, level and employment "
            "type for the current filters, the same numbers the page shows."
        ),
    ),
    retrieve=extend_schema(summary="One live posting"),
)
class PostingViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Posting.objects.live().for_list()
    filterset_class = PostingFilter
    pagination_class = FacetedPagination
    lookup_field = "slug"

    def list(self, request, *args, **kwargs):
        # The filters were checked by super().list(): a bad value has answered 400 already.
        response = super().list(request, *args, **kwargs)
        filterset = PostingFilter(request.query_params, queryset=self.get_queryset())
        response.data["facets"] = filterset.facet_counts()  # one grouped query per facet
        return response

    def get_queryset(self):
        # live() reads the clock, so it must run per request, not once at import.
        return Posting.objects.live().for_list()

    def get_serializer_class(self):
        return PostingDetailSerializer if self.action == "retrieve" else PostingSerializer


class HubViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Hub.objects.all()
    serializer_class = HubSerializer
    lookup_field = "slug"
    filter_backends = []


class CompanyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Company.objects.all()
    serializer_class = CompanySerializer
    lookup_field = "slug"
    filter_backends = []
