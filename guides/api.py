from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from .filters import FAQFilter, GuideFilter
from .models import FAQ, GuideArticle
from .serializers import FAQSerializer, GuideDetailSerializer, GuideSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Published guides",
        description="The guides /guides/ lists, newest first; filter by category or role slug.",
    ),
    retrieve=extend_schema(summary="One published guide, with its body as safe HTML and its FAQ"),
)
class GuideViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = GuideArticle.objects.none()
    filterset_class = GuideFilter
    lookup_field = "slug"

    def get_queryset(self):
        # published() reads the clock, so it runs per request, not once at import.
        guides = GuideArticle.objects.published().for_list()
        if self.action == "retrieve":
            guides = guides.prefetch_related("faqs")
        return guides

    def get_serializer_class(self):
        return GuideDetailSerializer if self.action == "retrieve" else GuideSerializer


@extend_schema_view(
    list=extend_schema(
        summary="FAQ entries",
        description="General entries and those of published guides; filter by guide or role slug.",
    ),
    retrieve=extend_schema(summary="One FAQ entry"),
)
class FAQViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = FAQ.objects.none()
    serializer_class = FAQSerializer
    filterset_class = FAQFilter
    lookup_field = "slug"

    def get_queryset(self):
        return FAQ.objects.public().for_list()
