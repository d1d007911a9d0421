from django.shortcuts import render

from stadskennis.search.services import search


def results(request):
    query = request.GET.get("q", "")
    response = search(user=request.user, query=query) if query else None
    template = "search/_results.html" if request.headers.get("HX-Request") else "search/results.html"
    return render(request, template, {"query": query, "response": response})
