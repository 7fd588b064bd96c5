"""Forms of the party-branch pages. The appraisal form is built from the branch's standards and members."""

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from jinguo.org.models import Department, OrgUnit, Person
from jinguo.plans.branch.services import MAX_INVITATIONS_AT_ONCE, ScoreKey
from jinguo.plans.models import (
    BranchMember,
    BranchPlan,
    BranchStandard,
    CommitmentPeriod,
    LearningCommitment,
    MemberRole,
    Pledge,
)
from jinguo.plans.models.branch import SCORE_MAX, SCORE_MIN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BranchPlanForm(forms.ModelForm):
    class Meta:
        model = BranchPlan
        fields = ["unit", "department", "title", "doc_number", "issuer", "theme", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, units: models.QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
        unit_field.queryset = units
        unit_field.error_messages["invalid_choice"] = _("Choose a unit within your reach.")
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = Department.objects.filter(
            unit__in=units, kind="party"
        ).select_related("unit")


class MemberAddForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
    role = forms.ChoiceField(choices=MemberRole.choices, initial=MemberRole.MEMBER, label=_("Role"))

    def __init__(self, *args: Any, branch: BranchPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["person"])
        field.queryset = (
            Person.objects.filter(unit=branch.unit).exclude(branch_memberships__branch=branch).order_by("sort_order")
        )
        field.error_messages["invalid_choice"] = _("Choose someone of the branch's unit who is not yet a member.")


class PledgeForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["text", "is_published"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        labels = {"is_published": _("Publish it on the public pledge page")}


class PledgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pledge) -> str:  # type: ignore[override]
        return _("%(name)s's pledge") % {"name": obj.member.person.name}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BranchMember) -> str:  # type: ignore[override]
        return obj.person.name


class CommentForm(forms.Form):
    pledge = PledgeChoiceField(
        queryset=Pledge.objects.none(),
        required=False,
        label=_("On"),
        empty_label=_("The branch as a whole"),
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args: Any, branch: BranchPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["pledge"])
        field.queryset = Pledge.objects.filter(branch=branch).select_related("member__person")


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class InvitationForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many invitations"), min_value=1, max_value=MAX_INVITATIONS_AT_ONCE, initial=10
    )


SCORE_CHOICES = [("", "—"), *((value, str(value)) for value in range(SCORE_MAX, SCORE_MIN - 1, -1))]


def score_field_name(standard_id: int, member_id: int | None) -> str:
    return f"branch_{standard_id}" if member_id is None else f"member_{member_id}_{standard_id}"


class AppraisalForm(forms.Form):
    """A 1–5 rating for each of the five goods, and for each member on each of the five take-the-leads."""

    opinion = forms.CharField(
        label=_("Opinions and suggestions"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, standards: dict[str, list[BranchStandard]], members: list[BranchMember], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys: dict[str, ScoreKey] = {}
        self.branch_fields: list[str] = []
        self.member_fields: list[tuple[BranchMember, list[str]]] = []
        for standard in standards["branch"]:
            self.branch_fields.append(self._add(standard, None))
        for member in members:
            self.member_fields.append((member, [self._add(standard, member) for standard in standards["member"]]))
        opinion = self.fields.pop("opinion")
        self.fields["opinion"] = opinion  # last, after the ratings

    def _add(self, standard: BranchStandard, member: BranchMember | None) -> str:
        name = score_field_name(standard.pk, member.pk if member else None)
        self.fields[name] = forms.TypedChoiceField(
            label=standard.title,
            choices=SCORE_CHOICES,
            coerce=int,
            error_messages={
                "required": _("Rate this item."),
                "invalid_choice": _("Choose a rating from 1 to 5."),
            },
        )
        self.keys[name] = (standard.pk, member.pk if member else None)
        return name

    def scores(self) -> dict[ScoreKey, int]:
        return {key: self.cleaned_data[name] for name, key in self.keys.items()}

    def branch_bound(self) -> list[forms.BoundField]:
        return [self[name] for name in self.branch_fields]

    def member_bound(self) -> list[tuple[BranchMember, list[forms.BoundField]]]:
        return [(member, [self[name] for name in names]) for member, names in self.member_fields]


class SelectionForm(forms.Form):
    """The proposal: the branch advanced or not, with its reason; excellent members ticked, each with a reason."""

    is_advanced_branch = forms.BooleanField(label=_("Propose the branch as an advanced branch"), required=False)
    branch_reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, members: list[BranchMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member_rows: list[tuple[BranchMember, str, str]] = []
        for member in members:
            pick, reason = f"excellent_{member.pk}", f"reason_{member.pk}"
            self.fields[pick] = forms.BooleanField(label=member.person.name, required=False)
            self.fields[reason] = forms.CharField(
                label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.member_rows.append((member, pick, reason))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_advanced_branch") and not (data.get("branch_reason") or "").strip():
            self.add_error("branch_reason", _("Give the reason the branch is proposed as advanced."))
        for _member, pick, reason in self.member_rows:
            if data.get(pick) and not (data.get(reason) or "").strip():
                self.add_error(reason, _("Give a reason for every excellent member."))
        return data

    def picks(self) -> list[tuple[BranchMember, str]]:
        return [
            (member, self.cleaned_data[reason]) for member, pick, reason in self.member_rows if self.cleaned_data[pick]
        ]

    def rows(self) -> list[tuple[BranchMember, forms.BoundField, forms.BoundField]]:
        return [(member, self[pick], self[reason]) for member, pick, reason in self.member_rows]


class CommitmentForm(forms.ModelForm):
    member = MemberChoiceField(queryset=BranchMember.objects.none(), label=_("Member"))

    class Meta:
        model = LearningCommitment
        fields = ["member", "title", "period", "target", "measure", "start_date", "due_date"]
        widgets = {"start_date": DATE, "due_date": DATE}
        help_texts = {"due_date": _("Only for a one-off commitment.")}

    def __init__(self, *args: Any, members: models.QuerySet[BranchMember] | None, **kwargs: Any) -> None:
        """`members` lists whom the secretary may set a commitment for; None: members set their own."""
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["member"]
        else:
            field = cast(forms.ModelChoiceField, self.fields["member"])
            field.queryset = members.select_related("person")
        self.fields["period"].initial = CommitmentPeriod.DAY

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") != CommitmentPeriod.ONCE:
            data["due_date"] = None
        elif not data.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", _("A one-off commitment needs a due date."))
        return data


class LogForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    quantity = forms.IntegerField(label=_("Amount"), min_value=1, max_value=1000, initial=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
