from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from jobboard.lib.board import board
from jobboard.lib.schema import query_form

from .forms import CONVERSION_FORMULA, SalaryConversionForm
from .models import Hub, attach_live_counts
from .serializers import HubFiguresSerializer, SalaryConversionSerializer


@extend_schema_view(
    list=extend_schema(summary="Hubs with their reported figures and live posting counts"),
    retrieve=extend_schema(summary="One hub"),
)
class HubViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Hub.objects.select_related("source")
    serializer_class = HubFiguresSerializer
    lookup_field = "slug"
    filter_backends = []

    def get_serializer(self, instance=None, *args, **kwargs):
        if isinstance(instance, Hub | list):
            attach_live_counts([instance] if isinstance(instance, Hub) else instance, board())
        return super().get_serializer(instance, *args, **kwargs)

    @extend_schema(
        summary="What a salary in one hub buys in another",
        description=f"{CONVERSION_FORMULA} Only hubs with a single cost-of-living index "
        "(San Francisco = 100) can be used; bad input answers 400 with errors by field.",
        responses={200: SalaryConversionSerializer},
    )
    @action(detail=False, methods=["get"], url_path="convert", pagination_class=None)
    @query_form(SalaryConversionForm)
    def convert(self, request: Request) -> Response:
        # The page's form validates the API's input too, so both accept and refuse alike.
        form = SalaryConversionForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {
                    field: [error["message"] for error in errors]
                    for field, errors in form.errors.get_json_data().items()
                }
            )
        data = form.cleaned_data
        result = {
            "amount": data["amount"],
            "from_hub": data["from"],
            "to_hub": data["to"],
            "from_index": data["from"].cost_of_living_index,
            "to_index": data["to"].cost_of_living_index,
            "equivalent": form.convert(),
            "formula": CONVERSION_FORMULA,
        }
        return Response(SalaryConversionSerializer(result).data)
