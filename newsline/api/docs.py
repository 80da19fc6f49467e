"""Swagger UI served from django-ninja's bundled files, so the docs need no CDN."""

import json
from pathlib import Path

import ninja
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from ninja import Swagger

from newsline.api.errors import error_response

# django-ninja ships these files; its own template only uses them when "ninja" is an
# installed app, and falls back to a CDN otherwise.
ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"})

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{icon}">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


def _asset(name: str) -> str:
    return reverse("api:docs-asset", kwargs={"name": name})


class LocalSwagger(Swagger):
    def render_page(self, request, api, **kwargs) -> HttpResponse:
        settings = self.settings | {"url": self.get_openapi_url(api, kwargs)}
        page = PAGE.format(
            title=escape(api.title),
            css=_asset("swagger-ui.css"),
            icon=_asset("favicon.png"),
            # JSON inside <script>: "<" escaped so no value can close the element.
            settings=json.dumps(settings).replace("<", "\\u003c"),
            bundle=_asset("swagger-ui-bundle.js"),
            init=_asset("swagger-ui-init.js"),
        )
        return HttpResponse(page)


def docs_asset(request, name: str):
    """One of the Swagger UI files bundled with django-ninja."""
    if name not in ASSETS:
        return error_response(404, "not_found", "Not found.")
    response = FileResponse((ASSETS_DIR / name).open("rb"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
