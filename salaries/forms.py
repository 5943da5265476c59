"""The one validation of salary-index parameters, shared by /salaries/ and /api/v1/salaries/."""

from django import forms
from django.core.validators import RegexValidator

from roles.models import Role

from .models import SurveyEmployment, SurveyLevel, SurveyRemote
from .stats import SalaryQuery


class SalaryFilterForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=Role.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All roles",
        label="Role",
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        label="Exact job title",
        help_text="As respondents wrote it, ignoring case, e.g. Machine Learning Engineer.",
    )
    level = forms.ChoiceField(
        choices=[("", "All levels"), *SurveyLevel.choices], required=False, label="Level"
    )
    country = forms.CharField(
        required=False,
        label="Country of residence",
        help_text="Two-letter ISO code, e.g. US, GB, DE.",
        validators=[
            RegexValidator(
                r"^[A-Za-z]{2}$", "Give a two-letter country code, e.g. US.", code="country"
            )
        ],
    )
    remote = forms.ChoiceField(
        choices=[("", "Any"), *SurveyRemote.choices], required=False, label="Remote"
    )
    type = forms.ChoiceField(
        choices=[("", "Any"), *SurveyEmployment.choices],
        required=False,
        label="Employment type",
    )
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False, label="Year")

    def clean_country(self) -> str:
        return self.cleaned_data["country"].upper()

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def query(self) -> SalaryQuery:
        """The validated parameters as a SalaryQuery; call only after is_valid()."""
        data = self.cleaned_data
        return SalaryQuery(
            role=data["role"],
            title=data["title"],
            level=data["level"],
            country=data["country"],
            remote=data["remote"],
            employment_type=data["type"],
            year=data["year"],
        )
