from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .forms import CityField
from .models import City, Hub


class CitySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = City
        fields = ["slug", "name", "label", "region", "country", "latitude", "longitude"]


@extend_schema_field(
    {"type": "string", "description": "A city's slug (berlin-de) or name (Berlin, London, ON)."}
)
class CityRelatedField(serializers.Field):
    """A city written as its slug (`berlin-de`) or its name (`Berlin`, `London, ON`), read
    back as the city's record; checked against the gazetteer as the web form does."""

    def to_internal_value(self, data) -> City | None:
        if data in (None, ""):
            return None
        if not isinstance(data, str):
            raise serializers.ValidationError("Give the city's slug or name as a string.")
        try:
            return CityField(required=False).clean(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, city: City) -> dict:
        return CitySerializer(city).data


class HubSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hub
        fields = ["slug", "name", "region", "country", "is_remote"]


class HubFiguresSerializer(serializers.ModelSerializer):
    """A hub with the figures its source reports and this board's live posting count."""

    url = serializers.SerializerMethodField()
    source = serializers.SlugRelatedField(slug_field="title", read_only=True, allow_null=True)
    live_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Hub
        fields = [
            "slug",
            "url",
            "name",
            "region",
            "country",
            "is_remote",
            "description",
            "reported_postings",
            "growth_pct",
            "avg_salary",
            "avg_salary_currency",
            "cost_of_living_index",
            "cost_of_living_low",
            "cost_of_living_high",
            "net_income_advantage_pct",
            "net_income_advantage_low",
            "net_income_advantage_high",
            "source",
            "live_count",
        ]

    def get_url(self, hub: Hub) -> str:
        request = self.context.get("request")
        path = hub.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class SalaryConversionSerializer(serializers.Serializer):
    """The converter's answer; its input is validated by hubs.forms."""

    amount = serializers.IntegerField()
    from_hub = HubSerializer()
    to_hub = HubSerializer()
    from_index = serializers.IntegerField()
    to_index = serializers.IntegerField()
    equivalent = serializers.IntegerField()
    formula = serializers.CharField()
