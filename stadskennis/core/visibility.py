"""The visibility model of DESIGN.md section 4, decided in this one module.

Every view, API endpoint, feed, export, search query and file download asks these functions;
none of them decides on its own who may see what.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from stadskennis.accounts.models import User


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Network (members)")
    ORGANISATION = "organisation", _("Own organisation")
    DRAFT = "draft", _("Draft")


# The fifth audience: a named group of people (core.models.AccessGroup). Only content that carries an
# `access_group` may be closed to one, so its models offer this choice and nothing else does.
GROUP = "group"
GROUP_CHOICES = [*Visibility.choices, (GROUP, _("Named group of people"))]


def has_access_group(model) -> bool:
    return any(f.name == "access_group" for f in model._meta.get_fields())


def _groups_of(user: User | None):
    """The ids of the named groups `user` belongs to, as a subquery (one query with the rows)."""
    from stadskennis.core.models import AccessGroupMembership  # the models import this module

    return AccessGroupMembership.objects.filter(user_id=user.pk).values("group_id")


def is_group_member(user: User | None, group_id: int | None) -> bool:
    if not (group_id and user and user.is_authenticated):
        return False
    from stadskennis.core.models import AccessGroupMembership

    return AccessGroupMembership.objects.filter(user_id=user.pk, group_id=group_id).exists()


def can_read_group_work(user: User | None, group) -> bool:
    """A group's confidential work (an intervisie's cases and notes): for its members who accepted
    its statement (at once when it has none); never for anyone outside it, centre staff included."""
    if group is None or not (user and user.is_authenticated):
        return False
    membership = group.memberships.filter(user_id=user.pk).first()
    return membership is not None and (not group.statement or membership.statement_accepted_at is not None)


def is_staff_user(user: User | None) -> bool:
    """Centre staff (editors) and administrators see and manage everything."""
    return bool(user and user.is_authenticated and user.is_editor)


def _required(allowed):
    """A view decorator: anonymous visitors log in first; those `allowed` refuses get a 403."""
    from django.contrib.auth.decorators import login_required

    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_administrator_user(user: User | None) -> bool:
    """Administrators manage the platform itself: accounts, and the mail it keeps (/beheer/mail/)."""
    return bool(user and user.is_authenticated and user.is_administrator)


staff_required = _required(is_staff_user)  # centre staff only
administrator_required = _required(is_administrator_user)  # administrators only


def visible_filter(user: User | None, *, prefix: str = "", model=None) -> Q:
    """The Q that keeps the content rows `user` may see (prefix for a related path, e.g. 'item__').

    Content closed to a named group is kept only for its members, and only when `model` (the model
    the rows are of) can be closed to one; left out, such rows are kept from everyone."""
    p = prefix
    grouped = (
        Q(**{f"{p}visibility": GROUP, f"{p}access_group_id__in": _groups_of(user)})
        if model is not None and has_access_group(model) and user is not None and user.is_authenticated
        else Q(pk__in=[])
    )
    if is_staff_user(user):
        return ~Q(**{f"{p}visibility": GROUP}) | grouped
    if user is None or not user.is_authenticated:
        return Q(**{f"{p}visibility": Visibility.PUBLIC})
    rule = Q(**{f"{p}visibility__in": [Visibility.PUBLIC, Visibility.NETWORK]})
    if user.organisation_id:
        rule |= Q(**{f"{p}visibility": Visibility.ORGANISATION, f"{p}owner_id": user.organisation_id})
    rule |= Q(**{f"{p}visibility": Visibility.DRAFT, f"{p}created_by_id": user.pk})
    return rule | grouped


# The audience term of a document that has lost its audience (an organisation's item without an
# owner, a draft whose author was erased, a group's item without a group): no asker holds it.
NOBODY = "nobody"
NO_GROUP = "group:none"
STAFF = "staff"  # carried by every document but a named group's, held by centre staff


def document_terms(
    *, visibility: str, owner_id: int | None, created_by_id: int | None, access_group_id: int | None = None
) -> list[str]:
    """What a search document carries so the engine can filter by visibility: the same rule as
    `visible_filter`, written as terms (see `asker_terms`). Exactly one audience term (public,
    network, organisation:, author:, group:, or NOBODY), and "staff" on every document but a named
    group's: centre staff see all but what is closed to a group they are not in."""
    if visibility == GROUP:
        return [f"group:{access_group_id}" if access_group_id else NO_GROUP]
    if visibility == Visibility.PUBLIC:
        audience = "public"
    elif visibility == Visibility.NETWORK:
        audience = "network"
    elif visibility == Visibility.ORGANISATION:
        audience = f"organisation:{owner_id}" if owner_id else NOBODY
    else:
        audience = f"author:{created_by_id}" if created_by_id else NOBODY
    return [audience, STAFF]


