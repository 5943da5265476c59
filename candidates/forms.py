from django import forms
from django.core.exceptions import ValidationError

from .alerts import normalise_query
from .models import AlertFrequency


class JobAlertForm(forms.Form):
    """Save a search as an e-mail alert. `query` is the /jobs/ query string, carried in a
    hidden field and checked again here by the one PostingFilter."""

    email = forms.EmailField(label="Your e-mail address", max_length=254)
    frequency = forms.ChoiceField(
        label="How often",
        choices=AlertFrequency.choices,
        initial=AlertFrequency.DAILY,
        widget=forms.RadioSelect,
    )
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_query(self) -> str:
        try:
            return normalise_query(self.cleaned_data["query"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0], code="invalid_search") from None
