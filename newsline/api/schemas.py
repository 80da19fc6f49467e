"""The API's request and response shapes."""

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator


class Strict(Schema):
    """A request body: unknown fields are refused, and so is text no database can store."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("text may not contain NUL characters")
        return value


class SectionOut(Schema):
    id: int
    slug: str
    name: str


class TagOut(Schema):
    id: int
    language: str
    name: str
    slug: str


class AuthorOut(Schema):
    id: int
    slug: str
    display_name: str
    bio: str


class ArticleSummary(Schema):
    id: int
    language: str
    headline: str
    slug: str
    lead: str
    kind: str
    publish_at: datetime | None
    is_breaking: bool
    section: SectionOut
    url: str


class TranslationOut(Schema):
    id: int
    language: str
    headline: str
    url: str


class ArticleDetail(ArticleSummary):
    body: str
    status: str
    version: int
    tags: list[TagOut]
    authors: list[AuthorOut]
    translations: list[TranslationOut]


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None


class ArticleCreate(Strict):
    language: str = Field(max_length=8)
    headline: str = Field(min_length=1, max_length=300)
    slug: str = Field("", max_length=90)
    lead: str = ""
    body: str = ""
    section_id: int
    kind: str = "news"
    lead_image_id: int | None = None
    featured_rank: int | None = None
    tags: list[int] = []
    authors: list[int] = []


class ArticleUpdate(Strict):
    version: int
    note: str = Field("", max_length=300)
    headline: str | None = Field(None, min_length=1, max_length=300)
    slug: str | None = Field(None, max_length=90)
    lead: str | None = None
    body: str | None = None
    section_id: int | None = None
    kind: str | None = None
    lead_image_id: int | None = None
    featured_rank: int | None = None
    tags: list[int] | None = None
    authors: list[int] | None = None


class PublishIn(Strict):
    at: datetime | None = None


class WithdrawIn(Strict):
    note: str = Field("", max_length=300)


class ActionOut(Schema):
    message: str
    article: ArticleDetail
