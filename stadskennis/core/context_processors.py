from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.core import mail_store
from stadskennis.core.task_registry import tasks_for_request
from stadskennis.core.visibility import is_administrator_user, is_staff_user

# The modules in the main navigation, in order. A module appears here when it lands.
NAVIGATION = [
    ("knowledge", _("Knowledge base"), "knowledge:list"),
    ("network", _("Network"), "network:people"),
    ("events", _("Agenda"), "events:agenda"),
    ("questions", _("Help desk"), "questions:index"),
    ("indicators", _("Figures"), "indicators:catalogue"),
    ("plans", _("Plans"), "plans:list"),
]


def platform(request):
    path = request.path
    nav = []
    for key, label, url_name in NAVIGATION:
        url = reverse(url_name)
        section = "/" + url.strip("/").split("/")[0] + "/"
        nav.append({"key": key, "label": label, "url": url, "current": path.startswith(section)})
    # Templates ask the access module through this flag, never `user.is_editor` themselves.
    return {
        "navigation": nav,
        "is_staff": is_staff_user(request.user),
        "shows_kept_mail": mail_store.in_use() and is_administrator_user(request.user),
        # Counted only where a template shows it (the header, for a logged-in user), once per request.
        "my_task_count": lambda: len(tasks_for_request(request)),
    }


def csp_nonce(request):
    """The nonce of this response's Content-Security-Policy, for an inline <script nonce="…">."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
