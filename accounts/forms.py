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
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address exists; log in or reset its password.",
                code="email_taken",
            )
        return email


class LoginForm(HoneypotMixin, AuthenticationForm):
    pass
