"""The NinjaAPI instance: version 1, OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from newsline.api import errors, reads, writes  # noqa: F401 - writes adds to the router
from newsline.api.docs import LocalSwagger

api = NinjaAPI(
    title="Newsline API",
    version="1",
    # The OpenAPI document is for developers and stays in English.
    description=(
        "Read published news without a token; write through the newsroom services with "
        "`Authorization: Bearer <token>`. Every error is "
        '`{"error": {"code": "...", "message": "...", "details": ...}}`.'
    ),
    urls_namespace="api",
    # No online validator badge: it would send the schema's address to swagger.io, and the
    # Content Security Policy refuses images from other sites anyway.
    docs=LocalSwagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", reads.router)
