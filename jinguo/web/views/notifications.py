"""The viewer's own notifications: the list, opening one (marks it read, goes to its page), mark all read."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jinguo.accounts.models import User
from jinguo.notifications import selectors, services

NOTIFICATIONS_PAGE_SIZE = 20


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=_viewer(request)), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Marks the notification read and goes where it points (a local page only; else back to the list)."""
    user = _viewer(request)
    notification = selectors.notification_get(user=user, pk=pk)
    services.notification_mark_read(user=user, notification=notification)
    url = notification.url
    local = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    if url and local:
        return redirect(url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponseRedirect:
    count = services.notifications_mark_all_read(user=_viewer(request))
    if count:
        messages.success(
            request, ngettext("%d notification marked read.", "%d notifications marked read.", count) % count
        )
    return redirect("notifications:list")
