"""What lives in a group: its content's audience, and what must happen to it
when the group changes.

Content posted in a group takes its audience from the group: an open group's
content is ``public`` (every member sees it, and visitors too on a public
network); a closed or secret group's is ``group:<id>``. The audience is
stored on each row (so feeds filter in SQL), and a privacy change rewrites
it: every model holding group content is registered here — the apps above
from their ``AppConfig.ready()``, the stream's ``Activity`` and the
``Notification`` rows by this app (they sit below groups) — and the privacy
action calls ``refresh_group_audience`` inside its transaction.

Apps above may also refuse a group's deletion (``register_deletion_guard``):
volunteering does when volunteers have worked on the group's projects.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from community.core.audiences import PUBLIC, group_audience
from community.groups.models import Group, Privacy

_content_models: dict[str, type[models.Model]] = {}
_deletion_guards: list[Callable[[Group], None]] = []


def audience_for_group(group: Group) -> str:
    """The audience of content posted in ``group``."""
    if group.privacy == Privacy.OPEN:
        return PUBLIC
    return group_audience(group.pk)


def register_group_content(model: type[models.Model]) -> None:
    """Declare that ``model`` rows carry a ``group`` FK and a stored ``audience``."""
    field_names = {field.name for field in model._meta.get_fields()}
    if not {"group", "audience"} <= field_names:
        raise ImproperlyConfigured(
            f"{model._meta.label} needs a `group` foreign key and an `audience` field "
            "to be registered as group content."
        )
    _content_models[model._meta.label] = model


def group_content_models() -> tuple[type[models.Model], ...]:
    return tuple(_content_models.values())


def refresh_group_audience(group: Group) -> int:
    """Rewrite the stored audience of everything in ``group`` after a privacy
    change; returns the number of rows updated. Call it inside the action's
    transaction so the change is all-or-nothing."""
    audience = audience_for_group(group)
    updated = 0
    for model in group_content_models():
        updated += (
            model._default_manager.filter(group=group)
            .exclude(audience=audience)
            .update(audience=audience)
        )
    return updated


def register_deletion_guard(guard: Callable[[Group], None]) -> None:
    """``guard(group)`` raises ``ValidationError`` when ``group`` may not be
    deleted; it runs inside the deletion's transaction (lock what you read)."""
    if guard not in _deletion_guards:
        _deletion_guards.append(guard)


def check_group_deletable(group: Group) -> None:
    for guard in _deletion_guards:
        guard(group)
