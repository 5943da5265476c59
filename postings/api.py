from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from jobboard.lib.abuse import over_limit
from jobboard.lib.cache import cached_postings, query_key
from jobboard.lib.pagination import BoardPagination

from . import search, workflow
from .filters import PostingFilter
from .models import Posting
from .serializers import (
    ManagedPostingSerializer,
    PostingDetailSerializer,
    PostingSerializer,
    PostingWriteSerializer,
    api_errors,
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
            "properties": {name: counts for name in PostingFilter.FACET_NAMES},
            "required": list(PostingFilter.FACET_NAMES),
        }
        paginated["required"] = [*paginated.get("required", []), "facets"]
        return paginated


POSTING_EXAMPLE = {
    "company": "acme-ai",
    "title": "Machine Learning Engineer, Search",
    "role": "machine-learning-engineer",
    "level": "mid",
    "type": "full-time",
    "remote": "hybrid",
    "hub": "austin",
    "salary_min": 150000,
    "salary_max": 190000,
    "salary_currency": "USD",
    "salary_period": "year",
    "description": "Build **ranking models** for our search.\\n\\n- PyTorch\\n- Python",
    "apply_url": "https://acme.example/jobs/42",
}
STATUS_REQUEST = inline_serializer(
    "PostingStatusChange",
    fields={"action": serializers.ChoiceField(choices=workflow.EMPLOYER_ACTIONS)},
)
ERRORS = {
    400: OpenApiResponse(
        description="Invalid input; the body names each field and its problems.",
        examples=[
            OpenApiExample(
                "Salary range too wide",
                value={"salary_max": ["The maximum may be at most 2 times the minimum; ..."]},
            )
        ],
    ),
    401: OpenApiResponse(description="No token, or an unknown one."),
    404: OpenApiResponse(description="No such posting among your companies' postings."),
}
RATE_LIMITED = {
    429: OpenApiResponse(
        description="Too many submissions in a short time (RATELIMIT_SUBMIT); try later.",
        response=inline_serializer("RateLimited", fields={"detail": serializers.CharField()}),
    )
}


