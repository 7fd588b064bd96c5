from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

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
    class Meta:
        model = Person
        fields = ["name", "gender", "mobile", "title", "department", "id_number", "sort_order"]
        widgets = {"id_number": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, unit: OrgUnit, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = Department.objects.filter(unit=unit)
