from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from jobboard.lib.abuse import HoneypotMixin

User = get_user_model()


class SignUpForm(HoneypotMixin, UserCreationForm):
    email = forms.EmailField(
        label="Work e-mail address", help_text="We send a link here to confirm it."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]

    def clean_email(self) -> str:
        # No check for an existing account here: the form must not tell (see views.signup).
        return self.cleaned_data["email"].strip()


class LoginForm(HoneypotMixin, AuthenticationForm):
    pass
