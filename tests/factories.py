"""Factories for content; stories are published an hour ago unless told otherwise."""

import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from newsline.content.models import Article, Author, Image, Section, Tag
from newsline.text import slugify


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"section-{n}")
    name_en = factory.Sequence(lambda n: f"Section {n}")
    name_az = factory.Sequence(lambda n: f"Bölmə {n}")
    name_ru = factory.Sequence(lambda n: f"Раздел {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    language = "en"
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    display_name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.display_name))


def png_bytes(width=64, height=48) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 40)).save(out, "PNG")
    return out.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="picture.png"))
    alt_text = "A red rectangle"
    caption = "The caption"
    credit = "Staff photographer"
    width = 64
    height = 48


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    language = "en"
    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.headline))
    lead = "What happened, in one sentence."
    body = "<p>The story.</p>"
    section = factory.SubFactory(SectionFactory)
    kind = "news"
    status = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    first_published_at = factory.SelfAttribute("publish_at")


def newsroom_user(role: str | None, username: str | None = None):
    """A newsroom login holding one role ("reporter", "editor", "chief editor") or none."""
    from django.contrib.auth import get_user_model

    name = username or f"{(role or 'nobody').replace(' ', '-')}-{get_user_model().objects.count()}"
    user = get_user_model().objects.create_user(name, password="pw-correct-horse", is_staff=True)
    if role:
        user.groups.add(role_group(role))
    return user


def login(client, role: str | None):
    """Sign the test client in as a new newsroom user holding `role`; return the user."""
    user = newsroom_user(role)
    client.force_login(user)
    return user


def role_group(role: str):
    """The role's group, recreated if a transactional test's flush removed it."""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=role)
    if created:
        codenames = import_module("newsline.newsroom.migrations.0001_roles").GROUPS[role]
        group.permissions.set(Permission.objects.filter(codename__in=codenames))
    return group
