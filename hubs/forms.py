from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from . import gazetteer
from .models import City, Hub, stored_points

CONVERSION_FORMULA = (
    "equivalent = amount x (cost-of-living index of `to` / cost-of-living index of `from`)."
)
# Far above any salary, and small enough that the arithmetic never overflows.
AMOUNT_CEILING = 100_000_000


class HubChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": "Choose a hub with a single cost-of-living index; "
        "the Remote market and hubs without figures cannot be converted.",
    }

    def label_from_instance(self, hub: Hub) -> str:
        return f"{hub.name} (index {hub.cost_of_living_index})"


class SalaryConversionForm(forms.Form):
    """What an amount earned in one hub buys in another; the query parameters are
    `amount`, `from` and `to` (hub slugs), the same as the API's."""

    amount = forms.IntegerField(
        min_value=1,
        max_value=AMOUNT_CEILING,
        label="Salary",
        help_text="A year, any currency.",
        # A text box keeps whatever was typed when it is refused; a number box would blank it.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # `from` is a Python keyword, so these two fields are added here rather than declared.
        hubs = Hub.objects.with_cost_index()
        self.fields["from"] = HubChoiceField(hubs, to_field_name="slug", label="Earned in")
        self.fields["to"] = HubChoiceField(hubs, to_field_name="slug", label="Living in")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def convert(self) -> int:
        data = self.cleaned_data
        return data["from"].buys_in(data["amount"], data["to"])


class CityInput(forms.TextInput):
    """A text input that suggests cities as one types (static/js/city-search.js), through a
    <datalist> rendered after it; without the script, a plain text field."""

    def __init__(self, attrs=None) -> None:
        super().__init__({"autocomplete": "off", "maxlength": 200, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id', name)}-cities"
        widget_attrs["data-city-search"] = reverse("hubs:city-search")
        return context

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id', name)}-cities"
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


class CityField(forms.CharField):
    """A city typed by name ("Berlin", "London, ON", "São Paulo, Brazil") or picked from
    the suggestions, checked against the gazetteer; cleans to its `City` row. A name that
    fits no city, or several alike, is refused with the nearest suggestions."""

    widget = CityInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, City):
            return value.label
        if isinstance(value, int):  # a bound model form's initial city id
            city = City.objects.filter(pk=value).first()
            return city.label if city else ""
        return value

    def clean(self, value) -> City | None:
        if isinstance(value, City):
            return value
        text = super().clean(value)
        if not text:
            return None
        known = stored_points().get(text.lower())
        if known is not None:
            return City.objects.get(pk=known.city_id)
        place = gazetteer.resolve(text)
        if place is None:
            close = gazetteer.search(text, limit=5)
            hint = " Did you mean: " + "; ".join(p.label for p in close) + "?" if close else ""
            raise ValidationError(
                f"We could not tell which city “{text}” is.{hint} Add the country after a "
                "comma, e.g. “London, United Kingdom”.",
                code="unknown_city",
            )
        return City.objects.from_place(place)
