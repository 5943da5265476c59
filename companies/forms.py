from django import forms

from .models import Company, Membership


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "website", "description", "logo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"logo": "PNG, JPEG, GIF or WebP."}


class InviteForm(forms.Form):
    email = forms.EmailField(label="Colleague's e-mail address")
    role = forms.ChoiceField(choices=Membership._meta.get_field("role").choices, initial="member")
