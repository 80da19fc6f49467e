"""Who gets what from every address of the project: the audit's expected answers.

Keyed by URL name (the route, for the admin's unnamed patterns). Each method maps to the
outcome for (anonymous, reporter, editor, chief editor), asked of a live story published
by someone else, its entry and revision, and one of each object the newsroom lists:

- "ok": answered (2xx, or a redirect that is not to the login page);
- "login": sent to the newsroom's login page;
- "denied": 401 or 403;
- "missing": 404 (the address exists only for another method, or hides from the role);
- "no such method": 405.

"actions" names, per method, the action of newsline.newsroom.permissions the address
stands for: the audit checks that exactly the roles that `can()` take it get "ok" (on the
story, where "on_story" says the address acts on it: reporters act on their own drafts only).
Addresses without one are public, open to every newsroom login, or superuser-only.
"""

from newsline.newsroom.permissions import Action

OK, LOGIN, DENIED, MISSING, NO_METHOD = "ok", "login", "denied", "missing", "no such method"
ALLOWED = {OK}
R, E, C = "reporter", "editor", "chief editor"
PUBLIC = (OK, OK, OK, OK)
NOWHERE = (MISSING, MISSING, MISSING, MISSING)
NO_SUCH_METHOD = (NO_METHOD, NO_METHOD, NO_METHOD, NO_METHOD)
API_WRITE_BY_SESSION = (DENIED, DENIED, DENIED, DENIED)  # a session cookie is not a token
HIDDEN = (LOGIN, MISSING, MISSING, MISSING)  # a newsroom address only for POST


def staff(*roles: str) -> tuple[str, ...]:
    """Anonymous visitors go to the login page; of the newsroom, `roles` get in."""
    return (LOGIN, *(OK if role in roles else DENIED for role in (R, E, C)))


EVERY_LOGIN = staff(R, E, C)
SUPERUSER_ONLY = staff()