def hidden_terms(asker: list[str], indexed: Iterable[str]) -> list[str]:
    """Of the terms an index holds (`indexed`), those whose documents `asker` (asker_terms) may not
    see. A document is visible when it carries one of the asker's terms; since it carries one
    audience term, and "staff" unless it is a group's, that is the same as carrying none of these:
    for staff the other groups' terms, for everyone else every audience term not theirs. The
    engine filters faster by leaving these out than by keeping the asker's (engine.restricted)."""
    mine = set(asker)
    if STAFF in mine:
        return sorted(t for t in indexed if t.startswith("group:") and t not in mine)
    return sorted(t for t in indexed if t not in mine and t != STAFF)


def asker_terms(user: User | None) -> list[str]:
    """The terms whose documents `user` may see. A document is visible when it carries one of them,
    so a change of membership (of an organisation, of a named group) needs no reindex."""
    if user is None or not user.is_authenticated:
        return ["public"]
    groups = [f"group:{pk}" for pk in _groups_of(user).values_list("group_id", flat=True)]
    if is_staff_user(user):
        return [STAFF, *groups]
    terms = ["public", "network", f"author:{user.pk}", *groups]
    if user.organisation_id:
        terms.append(f"organisation:{user.organisation_id}")
    return terms


def can_view(user: User | None, obj) -> bool:
    if obj is None or getattr(obj, "deleted_at", None) is not None:
        return False
    if obj.visibility == GROUP:
        return is_group_member(user, getattr(obj, "access_group_id", None))
    if is_staff_user(user):
        return True
    if obj.visibility == Visibility.PUBLIC:
        return True
    if user is None or not user.is_authenticated:
        return False
    if obj.visibility == Visibility.NETWORK:
        return True
    if obj.visibility == Visibility.ORGANISATION:
        return bool(user.organisation_id) and obj.owner_id == user.organisation_id
    return obj.created_by_id == user.pk


def seen_by_every_reader_of(obj, *, visibility: str) -> bool:
    """Whether everyone who may see content of `visibility` may see `obj` too, so that a link from
    that content to `obj` opens for every reader (a public comparison names only a public question)."""
    if obj is None or getattr(obj, "deleted_at", None) is not None:
        return False
    wider = {
        Visibility.PUBLIC: [Visibility.PUBLIC],
        Visibility.NETWORK: [Visibility.PUBLIC, Visibility.NETWORK],
    }
    return obj.visibility in wider.get(visibility, [])


def can_read_answer(user: User | None, question) -> bool:
    """A question's answer, and the experts it names, are read by whoever may see the question once
    the centre has given it; before that it is a draft, shown to staff in the handling form only.
    Search documents and expert evidence carry the answer by the same rule."""
    return question.answer_is_given and can_view(user, question)


def visible_related(user: User | None, related):
    """Every list of related content that a page or an API response shows (a question's items, a
    dossier's key items): only the rows `user` may see, never deleted ones."""
    return related.visible_to(user)


def is_public(obj) -> bool:
    """Anyone may see it, now: only then may a shared cache keep a copy of its file."""
    return obj.visibility == Visibility.PUBLIC and getattr(obj, "deleted_at", None) is None


