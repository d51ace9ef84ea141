"""Post pages and endpoints. Thin: look the post up for the viewer (404 when
they may not see it), call one action or selector, render or redirect.

Comment and reaction forms work with htmx (the response is the fragment to
swap) and without JavaScript (POST, then a redirect to the post).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.activity.visibility import is_active_member
from community.core.media import serve_media_file
from community.core.pages import form_page
from community.core.redirects import next_url
from community.groups.models import Group
from community.groups.selectors import group_by_slug
from community.members.models import User
from community.members.selectors import member_by_handle, viewer_for
from community.posts import actions, permissions, selectors
from community.posts.forms import (
    CommentForm,
    PostEditForm,
    PostForm,
    ReactionForm,
)
from community.posts.models import Comment, Post, ReactionKind


def _sign_in_first(request: HttpRequest, where: str) -> HttpResponse | None:
    """Visitors (and suspended accounts) are sent to sign in; htmx is told to go there."""
    if request.user.is_authenticated:
        return None
    if request.htmx:
        response = HttpResponse(status=403)
        response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': where})}"
        return response
    return redirect_to_login(where)


def _error_response(request: HttpRequest, error: ValidationError, fallback: str) -> HttpResponse:
    """An action refused the input: a message fragment for htmx, else a redirect."""
    text = " ".join(error.messages)
    if request.htmx:
        return HttpResponse(text, status=422, content_type="text/plain; charset=utf-8")
    messages.error(request, text)
    return redirect(fallback)


# --- Writing a post -------------------------------------------------------------------


def _composer_place(request: HttpRequest) -> tuple[Group | None, User | None]:
    """Where the composer posts (``group=`` or ``wall=``, GET and POST alike),
    looked up for the viewer before anything shows its name: 404 for a group
    or a profile they may not see (whether it exists or not), 403 for a
    group or wall they see but may not post in."""
    data = request.POST if request.method == "POST" else request.GET
    group = wall_owner = access = None
    if slug := data.get("group"):
        group, access = group_by_slug(viewer=request.user, slug=slug)
    elif handle := data.get("wall"):
        wall_owner = member_by_handle(viewer_for(request.user, network=request.network), handle)
        if wall_owner is None:
            raise Http404
    permissions.check_post(request.user, group=group, access=access, wall_owner=wall_owner)
    return group, wall_owner


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """The composer's target. Errors re-render the composer on its own page
    (with what was typed), success goes back to where it was opened."""
    group, wall_owner = _composer_place(request)
    if group is not None:
        default_next = group.get_absolute_url()
    elif wall_owner is not None:
        default_next = wall_owner.get_absolute_url()
    else:
        default_next = reverse("home")
    return form_page(
        request,
        PostForm,
        template="posts/compose.html",
        form_kwargs={"with_audience": group is None},
        context={
            "group": group,
            "wall_owner": wall_owner,
            "next": next_url(request, default_next),
        },
        action=lambda form: actions.create_post(
            author=request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data["title"],
            group=group,
            wall_owner=wall_owner,
            audience=form.cleaned_data.get("audience") or "members",
            images=request.FILES.getlist("images"),
        ),
        success=_("Your post is published."),
        redirect_to=lambda post: (
            post if request.POST.get("then") == "post" else next_url(request, default_next)
        ),
        invalid_message=_("Please correct the errors below. Nothing was published."),
    )


# --- The permalink and the post's images ---------------------------------------------------


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.post_page(viewer=request.user, pk=pk, page=request.GET.get("page"))
    post = page.post
    comment_form = CommentForm(initial={"body": request.GET.get("body", "")[:5000]})
    # Without JavaScript, a feed item's reaction buttons and comment form open
    # this page (GET): the reaction is confirmed here, the text prefilled.
    kind = request.GET.get("kind", "")
    confirm_target: Post | Comment | None = None
    if kind in ReactionKind.values and page.can_interact:
        confirm_target = post
        if comment_pk := request.GET.get("comment", ""):
            confirm_target = (
                Comment.objects.filter(pk=int(comment_pk), post=post).first()
                if comment_pk.isdigit()
                else None
            )
    return render(
        request,
        "posts/detail.html",
        {
            "page": page,
            "post": post,
            "post_url": post.get_absolute_url(),
            "comment_form": comment_form,
            "confirm_target": confirm_target,
            "confirm_reaction": kind if confirm_target is not None else "",
            "confirm_label": ReactionKind(kind).label if confirm_target is not None else "",
        },
    )


@require_GET
def image(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    """A post's image, for who may see the post (404 otherwise)."""
    row = selectors.image_for_viewer(viewer=request.user, post_pk=pk, image_pk=image_pk)
    return serve_media_file(row.image.name)


