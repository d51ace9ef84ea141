"""Every viewer-dependent read about needs: a need under its project, a need
from its short address (404 when the viewer may not see its project)."""

from __future__ import annotations

from django.http import Http404

from community.volunteering import permissions
from community.volunteering.models import Need, Project
from community.volunteering.queries import places_taken_subquery, skills_prefetch


def need_in_project(viewer, project: Project, pk: int) -> Need:
    need = (
        Need.objects.filter(project=project, pk=pk)
        .prefetch_related(skills_prefetch())
        .annotate(places_taken=places_taken_subquery())
        .first()
    )
    if need is None:
        raise Http404
    need.project = project
    return need


def need_by_pk(viewer, pk: int) -> Need:
    need = Need.objects.select_related("project", "project__group").filter(pk=pk).first()
    if need is None or not permissions.can_view_project(viewer, need.project):
        raise Http404
    return need