def can_edit(user: User | None, obj) -> bool:
    """Editors edit everything they may see; a member edits only their own drafts (proposals)."""
    if obj.visibility == GROUP:
        return is_staff_user(user) and can_view(user, obj)
    if is_staff_user(user):
        return True
    return (
        user is not None
        and user.is_authenticated
        and obj.visibility == Visibility.DRAFT
        and obj.created_by_id == user.pk
    )


def owners_for(user: User | None):
    """The organisations `user` may name as the owner of new content: centre staff any, anyone else
    only their own (a member's proposal belongs to the member's organisation). The item form offers
    these and the API refuses any other."""
    from stadskennis.core.models import Organisation  # the models import this module

    if is_staff_user(user):
        return Organisation.objects.all()
    if user is None or not user.is_authenticated or not user.organisation_id:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=user.organisation_id)


def can_own(user: User | None, organisation) -> bool:
    return owners_for(user).filter(pk=organisation.pk).exists()


def can_see_confidential_figures(user: User | None) -> bool:
    """A figure the source flags confidential (SDMX CONF_STATUS other than F: free) is shown to centre
    staff only; anyone else sees that it is withheld, in every page, table, map, chart and export. A
    figure computed over one is withheld for everyone (indicators/aggregation.py)."""
    return is_staff_user(user)


def can_see_contact_details(user: User | None) -> bool:
    """Personal contact data (email, phone) is `network` at most: logged-in users only."""
    return bool(user and user.is_authenticated)


def access_content_or_404(user: User | None, queryset, **lookup):
    """Fetch one object the user may see; anything else is a 404 that does not reveal existence."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def can_manage_workgroup(user: User | None, workgroup) -> bool:
    """Centre staff and the workgroup's lead person (trekker) run its meetings and homework."""
    if is_staff_user(user):
        return True
    lead = getattr(workgroup, "lead_person", None)
    return bool(user and user.is_authenticated and lead is not None and lead.user_id == user.pk)


def plan_organisations(user: User | None) -> set[int]:
    """The organisations whose plans `user` builds and reports on: the role counts only for a member of
    the organisation (someone who moved to another city keeps no hold on the old city's plans)."""
    if not (user and user.is_authenticated and user.organisation_id):
        return set()
    roles = getattr(user, "plan_roles", None)
    if roles is None or not roles.filter(organisation_id=user.organisation_id).exists():
        return set()
    return {user.organisation_id}


def can_manage_plan(user: User | None, plan) -> bool:
    """A city's plan belongs to the city: its plan managers build it and report on it, and centre
    editors may help."""
    return is_staff_user(user) or (plan.deleted_at is None and plan.owner_id in plan_organisations(user))


def can_report_on(user: User | None, entry, plan, *, managing: bool | None = None) -> bool:
    """In an open release an element's owner reports on it, while a member of the plan's organisation;
    the plan's managers (and centre editors) may report for anyone. `managing` is
    `can_manage_plan(user, plan)` when the caller asks for many entries at once."""
    if entry.release.phase != "open":
        return False
    if can_manage_plan(user, plan) if managing is None else managing:
        return True
    return bool(
        user
        and user.is_authenticated
        and entry.owner_id == user.pk
        and user.organisation_id == plan.owner_id
        and plan.deleted_at is None
    )


def comparable_plans(user: User | None, plans):
    """Plans whose elements `user` may compare across cities: the plans they may read, and for a
    logged-in member of the network every plan an organisation shared for comparison (its elements,
    statuses and progress; its releases and their narratives stay the organisation's)."""
    readable = plans.visible_to(user)
    if user is None or not user.is_authenticated:
        return readable
    return plans.alive().filter(Q(pk__in=readable.values("pk")) | Q(shared_for_comparison=True))


def plans_comparable_by_all(visibility: str, plans):
    """Plans that every reader of content of `visibility` may compare: what a comparison published as
    a knowledge item may quote. Public content quotes public plans; network content also the plans
    shared for comparison and those the network reads."""
    if visibility == Visibility.PUBLIC:
        return plans.alive().filter(visibility=Visibility.PUBLIC)
    if visibility == Visibility.NETWORK:
        return plans.alive().filter(
            Q(visibility__in=[Visibility.PUBLIC, Visibility.NETWORK]) | Q(shared_for_comparison=True)
        )
    return plans.none()