TABLE: dict[str, dict] = {
    # Reader pages, feeds, sitemaps: everyone, logged in or not.
    "reader:home": {"GET": PUBLIC},
    "reader:archive": {"GET": PUBLIC},
    "reader:search": {"GET": PUBLIC},
    "reader:day": {"GET": PUBLIC},
    "reader:section": {"GET": PUBLIC},
    "reader:tag": {"GET": PUBLIC},
    "reader:author": {"GET": PUBLIC},
    "reader:article": {"GET": PUBLIC},
    # Whoever holds the signed link, by design: it is sent to people outside the newsroom.
    "reader:preview": {"GET": PUBLIC},
    "syndication:edition_rss": {"GET": PUBLIC},
    "syndication:edition_atom": {"GET": PUBLIC},
    "syndication:section_rss": {"GET": PUBLIC},
    "syndication:section_atom": {"GET": PUBLIC},
    "syndication:tag_rss": {"GET": PUBLIC},
    "syndication:tag_atom": {"GET": PUBLIC},
    "syndication:author_rss": {"GET": PUBLIC},
    "syndication:author_atom": {"GET": PUBLIC},
    "sitemap_index": {"GET": PUBLIC},
    "sitemap_section": {"GET": PUBLIC},
    "robots_txt": {"GET": PUBLIC},
    "^media/(?P<path>.*)$": {"GET": PUBLIC},
    # The JSON API: reads are public; writes take a token, never the newsroom's session.
    "api:api-root": {"GET": NOWHERE, "POST": NOWHERE},
    "api:openapi-json": {"GET": PUBLIC, "POST": PUBLIC},
    "api:openapi-view": {"GET": PUBLIC, "POST": PUBLIC},
    "api:docs-asset": {"GET": PUBLIC, "POST": PUBLIC},
    "api/v1/^(?P<rest>.*)$": {"GET": NOWHERE, "POST": NOWHERE},
    "api:list_articles": {"GET": PUBLIC, "POST": API_WRITE_BY_SESSION},
    "api:create": {"GET": PUBLIC, "POST": API_WRITE_BY_SESSION},
    "api:get_article": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},
    "api:update": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},  # PATCH: see tests/api
    "api:news_line": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},
    "api:sections": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},
    "api:tags": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},
    "api:authors": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},
    "api:submit": {"GET": NO_SUCH_METHOD, "POST": API_WRITE_BY_SESSION},
    "api:publish": {"GET": NO_SUCH_METHOD, "POST": API_WRITE_BY_SESSION},
    "api:withdraw": {"GET": NO_SUCH_METHOD, "POST": API_WRITE_BY_SESSION},
    # Signing in and out, passwords, two-factor devices: one's own account.
    "admin:login": {"GET": PUBLIC, "POST": PUBLIC},
    "admin:logout": {"GET": (OK, NO_METHOD, NO_METHOD, NO_METHOD), "POST": PUBLIC},
    "admin:password_change": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},
    "admin:password_change_done": {"GET": EVERY_LOGIN,
                                   "POST": (LOGIN, NO_METHOD, NO_METHOD, NO_METHOD)},
    "admin_password_reset": {"GET": PUBLIC, "POST": PUBLIC},
    "password_reset_done": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},
    "password_reset_confirm": {"GET": PUBLIC, "POST": PUBLIC},
    "password_reset_complete": {"GET": PUBLIC, "POST": NO_SUCH_METHOD},
    "admin:two_factor": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},
    "admin:two_factor_remove": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},
    # The newsroom's frame.
    "admin:index": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},
    "admin:app_list": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},  # the "content" app
    "admin:jsi18n": {"GET": EVERY_LOGIN, "POST": (LOGIN, NO_METHOD, NO_METHOD, NO_METHOD)},
    "admin:autocomplete": {"GET": EVERY_LOGIN,  # tags, which every role may read
                           "POST": (LOGIN, NO_METHOD, NO_METHOD, NO_METHOD),
                           "actions": {"GET": Action.CREATE}},
    "admin:view_on_site": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},
    "newsroom/(?P<url>.*)$": {"GET": HIDDEN, "POST": HIDDEN},
    # Articles: reporters read every story and change only their own drafts.
    "admin:content_article_changelist": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN,
                                         "actions": {"GET": Action.EDIT}},
    "admin:content_article_add": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN,
                                  "actions": {"GET": Action.CREATE, "POST": Action.CREATE}},
    "admin:content_article_change": {"on_story": True, "GET": EVERY_LOGIN, "POST": staff(E, C),
                                     "actions": {"POST": Action.CORRECT}},
    "admin:content_article_history": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},
    "admin:content_article_delete": {"GET": staff(C), "POST": staff(C),
                                     "actions": {"GET": Action.DELETE, "POST": Action.DELETE}},
    "newsroom/content/article/<path:object_id>/": {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN},
    "admin:content_article_step": {"GET": HIDDEN, "POST": staff(E, C),  # step: publish
                                   "actions": {"POST": Action.PUBLISH}},
    "admin:content_article_translate": {"on_story": True, "GET": HIDDEN, "POST": staff(E, C),
                                        "actions": {"POST": Action.TRANSLATE}},
    "admin:content_article_restore": {"on_story": True, "GET": HIDDEN, "POST": staff(E, C),
                                      "actions": {"POST": Action.RESTORE}},
    "admin:content_article_autosave": {"on_story": True, "GET": HIDDEN, "POST": staff(E, C),
                                       "actions": {"POST": Action.EDIT}},
    # Who else has the story open: whoever may open it.
    "admin:content_article_presence": {"GET": HIDDEN, "POST": EVERY_LOGIN},
    # Live blog: everyone reads the entries; editors post, change, pin and close.
    "admin:content_article_live": {"GET": EVERY_LOGIN, "POST": staff(E, C),
                                   "actions": {"POST": Action.LIVE_BLOG}},
    "admin:content_article_live_edit": {"GET": staff(E, C), "POST": staff(E, C),
                                        "actions": {"GET": Action.LIVE_BLOG,
                                                    "POST": Action.LIVE_BLOG}},
    "admin:content_article_live_step": {"GET": HIDDEN, "POST": staff(E, C),  # step: pin
                                        "actions": {"POST": Action.LIVE_BLOG}},
    "admin:content_article_coverage": {"GET": HIDDEN, "POST": staff(E, C),  # step: reopen
                                       "actions": {"POST": Action.LIVE_BLOG}},
}  # fmt: skip


