from rest_framework import serializers

from jobboard.markdown import render_markdown
from roles.models import Role

from .models import Company, Hub, Posting


class RoleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ["slug", "name", "family"]


class HubSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hub
        fields = ["slug", "name", "region", "country", "is_remote"]


class CompanySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["slug", "name", "website", "description"]


class CompanyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["slug", "name", "website"]


class SalarySerializer(serializers.Serializer):
    minimum = serializers.IntegerField(source="salary_min")
    maximum = serializers.IntegerField(source="salary_max")
    currency = serializers.CharField(source="salary_currency")
    period = serializers.CharField(source="salary_period")


class PostingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    company = CompanyBriefSerializer()
    role = RoleBriefSerializer()
    hub = HubSerializer(allow_null=True)
    salary = SalarySerializer(source="*")
    type = serializers.CharField(source="employment_type")

    class Meta:
        model = Posting
        fields = [
            "slug",
            "url",
            "title",
            "company",
            "role",
            "hub",
            "remote",
            "applicant_countries",
            "level",
            "type",
            "salary",
            "apply_url",
            "apply_email",
            "published_at",
            "expires_at",
        ]

    def get_url(self, posting: Posting) -> str:
        request = self.context.get("request")
        path = posting.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PostingDetailSerializer(PostingSerializer):
    description_html = serializers.SerializerMethodField()

    class Meta(PostingSerializer.Meta):
        fields = [*PostingSerializer.Meta.fields, "description", "description_html"]

    def get_description_html(self, posting: Posting) -> str:
        return str(render_markdown(posting.description))
