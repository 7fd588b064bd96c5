from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jinguo.core.validators import normalize_id_number, normalize_mobile
from jinguo.org.models import Department, OrgUnit, Person


class UnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "kind", "level", "division_code", "sort_order", "is_active"]


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("New parent unit"))

    def __init__(self, *args, candidates=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if candidates is not None:
            cast(forms.ModelChoiceField, self.fields["new_parent"]).queryset = candidates
        self.fields["new_parent"].error_messages["invalid_choice"] = _("Choose a unit within your reach.")


class PersonForm(forms.ModelForm):
    # Wider than the stored 11 digits so "139 0595 0003" or "+86…" can be typed and then normalised.
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)

    class Meta:
        model = Person
        fields = ["name", "gender", "mobile", "title", "department", "id_number", "sort_order"]
        # The stored ID number is never sent back to the browser; blank keeps it.
        widgets = {"id_number": forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})}

    def __init__(self, *args, unit: OrgUnit, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = Department.objects.filter(unit=unit)
        if self.instance.pk and self.instance.id_number:
            self.fields["id_number"].help_text = _("On file: %(masked)s. Leave blank to keep it.") % {
                "masked": self.instance.masked_id_number
            }

    def clean_mobile(self) -> str:
        return normalize_mobile(self.cleaned_data["mobile"] or "")

    def clean_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data["id_number"] or "")
        return value or (self.instance.id_number if self.instance.pk else "")
