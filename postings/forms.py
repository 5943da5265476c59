import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from companies.models import Company
from hubs import gazetteer
from hubs.forms import CityField
from jobboard.lib.abuse import HoneypotMixin
from jobboard.lib.money import is_currency

from .models import ImportKind, ImportSource, Posting


class CountryListField(forms.CharField):
    """Where applicants may live, typed as countries or regions ("US, Canada, European
    Union"); stored as the list of country codes they expand to, empty for anywhere."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return gazetteer.describe_countries(value) if len(value) > 4 else ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        try:
            return gazetteer.expand_countries(value or "")
        except ValueError as error:
            raise ValidationError(
                "Name countries (two-letter codes such as US, or names) or regions such as "
                f"European Union or Latin America, separated by commas. Not known: {error}",
                code="invalid_country_list",
            ) from None


class CurrencyField(forms.CharField):
    """A currency code as people type it (`usd`, ` Eur`), in capitals before the model's
    rule checks it."""

    def to_python(self, value) -> str:
        return super().to_python(value).upper()


POSTING_FIELDS = [
    "company",
    "title",
    "role",
    "level",
    "employment_type",
    "remote",
    "city",
    "applicant_countries",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "description",
    "apply_url",
    "apply_email",
]


class PostingForm(HoneypotMixin, forms.ModelForm):
    """Every posting field, validated by Posting.clean (salary ratio, duplicates, apply route).

    On a new posting the employer picks one of their companies; an existing posting keeps
    its company, so the field is dropped.
    """

    city = CityField(
        required=False,
        label="City",
        help_text="Where the work is, e.g. Berlin or São Paulo, Brazil. Remote jobs may leave "
        "it empty or name the city they are based in.",
    )
    applicant_countries = CountryListField(
        required=False,
        label="Applicants may live in",
        help_text="For remote jobs: countries or regions, e.g. US, Canada, European Union, "
        "Latin America. Empty means anywhere in the world.",
    )

    class Meta:
        model = Posting
        fields = POSTING_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 14})}
        field_classes = {"salary_currency": CurrencyField}
        help_texts = {
            "description": "Markdown: **bold**, *italic*, lists, links. Preview before submitting.",
            "salary_currency": "Three-letter code, e.g. USD, EUR, INR, BRL. Empty: the "
            "currency of the city's country.",
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["company"]
        else:
            self.fields["company"].queryset = Company.objects.of_user(user).order_by("name")
            self.fields["company"].empty_label = None
        self.fields["salary_currency"].widget.attrs.update({"maxlength": 3, "size": 4})

    def clean_salary_currency(self) -> str:
        value = (self.cleaned_data["salary_currency"] or "").strip().upper()
        if value and not is_currency(value):
            raise ValidationError(
                "Give a currency's three-letter code (ISO 4217) such as USD, EUR or INR."
            )
        return value


BOARD_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class ImportSourceForm(forms.ModelForm):
    """A feed to import a company's openings from: its system and its board's name."""

    class Meta:
        model = ImportSource
        fields = ["kind", "board"]
        labels = {"kind": "Where your openings are", "board": "Board name or page address"}
        help_texts = {
            "board": "Greenhouse: the board token; Lever: the site name; Ashby: the job board "
            "name; Workable: the account subdomain; a careers page: its full address."
        }

    def __init__(self, *args, company, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.company = company

    def clean(self) -> dict:
        data = super().clean()
        kind, board = data.get("kind"), (data.get("board") or "").strip()
        if kind == ImportKind.JSONLD:
            try:
                URLValidator(schemes=["http", "https"])(board)
            except ValidationError:
                self.add_error("board", "Give the page's full address, starting with https://.")
        elif kind and not BOARD_NAME.match(board):
            self.add_error("board", "Give the board's name as the system writes it, e.g. acme-ai.")
        data["board"] = board
        return data