def public_dashboards(plans):
    """Plans whose organisation published their dashboard: open to anyone, with only the elements
    marked public (plans.dashboard), even while the plan itself stays the organisation's."""
    return plans.alive().filter(public_dashboard=True)


def can_view_release(user: User | None, release, plan) -> bool:
    """A frozen release is read by whoever reads the plan; an open one is work in progress, for the
    plan's organisation and the centre only. (The caller has checked that `user` may read `plan`.)"""
    if release.phase != "open":
        return True
    return is_staff_user(user) or bool(
        user and user.is_authenticated and user.organisation_id == plan.owner_id
    )


def questionnaires_for(user: User | None, rounds):
    """The survey rounds `user` may attach to homework as its questionnaire (attaching one opens it
    and mails every member organisation): for staff every round still being composed, for a
    workgroup lead only the ones they composed themselves."""
    rounds = rounds.alive().filter(phase="draft")
    if is_staff_user(user):
        return rounds
    if user is None or not user.is_authenticated:
        return rounds.none()
    return rounds.filter(created_by_id=user.pk)


def can_use_questionnaire(user: User | None, rondvraag) -> bool:
    return questionnaires_for(user, type(rondvraag).objects.filter(pk=rondvraag.pk)).exists()


def _published_round(user: User | None, rondvraag) -> bool:
    """Staff see every round; anyone sees a round whose comparison is published, if they may see it."""
    return is_staff_user(user) or (rondvraag.phase == "published" and can_view(user, rondvraag))


def can_see_round(user: User | None, rondvraag) -> bool:
    """A survey round's questions: the centre always, an organisation it was sent to, and everyone
    who may see the round once its comparison is published."""
    if rondvraag.deleted_at is not None:
        return False
    return _published_round(user, rondvraag) or bool(
        user
        and user.is_authenticated
        and user.organisation_id
        and rondvraag.recipients.filter(organisation_id=user.organisation_id).exists()
    )


def can_see_comparison(user: User | None, rondvraag) -> bool:
    """The answers side by side: the centre always; once published, whoever may see the round; and
    for structured homework, the member organisations of the workgroup that uses it. Before
    publication an organisation's answers are `organisation`-visible (DESIGN.md §4)."""
    if rondvraag.deleted_at is not None:
        return False
    return _published_round(user, rondvraag) or any(
        can_view(user, assignment.workgroup) and can_answer_for(user, assignment.workgroup)
        for assignment in rondvraag.assignments.select_related("workgroup")
    )


def can_answer_for(user: User | None, workgroup) -> bool:
    """A logged-in member answers homework for their own organisation, if it takes part."""
    return bool(
        user
        and user.is_authenticated
        and user.organisation_id
        and user.organisation_id in workgroup.member_organisation_ids()
    )


def visible_rounds(user: User | None, rounds):
    """`can_see_round` as a filter, for the lists of survey rounds (the Vraagbaak, the start page):
    the centre every round, a member the rounds sent to their organisation and the published
    comparisons they may see."""
    rounds = rounds.alive()
    if is_staff_user(user):
        return rounds
    published = Q(phase="published") & visible_filter(user)
    if user is None or not user.is_authenticated or not user.organisation_id:
        return rounds.filter(published)
    # The rounds sent to them as a subquery: a join would repeat a round once per recipient, and
    # the DISTINCT that undoes it costs more than the rounds themselves (core names no domain model).
    recipients = rounds.model._meta.get_field("recipients").related_model
    sent_to_them = recipients.objects.filter(organisation_id=user.organisation_id).values("rondvraag_id")
    return rounds.filter(published | Q(pk__in=sent_to_them))


def answering_recipients(user: User | None, recipients):
    """The invitations `user` answers: those of their own organisation. Any member of an invited
    organisation opens its answers inside the platform and works on them with colleagues; the emailed
    personal link is a notice that leads there, not a key that only its addressee holds."""
    if user is None or not user.is_authenticated or not user.organisation_id:
        return recipients.none()
    return recipients.filter(organisation_id=user.organisation_id, rondvraag__deleted_at__isnull=True)


