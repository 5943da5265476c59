from django import forms
from django.core.exceptions import ValidationError

from companies.models import Company
from jobboard.lib.abuse import HoneypotMixin

from .models import COUNTRY_CODE, Posting


class CountryListField(forms.CharField):
    """Two-letter country codes typed as "US, GB, DE"; stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        codes = [code.strip().upper() for code in (value or "").replace(";", ",").split(",")]
        codes = [code for code in codes if code]
        bad = [code for code in codes if not COUNTRY_CODE.match(code)]
        if bad:
            raise ValidationError(
                "Use two-letter country codes separated by commas, e.g. US, GB. Not valid: "
                + ", ".join(bad),
                code="invalid_country_list",
            )
        return codes


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


class PostingForm(HoneypotMixin, forms.ModelForm):
    """Every posting field, validated by Posting.clean (salary ratio, duplicates, apply route).

    On a new posting the employer picks one of their companies; an existing posting keeps
    its company, so the field is dropped.
    """

    applicant_countries = CountryListField(
        required=False,
        label="Applicants may live in",
        help_text="For remote jobs: two-letter country codes, e.g. US, CA. Empty means anywhere.",
    )

    class Meta:
        model = Posting
        fields = POSTING_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 14})}
        field_classes = {"salary_currency": CurrencyField}
        help_texts = {
            "description": "Markdown: **bold**, *italic*, lists, links. Preview before submitting.",
            "salary_currency": "Three-letter code, e.g. USD, EUR, GBP.",
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["company"]
        else:
            self.fields["company"].queryset = Company.objects.of_user(user).order_by("name")
            self.fields["company"].empty_label = None
        self.fields["hub"].label = "City"
        self.fields["hub"].empty_label = "(remote, no city)"
        self.fields["salary_currency"].widget.attrs.update({"maxlength": 3, "size": 4})
