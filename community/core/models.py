"""The network: the one configuration row that makes an Entraide install an
association's own community (name, look, who may join, who may read)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.core.themes import THEME_CHOICES

hex_colour = RegexValidator(
    regex=r"^#[0-9a-fA-F]{6}$",
    message=_("Enter a colour as # followed by six hexadecimal digits, for example #1f6feb."),
)


def branding_path(instance: Network, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"network/{uuid.uuid4().hex}.{extension}"


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open: anyone may sign up")
    APPROVAL = "approval", _("Approval: a network admin approves each sign-up")
    INVITATION = "invitation", _("Invitation only")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: visitors see public content")
    PRIVATE = "private", _("Private: everything is behind sign-in")


class GroupCreation(models.TextChoices):
    MEMBERS = "members", _("Any member may create groups")
    ADMINS = "admins", _("Only network admins may create groups")


class Network(models.Model):
    """Singleton (primary key 1): read it with ``community.core.network.get_network``."""

    name = models.CharField(_("name"), max_length=80)
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    about = models.TextField(
        _("about"), blank=True, help_text=_("Shown on the landing page. Markdown is allowed.")
    )
    logo = models.ImageField(_("logo"), upload_to=branding_path, blank=True)
    favicon = models.ImageField(_("favicon"), upload_to=branding_path, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=THEME_CHOICES, default="entraide")
    primary_color = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[hex_colour],
        help_text=_("Leave empty to use the theme's colour."),
    )
    accent_color = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[hex_colour],
        help_text=_("Leave empty to use the theme's colour."),
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    registration_mode = models.CharField(
        _("registration"),
        max_length=12,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OPEN,
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    group_creation = models.CharField(
        _("group creation"),
        max_length=8,
        choices=GroupCreation.choices,
        default=GroupCreation.MEMBERS,
    )
    terms_text = models.TextField(
        _("terms of use"), blank=True, help_text=_("Shown at sign-up. Markdown is allowed.")
    )
    privacy_text = models.TextField(
        _("privacy policy"), blank=True, help_text=_("Shown at sign-up. Markdown is allowed.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("network")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="network_singleton")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def has_terms(self) -> bool:
        return bool(self.terms_text.strip() or self.privacy_text.strip())