def visible_comparisons(user: User | None, rounds):
    """`can_see_comparison` as a filter, for pages that show answers of many rounds (a theme's
    dossier): the centre every round; anyone the published comparisons they may see; the member
    organisations of a workgroup whose homework uses the round, if they may see the workgroup."""
    rounds = rounds.alive()
    if is_staff_user(user):
        return rounds
    rule = Q(phase="published") & visible_filter(user)
    if user is not None and user.is_authenticated and user.organisation_id:
        rule |= (
            visible_filter(user, prefix="assignments__workgroup__")
            & Q(assignments__workgroup__deleted_at__isnull=True)
            & Q(assignments__workgroup__members__organisation_id=user.organisation_id)
        )
    return rounds.filter(rule).distinct()


def can_add_own_indicator(user: User | None) -> bool:
    """Every logged-in member of an organisation may add its own datasets to Stad in cijfers (issue 14,
    point 6): the platform has no data role inside a city, and an own indicator stays `organisation`
    until its organisation shares it. Centre staff may too (their own organisation is the centre)."""
    return bool(user and user.is_authenticated and user.organisation_id)


def managed_indicators_filter(user: User | None) -> Q:
    """The Q of the indicators `user` manages (edits, shares, uploads figures for): centre staff every
    one, the common catalogue included; a member the own indicators of their organisation, whatever
    their visibility; anyone else none."""
    if is_staff_user(user):
        return Q(pk__isnull=False)
    if can_add_own_indicator(user):
        return Q(owner_id=user.organisation_id)
    return Q(pk__in=[])


def can_manage_indicator(user: User | None, indicator) -> bool:
    """`managed_indicators_filter` for one indicator: the rule of content an organisation owns."""
    return can_edit_owned(user, indicator)


def can_upload_figures(user: User | None) -> bool:
    """Who opens the upload of figures at all; which rows they may write says `managed_indicators_filter`."""
    return is_staff_user(user) or can_add_own_indicator(user)


own_indicator_required = _required(can_add_own_indicator)  # members of an organisation (staff with one)
figures_uploader_required = _required(can_upload_figures)


def visible_groups(user: User | None, groups):
    """The comparison groups `user` may see and use (pages, the compare builder, the API's
    `geo=group:<slug>`): the rule of any content, applied inside the query."""
    return groups.filter(visible_filter(user))


def is_system_group(group) -> bool:
    """A group the platform keeps itself (the centre cities, the centre cities + VGC: reference data
    that `load-reference` rebuilds): it has neither owner nor author, and nobody edits it here."""
    return group.owner_id is None and group.created_by_id is None


def can_create_group(user: User | None) -> bool:
    """Centre staff make groups for everyone; a member makes them for their own organisation."""
    return is_staff_user(user) or bool(user and user.is_authenticated and user.organisation_id)


def can_edit_group(user: User | None, group) -> bool:
    """Centre staff edit and delete every group but the platform's own; a member those of their
    organisation (any colleague, as the group is the organisation's)."""
    if is_system_group(group) or not can_view(user, group):
        return False
    if is_staff_user(user):
        return True
    return bool(
        user and user.is_authenticated and user.organisation_id and group.owner_id == user.organisation_id
    )


def group_visibilities_for(user: User | None) -> list[str]:
    """What `user` may make a group: staff public (default) or network; a member organisation
    (default) or, to share it, network."""
    if is_staff_user(user):
        return [Visibility.PUBLIC, Visibility.NETWORK]
    return [Visibility.ORGANISATION, Visibility.NETWORK]


def can_edit_owned(user: User | None, obj) -> bool:
    """Content an organisation owns for itself (a city's own dashboard) is edited by any member of that
    organisation and by centre staff; content without an owner (the centre's own) by centre staff
    only. Nobody edits what they may not see."""
    if not can_view(user, obj):
        return False
    if is_staff_user(user):
        return True
    member = user is not None and user.is_authenticated and user.organisation_id
    return bool(member and obj.owner_id == user.organisation_id)


