from rest_framework import serializers

from .models import CareerStep, Certification, Role, SalaryBand, Source, Transition


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "title"]


class SalaryBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = SalaryBand
        fields = [
            "level",
            "country",
            "minimum",
            "maximum",
            "currency",
            "basis",
            "open_ended",
            "source",
        ]


class CareerStepSerializer(serializers.ModelSerializer):
    source = SourceSerializer()

    class Meta:
        model = CareerStep
        fields = ["order", "title", "years_min", "years_max", "responsibilities", "note", "source"]


class CertificationSerializer(serializers.ModelSerializer):
    source = SourceSerializer()

    class Meta:
        model = Certification
        fields = ["slug", "name", "issuer", "kind", "covers", "exists", "note", "source"]


class TransitionSerializer(serializers.ModelSerializer):
    certifications = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    source = SourceSerializer()

    class Meta:
        model = Transition
        fields = [
            "background",
            "background_label",
            "months_min",
            "months_max",
            "certifications",
            "other_credentials",
            "prerequisites",
            "source",
        ]


class RoleSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    salary_bands = SalaryBandSerializer(many=True, read_only=True)
    reported_postings_source = SourceSerializer(allow_null=True)

    class Meta:
        model = Role
        fields = [
            "slug",
            "url",
            "name",
            "family",
            "summary",
            "reported_postings",
            "reported_postings_source",
            "salary_bands",
        ]

    def get_url(self, role: Role) -> str:
        request = self.context.get("request")
        path = role.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class RoleDetailSerializer(RoleSerializer):
    related = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    career_steps = CareerStepSerializer(many=True, read_only=True)
    certifications = CertificationSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True, source="transitions_in")

    class Meta(RoleSerializer.Meta):
        fields = [
            *RoleSerializer.Meta.fields,
            "responsibilities",
            "skills",
            "tools",
            "related",
            "career_steps",
            "certifications",
            "transitions",
        ]
