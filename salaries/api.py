from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jobboard.lib.schema import query_form

from .forms import SalaryFilterForm
from .models import SurveyLevel
from .stats import PRIVACY_THRESHOLD, SOURCE, SalaryStats, level_breakdown, stats_for


class PercentilesSerializer(serializers.Serializer):
    p10 = serializers.FloatField()
    p25 = serializers.FloatField()
    p50 = serializers.FloatField()
    p75 = serializers.FloatField()
    p90 = serializers.FloatField()


class GroupStatsSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True,
        help_text=f"Number of reports; null when fewer than {PRIVACY_THRESHOLD} (not shown).",
    )
    suppressed = serializers.BooleanField(
        help_text=f"True when the group has fewer than {PRIVACY_THRESHOLD} reports."
    )
    percentiles = PercentilesSerializer(allow_null=True)

    def to_representation(self, stats: SalaryStats) -> dict:
        return {
            "count": stats.count if stats.shown else None,
            "suppressed": not stats.shown,
            "percentiles": stats.percentiles(),
        }


class LevelStatsSerializer(GroupStatsSerializer):
    level = serializers.ChoiceField(choices=SurveyLevel.choices)

    def to_representation(self, stats: SalaryStats) -> dict:
        return {"level": stats.level, **super().to_representation(stats)}


class SalaryIndexSerializer(GroupStatsSerializer):
    currency = serializers.CharField(help_text="Always USD: the survey's converted amounts.")
    source = serializers.CharField()
    by_level = LevelStatsSerializer(many=True)


@extend_schema(
    summary="Salary percentiles from the survey",
    description=(
        "Percentiles (10th, 25th, median, 75th, 90th, linear interpolation) of yearly pay in "
        "USD and the number of reports, for any combination of the filters, plus the same "
        f"split by level. Groups of fewer than {PRIVACY_THRESHOLD} reports are suppressed. "
        "Validated exactly like /salaries/; bad parameters answer 400 with field errors."
    ),
    responses={200: SalaryIndexSerializer},
    filters=False,
)
@query_form(SalaryFilterForm)
@api_view(["GET"])
def salary_index(request: Request) -> Response:
    form = SalaryFilterForm(request.query_params)
    if not form.is_valid():
        return Response(
            {
                name: [e["message"] for e in errors]
                for name, errors in form.errors.get_json_data().items()
            },
            status=400,
        )
    query = form.query()
    stats = stats_for(query)
    body = GroupStatsSerializer(stats).data | {
        "currency": "USD",
        "source": f"Salary data: {SOURCE}",
        "by_level": LevelStatsSerializer(level_breakdown(query), many=True).data,
    }
    return Response(body)