@require_GET
def image_page(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    """A post's image on a page of its own (its description, the post, the
    other images), where the post's image links lead."""
    page = selectors.image_page(viewer=request.user, post_pk=pk, image_pk=image_pk)
    return render(request, "posts/image.html", {"page": page, "post": page.post})


# --- Editing and deleting a post -----------------------------------------------------------


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for_viewer(viewer=request.user, pk=pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied(_("Only the author may edit a post."))
    return form_page(
        request,
        PostEditForm,
        template="posts/edit.html",
        form_kwargs={"post": post, "initial": {"title": post.title, "body": post.body}},
        context={"post": post, "images": list(post.images.all())},
        action=lambda form: actions.update_post(
            actor=request.user,
            post=post,
            body=form.cleaned_data["body"],
            title=form.cleaned_data["title"],
            remove_images=form.cleaned_data.get("remove_images") or [],
            images=request.FILES.getlist("images"),
        ),
        success=_("Your post is updated."),
        redirect_to=post,
    )


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for_viewer(viewer=request.user, pk=pk)
    if not permissions.can_delete_post(request.user, post):
        raise PermissionDenied(_("Only the author or an admin may delete this post."))
    if post.group_id:
        after = post.group.get_absolute_url()
    elif post.wall_owner_id:
        after = post.wall_owner.get_absolute_url()
    else:
        after = reverse("home")
    if request.method == "POST":
        actions.delete_post(actor=request.user, post=post)
        messages.success(request, _("The post was deleted."))
        return redirect(after)
    return render(
        request,
        "posts/confirm.html",
        {
            "title": _("Delete this post?"),
            "text": _(
                "The post, its comments, reactions and images are deleted for good, "
                "and disappear from every feed."
            ),
            "excerpt": str(post),
            "button": _("Delete the post"),
            "action": reverse("posts:delete", kwargs={"pk": post.pk}),
            "cancel": post.get_absolute_url(),
        },
    )


# --- Comments ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment (or a reply with ``parent``). GET goes to the post's form."""
    where = reverse("posts:detail", kwargs={"pk": pk})
    if request.method == "GET":
        return redirect(where + "#comment-form")
    if response := _sign_in_first(request, where):
        return response
    post = selectors.post_for_viewer(viewer=request.user, pk=pk)
    form = CommentForm(request.POST)
    form.is_valid()
    parent = None
    if parent_pk := form.cleaned_data.get("parent"):
        parent = get_object_or_404(Comment, pk=parent_pk, post=post)
    try:
        created = actions.add_comment(
            author=request.user, post=post, body=form.cleaned_data.get("body", ""), parent=parent
        )
    except ValidationError as error:
        return _error_response(request, error, where + "#comment-form")
    if request.htmx:
        created.post = post
        return render(
            request,
            "posts/_comment.html",
            {
                "comment": created,
                "post": post,
                "post_url": post.get_absolute_url(),
                "viewer": request.user,
                "live": True,
                "show_reply_form": created.parent_id is None,
            },
        )
    messages.success(request, _("Your comment is published."))
    return redirect(created.get_absolute_url())


def _comment_or_404(request: HttpRequest, pk: int, comment_pk: int) -> tuple[Post, Comment]:
    return selectors.comment_for_viewer(viewer=request.user, post_pk=pk, comment_pk=comment_pk)


@login_required
def edit_comment(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    post, item = _comment_or_404(request, pk, comment_pk)
    if not permissions.can_edit_comment(request.user, item):
        raise PermissionDenied(_("Only the author may edit a comment."))
    return form_page(
        request,
        CommentForm,
        template="posts/comment_edit.html",
        form_kwargs={"initial": {"body": item.body}},
        context={"post": post, "comment": item},
        action=lambda form: actions.update_comment(
            actor=request.user, comment=item, body=form.cleaned_data["body"]
        ),
        success=_("Your comment is updated."),
        redirect_to=item.get_absolute_url(),
    )


@login_required
def delete_comment(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    post, item = _comment_or_404(request, pk, comment_pk)
    if not permissions.can_delete_comment(request.user, item, post):
        raise PermissionDenied(_("Only the author or an admin may delete this comment."))
    if request.method == "POST":
        actions.delete_comment(actor=request.user, comment=item)
        messages.success(request, _("The comment was deleted."))
        return redirect(post)
    return render(
        request,
        "posts/confirm.html",
        {
            "title": _("Delete this comment?"),
            "text": _("The comment, its replies and their reactions are deleted for good."),
            "excerpt": str(item),
            "button": _("Delete the comment"),
            "action": reverse(
                "posts:delete_comment", kwargs={"pk": post.pk, "comment_pk": item.pk}
            ),
            "cancel": item.get_absolute_url(),
        },
    )


# --- Reactions ------------------------------------------------------------------------------


def _react(request: HttpRequest, post: Post, target: Post | Comment) -> HttpResponse:
    where = target.get_absolute_url()
    form = ReactionForm(request.POST)
    if not form.is_valid():
        error = ValidationError(form.errors["kind"])
        return _error_response(request, error, where)
    try:
        mine = actions.toggle_reaction(
            user=request.user,
            kind=form.cleaned_data["kind"],
            post=target if isinstance(target, Post) else None,
            comment=target if isinstance(target, Comment) else None,
        )
    except ValidationError as error:
        return _error_response(request, error, where)
    if request.htmx:
        target.refresh_from_db(fields=["reaction_counts"])
        return render(
            request,
            "posts/_reactions.html",
            {"target": target, "post_url": post.get_absolute_url(), "mine": mine or ""},
        )
    return redirect(where)


@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    where = reverse("posts:detail", kwargs={"pk": pk})
    if response := _sign_in_first(request, where):
        return response
    post = selectors.post_for_viewer(viewer=request.user, pk=pk)
    return _react(request, post, post)


@require_POST
def react_to_comment(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    where = reverse("posts:detail", kwargs={"pk": pk})
    if response := _sign_in_first(request, where):
        return response
    post, item = _comment_or_404(request, pk, comment_pk)
    return _react(request, post, item)


def _who_reacted(request: HttpRequest, post: Post, target: Post | Comment) -> HttpResponse:
    kind = request.GET.get("kind", "")
    page = selectors.reactions(target=target, kind=kind, page=request.GET.get("page"))
    context = {
        "post": post,
        "target": target,
        "page": page,
        "kind": kind if kind in ReactionKind.values else "",
        "query": urlencode({"kind": kind}) if kind in ReactionKind.values else "",
    }
    template = "posts/_who_reacted.html" if request.htmx else "posts/who_reacted.html"
    return render(request, template, context)


@require_GET
def reactions(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for_viewer(viewer=request.user, pk=pk)
    return _who_reacted(request, post, post)


@require_GET
def comment_reactions(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    post, item = _comment_or_404(request, pk, comment_pk)
    return _who_reacted(request, post, item)


# --- Mentions ------------------------------------------------------------------------------


@require_GET
def mention_suggestions(request: HttpRequest) -> JsonResponse:
    """``?q=`` → members the signed-in author may see (JSON, for the textareas)."""
    if not is_active_member(request.user):
        return JsonResponse({"results": []}, status=403 if request.user.is_authenticated else 401)
    members = selectors.mention_candidates(viewer=request.user, query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {"handle": member.handle, "name": member.display_name, "avatar": member.avatar_url}
                for member in members
            ]
        }
    )
