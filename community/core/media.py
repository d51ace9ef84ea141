"""Serving uploaded files once the caller has decided who may read them.

Post images, group pictures and project covers are served by their own views
(``posts:image``, ``groups:picture``, ``volunteering:project_cover``) after
the visibility check; the generic ``/media/`` view (``core.views.media``)
answers 404 for them (``is_private_media``).
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

# The directories of uploads that only their own views serve.
PRIVATE_MEDIA_DIRECTORIES = frozenset({"posts", "groups", "projects"})

# A stored upload's name is already normal: segments of the characters Django's
# storage keeps in a file name (``get_valid_filename``: letters, digits, ``-``,
# ``_``, ``.``), separated by single slashes, none ending in a dot — so no
# ``.``/``..``/empty segment, no backslash, ``%`` (a doubled encoding), space or
# control character. Any other spelling is refused, never normalised: what is
# checked is exactly what is served.
_NORMAL_MEDIA_NAME = re.compile(r"[-\w.]*[-\w](?:/[-\w.]*[-\w])*")


def media_file(name: str) -> Path:
    """The uploaded file ``name`` (relative to ``MEDIA_ROOT``) names; 404 unless
    ``name`` is in normal form and names an existing file inside the media root
    (symbolic links resolved)."""
    if not _NORMAL_MEDIA_NAME.fullmatch(name):
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / name).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    return target


def serve_media_file(name: str) -> HttpResponse:
    """Stream the uploaded file ``name`` (relative to ``MEDIA_ROOT``) once the
    caller has checked who may read it; 404 when it is missing, outside the
    media root or not spelled in normal form (``media_file``). With
    ``MEDIA_ACCEL_REDIRECT`` set, nginx streams the file (X-Accel-Redirect)."""
    target = media_file(name)
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse()
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + name
        response["Content-Type"] = mimetypes.guess_type(target.name)[0] or ""
    else:
        response = FileResponse(target.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def is_private_media(name: str) -> bool:
    """``name`` is in a directory only a checked view serves (decided on the
    file that would be served: normal spelling only, links resolved; 404 for
    any other spelling)."""
    target = media_file(name)
    directory = target.relative_to(Path(settings.MEDIA_ROOT).resolve()).parts[0]
    return directory.casefold() in PRIVATE_MEDIA_DIRECTORIES
