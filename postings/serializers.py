from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.models import Company
from companies.serializers import CompanyBriefSerializer
from hubs import gazetteer
from hubs.models import Hub
from hubs.serializers import CityRelatedField, CitySerializer, HubSerializer
from jobboard.lib.fields import SlugRelatedField
from jobboard.lib.markdown import render_markdown
from roles.models import Role

from .models import SALARY_CEILINGS, EmploymentType, Posting, PostingStatus


class RoleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ["slug", "name", "family"]


class SalarySerializer(serializers.Serializer):
    minimum = serializers.IntegerField(source="salary_min")
    maximum = serializers.IntegerField(source="salary_max")
    currency = serializers.CharField(source="salary_currency")
    period = serializers.CharField(source="salary_period")


class PostingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    company = CompanyBriefSerializer()
    role = RoleBriefSerializer()
    city = CitySerializer(allow_null=True)
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
            "city",
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
    is_live = serializers.SerializerMethodField(
        help_text="False for a posting that has closed (expired or filled): it keeps its "
        "address, as its page does, but takes no more applications."
    )

    class Meta(PostingSerializer.Meta):
        fields = [*PostingSerializer.Meta.fields, "description", "description_html", "is_live"]

    def get_is_live(self, posting: Posting) -> bool:
        return posting.is_live()

    def get_description_html(self, posting: Posting) -> str:
        return str(render_markdown(posting.description))


class ManagedPostingSerializer(PostingDetailSerializer):
    """A posting as its own company sees it through the write API: with its status."""

    status = serializers.ChoiceField(choices=PostingStatus.choices, read_only=True)

    class Meta(PostingDetailSerializer.Meta):
        fields = [*PostingDetailSerializer.Meta.fields, "status"]


@extend_schema_field({"type": "string", "pattern": "^([A-Za-z]{3})?$", "example": "USD"})
class CurrencyField(serializers.CharField):
    """A currency code in capitals, whatever case it came in; the model checks the rest."""

    def to_internal_value(self, data) -> str:
        return super().to_internal_value(data).upper()


# Model field names the API spells differently, for error keys.
API_NAMES = {"employment_type": "type", "__all__": "non_field_errors"}


def api_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A model's validation errors keyed as the API names its fields."""
    return {API_NAMES.get(name, name): messages for name, messages in error.message_dict.items()}


class PostingWriteSerializer(serializers.ModelSerializer):
    """Create and change a posting through the API with exactly the web form's rules.

    Field checks come from the model fields; the cross-field rules (salary ratio, apply
    route, city, duplicate title) from `Posting.clean`, through `full_clean`, as the form does.
    """

    company = SlugRelatedField(slug_field="slug", queryset=Company.objects.none())
    role = SlugRelatedField(slug_field="slug", queryset=Role.objects.all())
    city = CityRelatedField(
        required=False,
        allow_null=True,
        help_text="Where the work is: a city's slug (berlin-de) or name (Berlin, London, ON).",
    )
    hub = SlugRelatedField(
        slug_field="slug",
        queryset=Hub.objects.all(),
        allow_null=True,
        required=False,
        help_text="Kept for older clients: a hub's slug sets the city to the hub's city.",
    )
    type = serializers.ChoiceField(
        source="employment_type", choices=EmploymentType.choices, required=False
    )
    applicant_countries = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        help_text="Where applicants of a remote job may live: country codes or names, or "
        "regions (european-union, europe, latin-america...). Empty means anywhere.",
    )
    # Checked by the model's rule after CurrencyField puts it in capitals, as the form does.
    salary_currency = CurrencyField(required=False, allow_blank=True)

    class Meta:
        model = Posting
        fields = [
            "company",
            "title",
            "role",
            "level",
            "type",
            "remote",
            "city",
            "hub",
            "applicant_countries",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "description",
            "apply_url",
            "apply_email",
        ]
        # What the schema can say of the model's rules: pay of at least 1 and at most the
        # highest ceiling of any period (the period's own ceiling is checked by the model).
        extra_kwargs = {
            name: {
                "min_value": 1,
                "max_value": max(SALARY_CEILINGS.values()),
                "error_messages": {
                    "max_value": "That is more than anyone is paid: at most {max_value} a year."
                },
            }
            for name in ("salary_min", "salary_max")
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if self.instance is not None:
            # A posting's company is fixed once it exists.
            self.fields["company"].read_only = True
        elif request is not None:
            self.fields["company"].queryset = Company.objects.of_user(request.user)

    def validate_applicant_countries(self, value: list[str]) -> list[str]:
        try:
            return gazetteer.expand_countries(value)
        except ValueError as error:
            raise serializers.ValidationError(
                f"Name countries (codes such as US) or regions such as European Union. "
                f"Not known: {error}"
            ) from None

    def validate(self, attrs: dict) -> dict:
        # An older client naming only a hub moves the posting to the hub's city.
        if "hub" in attrs and "city" not in attrs:
            hub = attrs.pop("hub")
            attrs["city"] = hub.city if hub is not None else None
            if hub is not None and hub.city is None:
                raise serializers.ValidationError({"hub": ["This hub is not a city."]})
        attrs.pop("hub", None)
        posting = self.instance or Posting()
        self.changed_fields = [
            name for name, value in attrs.items() if getattr(posting, name, None) != value
        ]
        for name, value in attrs.items():
            setattr(posting, name, value)
        try:
            posting.full_clean(exclude=["slug"], validate_unique=False)
        except DjangoValidationError as error:
            raise serializers.ValidationError(api_errors(error)) from None
        return attrs

    def to_representation(self, instance: Posting) -> dict:
        return ManagedPostingSerializer(instance, context=self.context).data
