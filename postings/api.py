from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from .filters import PostingFilter
from .models import Company, Hub, Posting
from .serializers import (
    CompanySerializer,
    HubSerializer,
    PostingDetailSerializer,
    PostingSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="Live postings",
        description="Filtered exactly like /jobs/: the same parameters give the same postings.",
    ),
    retrieve=extend_schema(summary="One live posting"),
)
class PostingViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Posting.objects.live().for_list()
    filterset_class = PostingFilter
    lookup_field = "slug"

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
