"""Every URL pattern of the project, filled with real objects, for the permission audit."""

import re
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from newsline.api.models import ApiToken
from newsline.content.editing import save_article
from newsline.live.models import LiveEntry
from newsline.newsroom.audit import record_audit
from newsline.newsroom.models import AuditEntry
from newsline.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import AuthorFactory, ImageFactory, SectionFactory, TagFactory, newsroom_user
from tests.live.support import LiveStoryFactory

ROLES = ("anonymous", "reporter", "editor", "chief editor")


@dataclass(frozen=True)
class Address:
    key: str  # the URL name, or the route where the pattern has none
    route: str
    pattern: URLPattern


def every_pattern() -> list[Address]:
    """Walk the root resolver: one Address per pattern, with its namespaced name."""
    found: list[Address] = []

    def walk(patterns, prefix: str, namespace: str | None):
        for item in patterns:
            if isinstance(item, URLResolver):
                inner = namespace
                if item.namespace:
                    inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item.url_patterns, prefix + str(item.pattern), inner)
            else:
                route = prefix + str(item.pattern)
                key = f"{namespace}:{item.name}" if namespace and item.name else item.name
                found.append(Address(key or route, route, item))

    walk(get_resolver().url_patterns, "", None)
    return found


class Objects:
    """Real objects for every URL parameter: a live story published an hour ago, its entry,
    revision, section, tag, author, image, and one of each thing the newsroom lists."""

    def __init__(self):
        self.section = SectionFactory(slug="politics")
        self.tag = TagFactory(slug="elections")
        self.author = AuthorFactory(slug="aysel")
        self.image = ImageFactory()
        self.story = LiveStoryFactory(section=self.section, lead_image=self.image)
        self.story.tags.add(self.tag)
        self.story.authors.add(self.author)
        self.entry = LiveEntry.objects.create(
            article=self.story, body="<p>First.</p>", published_at=timezone.now()
        )
        self.target = newsroom_user("reporter", username="target")
        self.chief = newsroom_user("chief editor", username="owner")
        save_article(
            article_id=self.story.pk, user=self.chief, data={"lead": "Changed."},
            base_version=self.story.version,
        )  # fmt: skip
        self.story.refresh_from_db()
        self.revision = self.story.revisions.last()
        token = ApiToken(name="audit", user=self.chief, scope="read")
        token.set_new_secret()
        token.save()
        self.token = token
        self.endpoint = WebhookEndpoint.objects.create(url="https://hooks.example/", events=[])
        self.delivery = WebhookDelivery.objects.create(
            endpoint=self.endpoint, event="published", article_id=self.story.pk, payload={}
        )
        record_audit(user=self.chief, action="publish", article=self.story)
        self.audit = AuditEntry.objects.first()
        # app_label/model → the object its admin URLs open
        self.by_model = {
            "content/article": self.story.pk, "content/section": self.section.pk,
            "content/tag": self.tag.pk, "content/author": self.author.pk,
            "content/image": self.image.pk, "auth/user": self.target.pk,
            "auth/group": self.target.groups.first().pk, "api/apitoken": token.pk,
            "newsroom/auditentry": self.audit.pk, "webhooks/webhookendpoint": self.endpoint.pk,
            "webhooks/webhookdelivery": self.delivery.pk,
        }  # fmt: skip
        self._optional_models()

    def _optional_models(self):
        """Objects of apps that may be installed: task results, login attempts, TOTP devices."""
        from django.apps import apps

        if apps.is_installed("django_tasks_db"):
            from django_tasks_db.models import DBTaskResult

            task = DBTaskResult.objects.first()
            if task:
                self.by_model["django_tasks_database/dbtaskresult"] = task.pk
        if apps.is_installed("axes"):
            from axes.models import AccessAttempt

            attempt = AccessAttempt.objects.create(
                username="someone", ip_address="192.0.2.1", user_agent="x", failures_since_start=1
            )
            self.by_model["axes/accessattempt"] = attempt.pk
        if apps.is_installed("django_otp.plugins.otp_totp"):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.create(user=self.target, name="phone", confirmed=True)
            self.by_model["otp_totp/totpdevice"] = device.pk
            self.device = device

    def value(self, key: str, parameter: str) -> str:
        """The value of one URL parameter of the pattern named `key`."""
        from newsline.newsroom.previews import preview_token

        story = self.story
        values = {
            "pk": getattr(self, "device", story).pk if "totpdevice" in key else story.pk,
            "entry": self.entry.pk,
            "revision": self.revision.pk,
            "language": "az",
            "content_type_id": ContentType.objects.get_for_model(story).pk,
            "id": self.target.pk,
            "app_label": "content",
            "url": "nothing-here/",
            "uidb64": urlsafe_base64_encode(force_bytes(self.target.pk)),
            "token": (
                preview_token(story.pk)
                if key == "reader:preview"
                else default_token_generator.make_token(self.target)
            ),
            "article_id": story.pk,
            "edition": "en",
            "name": "swagger-ui.css",
            "section": "sections",
            "path": self.image.file.name,
            "year": f"{timezone.localtime(story.publish_at):%Y}",
            "month": f"{timezone.localtime(story.publish_at):%m}",
            "day": f"{timezone.localtime(story.publish_at):%d}",
            "slug": self._slug(key),
            "rest": "nothing-here",
        }
        if parameter == "object_id":
            return str(self._object_id(key))
        if parameter == "step":
            return {"admin:content_article_live_step": "pin",
                    "admin:content_article_coverage": "reopen"}.get(key, "publish")  # fmt: skip
        return str(values[parameter])

    def _object_id(self, key: str) -> int | None:
        if key == "admin:view_on_site":
            return self.story.pk
        for model, pk in self.by_model.items():
            named = "admin:" + model.replace("/", "_") + "_"
            if key.startswith(named) or key.startswith(f"newsroom/{model}/"):
                return pk
        raise LookupError(f"No object for {key}: add one to Objects.")

    def _slug(self, key: str) -> str:
        if "section" in key:
            return self.section.slug
        if "tag" in key:
            return self.tag.slug
        if "author" in key:
            return self.author.slug
        return self.story.slug

    def path(self, address: Address) -> str:
        pattern = address.pattern.pattern
        names = list(pattern.converters) or list(pattern.regex.groupindex)
        if address.key == address.route:  # unnamed: fill the route by hand
            path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: self.value(address.key, m[1]),
                          address.route)  # fmt: skip
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: self.value(address.key, m[1]), path)
            return "/" + path.replace("^", "").replace("$", "")
        kwargs = {name: self.value(address.key, name) for name in names}
        if address.key == "reader:article":
            kwargs = {"pk": self.story.pk, "slug": self.story.slug}
        path = reverse(address.key, kwargs=kwargs)
        if address.key == "admin:autocomplete":  # asks for the field it completes
            path += "?app_label=content&model_name=article&field_name=tags&term=e"
        return path
