"""The search page of an edition."""

from django.shortcuts import render
from django.utils.translation import get_language

from newsline.content import selectors
from newsline.pagecache import uncached_page
from newsline.reader.forms import SearchForm
from newsline.search.services import search_articles

PAGE_SIZE = 20


# Uncached: any words make a new address, and results are cheap next to a cache of them.
@uncached_page
def search(request):
    form = SearchForm(request.GET or None, sections=selectors.sections())
    page, status = None, 200
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        page = search_articles(
            get_language(), data["q"], section=data["section"] or None,
            kind=data["kind"] or None, date_from=data["date_from"], date_to=data["date_to"],
            cursor=request.GET.get("after"), limit=PAGE_SIZE,
        )  # fmt: skip
    elif form.is_bound and not form.is_valid():
        status = 400
    query = request.GET.copy()
    query.pop("after", None)
    context = {"form": form, "page": page, "query_string": query.urlencode()}
    return render(request, "reader/search.html", context, status=status)
