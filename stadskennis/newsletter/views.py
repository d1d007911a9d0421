"""The newsletter's public pages about a subscription: sign up, confirm, manage, unsubscribe."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from stadskennis.core.ids import parse_id
from stadskennis.core.rate_limit import too_many
from stadskennis.newsletter import subscriptions
from stadskennis.newsletter.forms import PreferencesForm, SignUpForm
from stadskennis.newsletter.models import Consent, Subscriber


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignUpForm(request.POST if request.method == "POST" else None)
    refused, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and form.filled_by_bot:
            return render(request, "newsletter/check_your_mail.html")  # a bot learns nothing
        if form.is_valid() and too_many(request, "newsletter:signup", settings.NEWSLETTER_SIGNUPS_PER_HOUR):
            refused, status = _("Too many sign-ups from your network in the last hour. Try again later."), 429
        elif form.is_valid():
            try:
                subscriptions.subscribe_request(
                    email=form.cleaned_data["email"], monthly=form.cleaned_data["monthly"],
                    weekly=form.cleaned_data["weekly"], themes=form.cleaned_data["themes"],
                )  # fmt: skip
            except subscriptions.SubscriptionRefused as error:
                refused = str(error)
            else:
                # The same page whether the address was new or subscribed: it says nothing about anyone.
                return render(request, "newsletter/check_your_mail.html")
    return render(request, "newsletter/signup.html", {"form": form, "refused": refused}, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """A GET only shows the button (mail scanners follow links); the button confirms."""
    try:
        if request.method == "GET":
            subscriber = subscriptions.confirmation_for(token)
            return render(request, "newsletter/confirm.html", {"subscriber": subscriber})
        subscriber = subscriptions.confirm(token=token)
    except subscriptions.SubscriptionRefused as refused:
        return render(request, "newsletter/link_refused.html", {"refused": str(refused)}, status=400)
    messages.success(request, _("Your subscription is confirmed. Welcome!"))
    return redirect(subscriber.manage_url)


def _subscriber_or_refused(request, token: str):
    subscriber = Subscriber.objects.filter(token=token[:64]).first()
    if subscriber is None:
        refused = _(
            "This link is not valid (any more). The address may have been erased; sign up again if you like."
        )
        return None, render(request, "newsletter/link_refused.html", {"refused": refused}, status=404)
    return subscriber, None


@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    """The subscription's own page, reached by the link in every mail (no login needed)."""
    subscriber, refused = _subscriber_or_refused(request, token)
    if refused:
        return refused
    initial = {"monthly": subscriber.monthly, "weekly": subscriber.weekly, "themes": subscriber.themes.all()}
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        action = request.POST.get("actie", "")
        if action == "wissen":
            subscriptions.erase(subscriber=subscriber)
            return render(request, "newsletter/erased.html")
        if action == "uitschrijven":
            subscriptions.unsubscribe(subscriber=subscriber, source=Consent.Source.PAGE)
            messages.success(request, _("You are unsubscribed. You receive nothing more from us."))
            return redirect(subscriber.manage_url)
        if subscriber.status != Subscriber.Status.CONFIRMED:
            messages.error(request, _("This address is not subscribed: sign up again to receive mail."))
            return redirect(subscriber.manage_url)
        if form.is_valid():
            chosen = form.cleaned_data
            subscriptions.preferences_change(
                subscriber=subscriber, monthly=chosen["monthly"], weekly=chosen["weekly"],
                themes=chosen["themes"], source=Consent.Source.PAGE,
            )  # fmt: skip
            messages.success(request, _("Your preferences are saved."))
            return redirect(subscriber.manage_url)
    context = {"subscriber": subscriber, "form": form, "consents": subscriber.consents.all()}
    return render(request, "newsletter/manage.html", context)


@csrf_exempt  # RFC 8058: the mail program posts without a session, a cookie or a token of ours
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """A GET shows one button; a POST (that button, or the mail program's own) unsubscribes."""
    subscriber, refused = _subscriber_or_refused(request, token)
    if refused:
        return refused
    weekly_only = request.GET.get("soort") == "speelveld"  # the link in the weekly spotlight
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        source = Consent.Source.ONE_CLICK if one_click else Consent.Source.PAGE
        subscriber = subscriptions.unsubscribe(
            subscriber=subscriber, source=source, issue_id=parse_id(request.GET.get("uitgave", "")),
            weekly_only=weekly_only,
        )  # fmt: skip
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    context = {"subscriber": subscriber, "weekly_only": weekly_only and subscriber.monthly}
    return render(request, "newsletter/unsubscribe.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """A member's subscription with the address of their account, changed at once."""
    subscriber = subscriptions.subscription_of(request.user)
    subscribed = subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED
    initial = (
        {"monthly": subscriber.monthly, "weekly": subscriber.weekly, "themes": subscriber.themes.all()}
        if subscribed
        else {"monthly": False, "weekly": False}
    )
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        subscriptions.member_subscribe(
            user=request.user, monthly=form.cleaned_data["monthly"], weekly=form.cleaned_data["weekly"],
            themes=form.cleaned_data["themes"],
        )  # fmt: skip
        messages.success(request, _("Your newsletter subscription is saved."))
        return redirect("newsletter:mine")
    return render(
        request, "newsletter/mine.html", {"form": form, "subscribed": subscribed, "subscriber": subscriber}
    )
