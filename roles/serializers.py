from rest_framework import serializers

from .models import Role, SalaryBand


class SalaryBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = SalaryBand
        fields = ["level", "country", "minimum", "maximum", "currency", "basis", "open_ended"]


class RoleSerializer(serializers.ModelSerializer):
    salary_bands = SalaryBandSerializer(many=True, read_only=True)

    class Meta:
        model = Role
        fields = ["slug", "name", "family", "summary", "salary_bands"]
