"""``python manage.py spinup``: create the network and its first admin.

Everything can come from flags; what is missing is asked for when a person is
at the keyboard. Running it again changes nothing and says so.
"""

from __future__ import annotations

import secrets
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from community.core import actions
from community.core.models import Network, RegistrationMode, Visibility
from community.core.themes import THEMES
from community.members import demo
from community.members.actions import create_account
from community.members.models import User

LANGUAGES = ("en", "fr")


class Command(BaseCommand):
    help = (
        "Create the network and its first admin (safe to run again). --demo adds a demo "
        "community, its texts in the network's language: --language fr (the default with "
        "--demo) or en."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="The network's name.")
        parser.add_argument("--tagline", help="A one-line description.")
        parser.add_argument("--about", help="A few paragraphs for the landing page (Markdown).")
        parser.add_argument("--admin-email", help="E-mail address of the first network admin.")
        parser.add_argument("--admin-name", help="Display name of the first admin.")
        parser.add_argument(
            "--admin-password",
            help="Password of the first admin (a random one is printed if omitted).",
        )
        parser.add_argument("--theme", choices=sorted(THEMES), default=None)
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=None,
            help=(
                "The network's default language; with --demo, also the language of the "
                f"demo texts (default: {demo.DEFAULT_DEMO_LANGUAGE} with --demo, en without)."
            ),
        )
        parser.add_argument("--visibility", choices=[v.value for v in Visibility], default=None)
        parser.add_argument(
            "--registration", choices=[m.value for m in RegistrationMode], default=None
        )
        parser.add_argument(
            "--demo", action="store_true", help="Add a demo community (members, groups, posts…)."
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Never ask questions."
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="Where the site will be served, for the sign-in hint (make run passes its own).",
        )

    def handle(self, *args, **options) -> None:
        self.interactive = options["interactive"] and sys.stdin.isatty()
        explicit_language = options.get("language") is not None
        if options["demo"]:
            language = options.get("language") or demo.DEFAULT_DEMO_LANGUAGE
            for key, value in demo.localise(demo.NETWORK_DEFAULTS, language).items():
                if options.get(key) is None:
                    options[key] = value
        network = Network.objects.filter(pk=1).first()
        if network is not None:
            self.stdout.write(f"The network “{network.name}” already exists: nothing to create.")
        else:
            network = self._create_network(options)
        if options["demo"]:
            # In the network's language (an existing network keeps its own).
            language = options["language"] if explicit_language else network.default_language
            if language not in demo.DEMO_LANGUAGES:
                language = demo.DEFAULT_DEMO_LANGUAGE
            created = demo.seed_demo(stdout=self.stdout, language=language)
            if not created:
                self.stdout.write("The demo community is already there: nothing added.")
        if demo.demo_admin_exists():
            self.stdout.write(self.style.SUCCESS(demo.sign_in_help(options["url"])))

    def _create_network(self, options: dict) -> Network:
        name = self._required(options, "name", "Network name")
        email = self._required(options, "admin_email", "Admin e-mail").lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"--admin-email: “{email}” is not a valid e-mail address.") from exc
        admin_name = options.get("admin_name") or self._ask("Admin display name", "Admin")
        password = options.get("admin_password")
        generated = False
        if not password:
            password = secrets.token_urlsafe(12)
            generated = True
        with transaction.atomic():
            try:
                network = actions.create_network(
                    name=name,
                    tagline=options.get("tagline") or "",
                    theme=options.get("theme") or "entraide",
                    default_language=options.get("language") or "en",
                    visibility=options.get("visibility") or Visibility.PRIVATE,
                    registration_mode=options.get("registration") or RegistrationMode.OPEN,
                    about=options.get("about") or "",
                )
            except ValidationError as exc:
                raise CommandError(f"Invalid network settings: {exc.messages}") from exc
            if User.objects.filter(email=email).exists():
                self.stdout.write(f"The account {email} already exists: it stays as it is.")
            else:
                create_account(
                    email=email, password=password, display_name=admin_name, is_network_admin=True
                )
                if generated:
                    self.stdout.write(f"Admin password (shown once): {password}")
        self.stdout.write(self.style.SUCCESS(f"Network “{network.name}” created, admin {email}."))
        return network

    def _required(self, options: dict, key: str, prompt: str) -> str:
        value = (options.get(key) or "").strip()
        if not value:
            value = self._ask(prompt, "")
        if not value:
            raise CommandError(f"--{key.replace('_', '-')} is required (or run with --demo).")
        return value

    def _ask(self, prompt: str, default: str) -> str:
        if not self.interactive:
            return default
        answer = input(f"{prompt}{f' [{default}]' if default else ''}: ").strip()
        return answer or default
