from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from jinguo.core.validators import validate_mobile


class User(AbstractUser):
    """A login. Linked to the directory person it belongs to; logs in by username or mobile."""

    mobile = models.CharField(
        _("mobile"), max_length=11, null=True, blank=True, unique=True, validators=[validate_mobile]
    )
    person = models.OneToOneField(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="user", verbose_name=_("person")
    )

    must_change_password = models.BooleanField(
        _("must change password"), default=False, help_text=_("Set when an administrator sets the password.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        if self.person_id and self.person:
            return self.person.name
        return self.get_full_name() or self.username
