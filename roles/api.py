from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from .models import CareerStep, Certification, Role, Transition
from .serializers import RoleDetailSerializer, RoleSerializer


@extend_schema_view(
    list=extend_schema(summary="Roles with their reported salary bands"),
    retrieve=extend_schema(
        summary="One role",
        description="With skills, tools, related roles, career steps, certifications and the "
        "reported routes into it from other careers.",
    ),
)
class RoleViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    filter_backends = []

    def get_queryset(self):
        roles = Role.objects.select_related("reported_postings_source").prefetch_related(
            "salary_bands"
        )
        if self.action != "retrieve":
            return roles
        return roles.prefetch_related(
            "related",
            Prefetch("career_steps", queryset=CareerStep.objects.select_related("source")),
            Prefetch("certifications", queryset=Certification.objects.select_related("source")),
            Prefetch(
                "transitions_in",
                queryset=Transition.objects.select_related("source").prefetch_related(
                    "certifications"
                ),
            ),
        )

    def get_serializer_class(self):
        return RoleDetailSerializer if self.action == "retrieve" else RoleSerializer