@extend_schema_view(
    list=extend_schema(
        summary="Live postings",
        description=(
            "Filtered exactly like /jobs/: the same parameters give the same postings. "
            "`facets` holds the counts per role, remote status, country, city (the commonest), "
            "level and employment type for the current filters, the same numbers the page shows."
        ),
    ),
    retrieve=extend_schema(
        summary="One posting",
        description=(
            "Public postings for everyone: live ones, and closed ones (`is_live` false) that keep "
            "their address. With a token, your companies' postings in any status too."
        ),
    ),
    create=extend_schema(
        summary="Create a draft posting for one of your companies",
        description=(
            "Needs `Authorization: Token <key>`. Validated exactly like the web form; the "
            "posting starts as a draft: submit it with the status endpoint."
        ),
        request=PostingWriteSerializer,
        responses={201: ManagedPostingSerializer, **ERRORS, **RATE_LIMITED},
        examples=[
            OpenApiExample("A hybrid job in Austin", value=POSTING_EXAMPLE, request_only=True)
        ],
    ),
    partial_update=extend_schema(
        summary="Change some fields of one of your postings",
        description=(
            "On a published posting, a change of title, role, level, type or pay sends it "
            "back to review; other changes stay live."
        ),
        request=PostingWriteSerializer,
        responses={200: ManagedPostingSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "Reword the description", value={"description": "New text."}, request_only=True
            )
        ],
    ),
    destroy=extend_schema(
        summary="Delete a posting the public never saw (draft, pending or rejected)",
        responses={204: None, 409: OpenApiResponse(description="Close it instead."), **ERRORS},
    ),
)
class PostingViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Posting.objects.live().for_list()
    filterset_class = PostingFilter
    pagination_class = FacetedPagination
    lookup_field = "slug"
    authentication_classes = [TokenAuthentication]
    # Anyone may read; writing needs a token, so a missing one answers 401. DRF's own class
    # also tells the OpenAPI schema that reads need no token.
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def list(self, request, *args, **kwargs):
        # The filters were checked by super().list(): a bad value has answered 400 already.
        response = super().list(request, *args, **kwargs)

        def facet_counts() -> dict[str, dict[str, int]]:
            filterset = PostingFilter(request.query_params, queryset=self.get_queryset())
            return filterset.facet_counts()

        # Grouped queries over every matching posting: kept like the counts of /jobs/, under
        # the same key, since the page and the API filter alike. The FilterSet is built only
        # to count: building one deep-copies every filter.
        response.data["facets"] = cached_postings(
            query_key("facets", PostingFilter.canonical(request.query_params)), facet_counts
        )
        return response

    def count_key(self, request: Request) -> str:
        """The list's total is kept like the page's (BoardPagination asks for this)."""
        return query_key("total", PostingFilter.canonical(request.query_params))

    def get_queryset(self):
        # live() reads the clock, so it must run per request, not once at import.
        if self.action == "list":
            return Posting.objects.live().for_list()
        if self.action == "retrieve":
            return Posting.objects.visible_to(self.request.user).for_list()
        return Posting.objects.managed_by(self.request.user).for_list()

    def filter_queryset(self, queryset):
        # The FilterSet belongs to the public list only.
        if self.action != "list":
            return queryset
        filtered = super().filter_queryset(queryset)
        params = self.request.query_params
        return search.ranked_rows(filtered, params.get("q", ""), PostingFilter.canonical(params))

    def get_serializer_class(self):
        if self.action in {"create", "partial_update"}:
            return PostingWriteSerializer
        return PostingDetailSerializer if self.action == "retrieve" else PostingSerializer

    def _throttle_submissions(self) -> None:
        if over_limit(self.request, "submit", "RATELIMIT_SUBMIT"):
            raise Throttled(detail="Too many submissions in a short time; try again later.")

    def create(self, request: Request, *args, **kwargs) -> Response:
        self._throttle_submissions()
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: PostingWriteSerializer) -> None:
        try:
            serializer.instance = workflow.create(posting=Posting(**serializer.validated_data))
        except DjangoValidationError as error:
            raise ValidationError(api_errors(error)) from None

    def perform_update(self, serializer: PostingWriteSerializer) -> None:
        posting = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(posting, name, value)
        try:
            workflow.save_edits(posting=posting, changed=serializer.changed_fields)
        except workflow.TransitionNotAllowed as error:
            raise Conflict(error.messages[0]) from None

    def perform_destroy(self, instance: Posting) -> None:
        try:
            workflow.delete(posting=instance)
        except workflow.TransitionNotAllowed as error:
            raise Conflict(error.messages[0] + " Close it instead.") from None

    @extend_schema(
        summary="Change a posting's status",
        description=(
            "`submit` sends a draft or rejected posting to review (a verified company's goes "
            "live at once); `withdraw` takes it back out of review; `renew` gives a published "
            "or expired posting a fresh lifetime; `fill` and `close` take it down."
        ),
        request=STATUS_REQUEST,
        responses={
            200: ManagedPostingSerializer,
            409: OpenApiResponse(description="Not allowed from the posting's current status."),
            **ERRORS,
            **RATE_LIMITED,
        },
        examples=[OpenApiExample("Submit for review", value={"action": "submit"})],
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, slug: str | None = None) -> Response:
        posting = self.get_object()
        wanted = request.data.get("action") if hasattr(request.data, "get") else None
        if wanted not in workflow.EMPLOYER_ACTIONS:
            return Response(
                {"action": [f"Choose one of: {', '.join(workflow.EMPLOYER_ACTIONS)}."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if wanted == "submit":
            self._throttle_submissions()
        try:
            workflow.run(wanted, posting=posting, by=request.user)
        except workflow.TransitionNotAllowed as error:
            raise Conflict(error.messages[0]) from None
        return Response(PostingWriteSerializer(posting, context={"request": request}).data)


class Conflict(serializers.ValidationError):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self, message: str) -> None:
        super().__init__({"detail": message})
