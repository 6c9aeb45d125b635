"""The forms of the webadmin pages: they parse and validate input, nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet

from pyomero.model.actions.accounts import ExperimenterEdit, Role
from pyomero.model.models import Experimenter, ExperimenterGroup, Permissions
from pyomero.webadmin import privileges

ROLE_CHOICES = [(role, role.capitalize()) for role in Role.ALL]
LEVEL_CHOICES = [(level.label, level.label) for level in Permissions]


class Form(forms.Form):
    """Labels without Django's trailing colon (the page's CSS sets them apart)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ExperimenterForm(Form):
    ome_name = forms.CharField(label="Username", max_length=255)
    first_name = forms.CharField(max_length=255)
    middle_name = forms.CharField(max_length=255, required=False)
    last_name = forms.CharField(max_length=255)
    email = forms.EmailField(max_length=255, required=False)
    institution = forms.CharField(max_length=255, required=False)
    active = forms.BooleanField(required=False, initial=True)
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial=Role.USER, widget=forms.RadioSelect)
    privileges = forms.MultipleChoiceField(
        choices=privileges.CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    groups = forms.ModelMultipleChoiceField(
        queryset=ExperimenterGroup.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    default_group = forms.ModelChoiceField(
        queryset=ExperimenterGroup.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, groups: QuerySet[ExperimenterGroup], new: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
        self.fields["default_group"].queryset = groups  # type: ignore[attr-defined]
        if new:
            self.fields["password"] = forms.CharField(widget=forms.PasswordInput)
            self.fields["confirmation"] = forms.CharField(
                label="Confirm password", widget=forms.PasswordInput
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" in self.fields and data.get("password"):
            if data["password"] != data.get("confirmation"):
                self.add_error("confirmation", "The passwords do not match.")
            else:
                try:
                    password_validation.validate_password(data["password"])
                except forms.ValidationError as exc:
                    self.add_error("password", exc)
        default = data.get("default_group")
        if default is not None and default not in data.get("groups", []):
            self.add_error("default_group", "The default group must be one of the groups.")
        return data

    def edit(self, current: frozenset[Any] = frozenset()) -> ExperimenterEdit:
        data = self.cleaned_data
        return ExperimenterEdit(
            ome_name=data["ome_name"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            middle_name=data["middle_name"],
            email=data["email"],
            institution=data["institution"],
            active=data["active"],
            groups=tuple(data["groups"]),
            default_group=data["default_group"],
            role=data["role"],
            privileges=privileges.keep_or_replace(current, data["privileges"]),
        )

    @staticmethod
    def initial_of(experimenter: Experimenter, role: str) -> dict[str, Any]:
        return {
            "ome_name": experimenter.ome_name,
            "first_name": experimenter.first_name,
            "middle_name": experimenter.middle_name,
            "last_name": experimenter.last_name,
            "email": experimenter.email,
            "institution": experimenter.institution,
            "active": experimenter.is_active,
            "role": role,
            "privileges": privileges.boxes_of(experimenter.privileges()),
            "groups": list(
                ExperimenterGroup.objects.filter(member_maps__child=experimenter).values_list(
                    "pk", flat=True
                )
            ),
            "default_group": experimenter.default_group_id,
        }


class GroupForm(Form):
    name = forms.CharField(max_length=255)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    permissions = forms.ChoiceField(
        choices=LEVEL_CHOICES, initial=Permissions.PRIVATE.label, widget=forms.RadioSelect
    )
    owners = forms.ModelMultipleChoiceField(
        queryset=Experimenter.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Experimenter.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: QuerySet[Experimenter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]


class MembersForm(Form):
    """What a group owner changes in ``group_owner/``: members and owners."""

    owners = GroupForm.base_fields["owners"]
    members = GroupForm.base_fields["members"]

    def __init__(self, *args: Any, people: QuerySet[Experimenter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]


class ResetPasswordForm(Form):
    """A new password, twice (Django's validators run in the action)."""

    password = forms.CharField(label="New password", widget=forms.PasswordInput)
    confirmation = forms.CharField(label="Confirm new password", widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data["password"] != data.get("confirmation"):
            self.add_error("confirmation", "The passwords do not match.")
        return data


class PasswordForm(ResetPasswordForm):
    old_password = forms.CharField(
        label="Current password", widget=forms.PasswordInput, required=False
    )
    field_order = ["old_password", "password", "confirmation"]


class MyAccountForm(Form):
    first_name = forms.CharField(max_length=255)
    middle_name = forms.CharField(max_length=255, required=False)
    last_name = forms.CharField(max_length=255)
    email = forms.EmailField(max_length=255, required=False)
    institution = forms.CharField(max_length=255, required=False)
    default_group = forms.ModelChoiceField(
        queryset=ExperimenterGroup.objects.none(), required=False
    )

    def __init__(self, *args: Any, groups: QuerySet[ExperimenterGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_group"].queryset = groups  # type: ignore[attr-defined]


class AvatarForm(Form):
    photo = forms.FileField()


class EmailForm(Form):
    subject = forms.CharField(max_length=255)
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}))
    everyone = forms.BooleanField(required=False, label="All active users")
    groups = forms.ModelMultipleChoiceField(
        queryset=ExperimenterGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    experimenters = forms.ModelMultipleChoiceField(
        queryset=Experimenter.objects.none(), required=False, widget=forms.SelectMultiple
    )
    inactive = forms.BooleanField(required=False, label="Include inactive users")

    def __init__(
        self,
        *args: Any,
        groups: QuerySet[ExperimenterGroup],
        people: QuerySet[Experimenter],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
        self.fields["experimenters"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("everyone") or data.get("groups") or data.get("experimenters")):
            raise forms.ValidationError("Choose who receives the message.")
        return data


class ForgottenPasswordForm(Form):
    username = forms.CharField(max_length=255)
    email = forms.EmailField(max_length=255)
