from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "community.mail"
    label = "mail"
    verbose_name = _("Outgoing e-mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.mail.models import EmailStatus, OutgoingEmail
        from community.worker.status import register_count

        register_count(
            "failed_emails",
            lambda: OutgoingEmail.objects.filter(status=EmailStatus.FAILED).count(),
        )