def _model(app_model: str, *, view, add, change, delete, change_get=None, named=True) -> None:
    """Enter the six addresses of one model's admin, each as the roles it lets in."""
    prefix = "admin:" + app_model.replace("/", "_")
    change_get = change_get if change_get is not None else view

    def entry(get, post, get_action=None, post_action=None):
        actions = {m: a for m, a in (("GET", get_action), ("POST", post_action)) if a}
        return {"GET": get, "POST": post, **({"actions": actions} if actions else {})}

    TABLE[f"{prefix}_changelist"] = entry(view[0], view[0], view[1], view[1])
    TABLE[f"{prefix}_history"] = entry(view[0], view[0], view[1], view[1])
    TABLE[f"{prefix}_add"] = entry(add[0], add[0], add[1], add[1])
    TABLE[f"{prefix}_change"] = entry(change_get[0], change[0], change_get[1], change[1])
    TABLE[f"{prefix}_delete"] = entry(delete[0], delete[0], delete[1], delete[1])
    # The bare object address redirects to its change page, for anyone logged in.
    TABLE[f"newsroom/{app_model}/<path:object_id>/"] = {"GET": EVERY_LOGIN, "POST": EVERY_LOGIN}


def _by(action: Action | None, *roles: str) -> tuple:
    return staff(*roles), action


# Sections, tags and authors: everyone reads them, editors manage them, chiefs delete.
for _name in ("content/section", "content/tag", "content/author"):
    _model(
        _name,
        view=_by(Action.CREATE, R, E, C),
        add=_by(Action.MANAGE_TAXONOMY, E, C),
        change=_by(Action.MANAGE_TAXONOMY, E, C),
        delete=_by(Action.DELETE, C),
    )
_model(
    "content/image",
    view=_by(Action.UPLOAD_IMAGE, R, E, C),
    add=_by(Action.UPLOAD_IMAGE, R, E, C),
    change=_by(Action.UPLOAD_IMAGE, R, E, C),
    delete=_by(Action.DELETE, C),
)
for _name in ("auth/user", "auth/group"):
    _model(_name, view=_by(Action.MANAGE_USERS, C), add=_by(Action.MANAGE_USERS, C),
           change=_by(Action.MANAGE_USERS, C), delete=_by(Action.MANAGE_USERS, C))  # fmt: skip
TABLE["admin:auth_user_password_change"] = {
    "GET": staff(C), "POST": staff(C),
    "actions": {"GET": Action.MANAGE_USERS, "POST": Action.MANAGE_USERS},
}  # fmt: skip
# Tokens are issued and revoked, never edited or deleted; the change page only shows one.
_model("api/apitoken", view=_by(Action.MANAGE_USERS, C), add=_by(Action.MANAGE_USERS, C),
       change=_by(None), change_get=_by(Action.MANAGE_USERS, C), delete=_by(None))  # fmt: skip
# Login attempts: chief editors read them and unlock (delete); nobody writes them.
_model("axes/accessattempt", view=_by(Action.MANAGE_USERS, C), add=_by(None),
       change=_by(None), change_get=_by(Action.MANAGE_USERS, C),
       delete=_by(Action.MANAGE_USERS, C))  # fmt: skip
# The audit log and webhook deliveries are read-only records.
_model("newsroom/auditentry", view=_by(Action.VIEW_AUDIT, C), add=_by(None), change=_by(None),
       change_get=_by(Action.VIEW_AUDIT, C), delete=_by(None))  # fmt: skip
_model("webhooks/webhookdelivery", view=_by(Action.MANAGE_SETTINGS, C), add=_by(None),
       change=_by(None), change_get=_by(Action.MANAGE_SETTINGS, C), delete=_by(None))  # fmt: skip
_model("webhooks/webhookendpoint", view=_by(Action.MANAGE_SETTINGS, C),
       add=_by(Action.MANAGE_SETTINGS, C), change=_by(Action.MANAGE_SETTINGS, C),
       delete=_by(Action.MANAGE_SETTINGS, C))  # fmt: skip
# Who has two-factor sign-in: chief editors see it and turn it off for a lost phone
# (delete); each person sets up their own, so nobody adds or changes one here.
_model("otp_totp/totpdevice", view=_by(Action.MANAGE_USERS, C), add=_by(None),
       change=_by(None), change_get=_by(Action.MANAGE_USERS, C),
       delete=_by(Action.MANAGE_USERS, C))  # fmt: skip
# Background task results: superusers only.
_model("django_tasks_database/dbtaskresult", view=_by(None), add=_by(None), change=_by(None),
       delete=_by(None))  # fmt: skip

# Answered by the ASGI front (newsline/asgi.py) before Django: the same for everyone.
FRONT = {
    "/healthz": 200,
    "/readyz": 200,
    "/live/en/": 200,
    "/live/xx/": 404,
}