def owned_visibilities_for(user: User | None, obj=None) -> list[str]:
    """What `user` may make such content: centre staff public (default), network, or a draft while it
    is being composed; a member organisation (default) or, to share it, network or public.

    For existing content `obj`: whatever it is now stays on offer (saving its other details never
    changes who sees it); content with an owner may always stay `organisation`, also when staff edit
    it; and it is never a draft, as a draft is seen by its author only and the owner's colleagues, who
    edit it too, would lose it."""
    if is_staff_user(user):
        allowed = [Visibility.PUBLIC, Visibility.NETWORK, Visibility.DRAFT]
    else:
        allowed = [Visibility.ORGANISATION, Visibility.NETWORK, Visibility.PUBLIC]
    if obj is None:
        return allowed
    if obj.owner_id:
        allowed = [v for v in allowed if v != Visibility.DRAFT]
        if Visibility.ORGANISATION not in allowed:
            allowed.append(Visibility.ORGANISATION)
    if obj.visibility not in allowed:
        allowed.append(obj.visibility)
    return allowed


def indicators_for_plan(user: User | None, plan, indicators):
    """The warehouse indicators a plan's manager may link to its elements: those the manager may see
    that are public or the plan's organisation's own. Their figures then show wherever the plan shows,
    so an indicator another city keeps to itself never appears through this city's plan."""
    return indicators.visible_to(user).filter(Q(visibility=Visibility.PUBLIC) | Q(owner_id=plan.owner_id))


def warehouse_usable_in_plan(indicator, plan) -> bool:
    """Whether a warehouse indicator linked to `plan` may still show its figures there: while it is
    public or the plan's organisation's own (an owner may make it private after another city linked it)."""
    return indicator.visibility == Visibility.PUBLIC or indicator.owner_id == plan.owner_id


def can_set_up_plans(user: User | None, organisation) -> bool:
    """Who keeps an organisation's plan set-up (its status list, new plans): its plan managers, and the
    centre's editors, who may help."""
    return is_staff_user(user) or (organisation is not None and organisation.pk in plan_organisations(user))


def can_grant_plan_managers(user: User | None, organisation) -> bool:
    """Who names an organisation's plan managers: an administrator, or the organisation's own plan
    managers (a centre editor helps build a plan, but does not hand out a city's role)."""
    return is_administrator_user(user) or (
        organisation is not None and organisation.pk in plan_organisations(user)
    )


def comparable_elements_filter(user: User | None) -> Q:
    """The Q on plan elements that keeps those `user` may compare (`comparable_plans`, for search)."""
    rule = visible_filter(user, prefix="plan__")
    if user is not None and user.is_authenticated:
        rule |= Q(plan__shared_for_comparison=True)
    return rule & Q(plan__deleted_at__isnull=True)


def plan_audience(plan) -> tuple[str, int | None, int | None]:
    """(visibility, owner, author) of a plan's elements in search: the plan's own, widened to the
    network while the organisation shares it for comparison (what `comparable_plans` allows)."""
    if plan.visibility == Visibility.PUBLIC:
        return Visibility.PUBLIC, None, None
    if plan.shared_for_comparison:
        return Visibility.NETWORK, None, None
    return plan.visibility, plan.owner_id, plan.created_by_id


# --- The Agenda: who may register for an event, and who sees its registrations --------------------


def can_register_in_one_click(user: User | None, event) -> bool:
    """A logged-in person registers with their account for any event they may see: a members' event
    only so, an open one (local governments, everyone) also through the public form. An event closed
    to a named group once they accepted its statement (events/intervisie.py)."""
    if not (user and user.is_authenticated and can_view(user, event)):
        return False
    return event.visibility != GROUP or can_read_group_work(user, event.access_group)


def can_attend_session(user: User | None, session) -> bool:
    """A part of an event with its own audience: members' parts for people with an account only (the
    afternoon of a study day whose morning is open to all)."""
    return bool(user and user.is_authenticated) or session.audience_or_event != "members"


