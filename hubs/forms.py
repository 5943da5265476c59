from django import forms

from .models import Hub

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
