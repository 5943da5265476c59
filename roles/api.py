from rest_framework import viewsets

from .models import Role
from .serializers import RoleSerializer


class RoleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Role.objects.prefetch_related("salary_bands")
    serializer_class = RoleSerializer
    lookup_field = "slug"
    filter_backends = []