def can_register_as_guest(user: User | None, event) -> bool:
    """The public form (double opt-in) serves events open beyond the network, to people without an
    account; members use their account."""
    anonymous = user is None or not user.is_authenticated
    return anonymous and event.audience != "members" and can_view(user, event)


def can_manage_event(user: User | None, event) -> bool:
    """Centre staff and the event's author organise it: they see, export and check in its registrants,
    whose personal data nobody else sees. An event closed to a named group is organised by the members
    who run it (its author, who closed it, and whoever they made organiser), staff or not: a colleague
    invited to take part does not run it."""
    if not (user and user.is_authenticated and can_view(user, event)):
        return False
    if event.visibility == GROUP:
        return event.access_group.memberships.filter(user_id=user.pk, organises=True).exists()
    return is_staff_user(user) or event.created_by_id == user.pk


def can_edit_event(user: User | None, event) -> bool:
    """Planning an event (its fields, programme and questions) is for centre staff; an event closed to
    a named group is planned by its organisers. Its author alone no longer may once not staff."""
    if not can_manage_event(user, event):
        return False
    return event.visibility == GROUP or is_staff_user(user)


def registrations_reaching_events() -> Q:
    """`registration_reaches_event` as a filter on registrations (offers, reminders, tasks, the API)."""
    from django.db.models import Exists, OuterRef

    from stadskennis.core.models import AccessGroupMembership

    member = AccessGroupMembership.objects.filter(
        group_id=OuterRef("event__access_group_id"), user_id=OuterRef("user_id")
    )
    return ~Q(event__visibility=GROUP) | Exists(member)


def registration_reaches_event(registration) -> bool:
    """Whether a registration's own page, calendar file, mails, offers and tasks may show its event:
    for an event closed to a named group only while the registration's holder is in the group (a
    registration made before the event was closed, or kept by someone removed, shows nothing)."""
    event = registration.event
    return event.visibility != GROUP or is_group_member(registration.user, event.access_group_id)


def can_publish_event_documents(user: User | None, event) -> bool:
    """Centre staff publish an event's presentations to the Kennisbank; never those of an event closed
    to a named group (an intervisie's work never leaves the group)."""
    return is_staff_user(user) and event.visibility != GROUP and can_view(user, event)


# The Werking (issue 18): the centre's money, governance and what each member's membership brought.


def can_manage_werking(user: User | None) -> bool:
    """Budget, actuals, the work programme, the bodies' rosters and the annual report: centre staff."""
    return is_staff_user(user)


def can_read_budget(user: User | None) -> bool:
    """The draft budget and the actuals: centre staff, and the members of a governing body whose seat
    reads them (the executive board). Read through the membership of the body's named group, so
    leaving the board ends it at once."""
    if is_staff_user(user):
        return True
    if not (user and user.is_authenticated):
        return False
    return user.access_groups.filter(kind="body", body__sees_draft_budget=True).exists()


def can_read_body(user: User | None, body) -> bool:
    """A governing body's meetings, agenda, minutes, documents and decisions: its members only
    (decision 0019: centre staff too only when they sit in it, as its secretary does)."""
    return is_group_member(user, body.access_group_id)


def can_see_participation(user: User | None, organisation) -> bool:
    """What a member's membership brought in a year: centre staff for every member, a member's own
    people for their organisation."""
    if is_staff_user(user):
        return True
    return bool(user and user.is_authenticated and user.organisation_id == organisation.pk)


budget_readers_required = _required(can_read_budget)


def can_run_body(user: User | None, body) -> bool:
    """Who writes a body's meetings, minutes, documents and decisions: its organisers (the secretary),
    and centre staff who sit in it."""
    from stadskennis.core.models import AccessGroupMembership

    if not (user and user.is_authenticated):
        return False
    membership = AccessGroupMembership.objects.filter(group_id=body.access_group_id, user_id=user.pk).first()
    return membership is not None and (membership.organises or is_staff_user(user))


def can_read_decisions(user: User | None, body) -> bool:
    """A body's register of decisions: its members, and centre staff, who carry the decisions out in
    the work programme and the budget they concern."""
    return is_staff_user(user) or is_group_member(user, body.access_group_id)
