from django.core.paginator import Paginator
from django.shortcuts import render

from stadskennis.core.visibility import can_manage_workgroup, can_see_contact_details, is_staff_user
from stadskennis.network import expertise, selectors


def people(request):
    query = request.GET.get("q", "")[:200]
    page = Paginator(selectors.person_list(query=query), 30).get_page(request.GET.get("pagina"))
    return render(request, "network/person_list.html", {"page": page, "query": query})


def person(request, pk: int):
    person = selectors.person_get(pk=pk)
    context = {
        "person": person,
        "show_contact": can_see_contact_details(request.user) and not person.is_erased,
        "can_edit": is_staff_user(request.user) and not person.is_erased,
        "is_self": request.user.is_authenticated
        and person.user_id == request.user.pk
        and not person.is_erased,
        **selectors.person_contributions(user=request.user, person=person),
    }
    return render(request, "network/person_detail.html", context)


def organisations(request):
    return render(request, "network/organisation_list.html", {"organisations": selectors.organisation_list()})


def organisation(request, slug: str):
    context = selectors.organisation_get(user=request.user, slug=slug)
    return render(request, "network/organisation_detail.html", context)


def workgroups(request):
    return render(
        request, "network/workgroup_list.html", {"workgroups": selectors.workgroup_list(user=request.user)}
    )


def workgroup(request, key: str):
    workgroup = selectors.workgroup_get(user=request.user, key=key)
    context = {
        "workgroup": workgroup,
        "show_contact": can_see_contact_details(request.user),
        "can_manage": can_manage_workgroup(request.user, workgroup),
        "upcoming": selectors.upcoming_meetings(workgroup),
        "past": selectors.past_meetings(workgroup),
        "assignments": workgroup.assignments.order_by("-deadline"),
        "open_points": selectors.open_action_points(workgroup),
    }
    return render(request, "network/workgroup_detail.html", context)


def experts(request):
    """'Wie is bezig met …?' answered with evidence."""
    query = request.GET.get("q", "")[:500].strip()
    found = expertise.find_experts(user=request.user, query=query) if query else []
    return render(request, "network/experts.html", {"query": query, "experts": found})
