import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from lxml import etree

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

# CI checks the shared schemas out beside the repository.
SCHEMAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def stories(db, frozen):
    """A visible story with section, tag, author and image; its translation; hidden ones."""
    section = SectionFactory(slug="world")
    tag = TagFactory(language="en", name="Climate", slug="climate")
    author = AuthorFactory(display_name="Aysel Mammadova", slug="aysel-mammadova")
    story = ArticleFactory(
        headline="Visible story", section=section, lead_image=ImageFactory(),
        publish_at=NOW - timedelta(hours=2),
    )  # fmt: skip
    story.tags.add(tag)
    story.authors.add(author)
    translation = ArticleFactory(
        language="az", headline="Görünən xəbər", section=section,
        translation_group=story.translation_group, publish_at=NOW - timedelta(hours=2),
    )  # fmt: skip
    hidden = [
        ArticleFactory(headline="Withdrawn story", section=section, status="withdrawn"),
        ArticleFactory(
            headline="Scheduled story", section=section, publish_at=NOW + timedelta(hours=1)
        ),
        ArticleFactory(headline="Draft story", section=section, status="draft"),
    ]
    for article in hidden:
        article.tags.add(tag)
        article.authors.add(author)
    return {
        "section": section, "tag": tag, "author": author, "story": story,
        "translation": translation, "hidden": hidden,
    }  # fmt: skip


def jing_validate(xml: bytes, tmp_path: Path, schema: str = "atom.rnc") -> None:
    """Validate XML against a RELAX NG compact schema with jing, failing if it is missing."""
    jing = shutil.which("jing") or ("/usr/bin/jing" if Path("/usr/bin/jing").exists() else None)
    if jing is None:
        pytest.fail("jing is not installed (apt-get install jing); Atom feeds cannot be validated.")
    document = tmp_path / "feed.xml"
    document.write_bytes(xml)
    result = subprocess.run(
        [jing, "-c", str(SCHEMAS / schema), str(document)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"jing: {result.stdout}{result.stderr}"


def xsd(name: str) -> etree.XMLSchema:
    path = SCHEMAS / name
    if not path.exists():
        pytest.fail(f"Schema {path} is missing: check ../shared/schemas out beside the repo.")
    return etree.XMLSchema(etree.parse(str(path)))


def urlset_schema() -> etree.XMLSchema:
    """sitemap.xsd with the News and video extensions it accepts under <xsd:any strict>."""
    for name in ("sitemap.xsd", "sitemap-news.xsd", "sitemap-video.xsd"):
        if not (SCHEMAS / name).exists():
            pytest.fail(f"Schema {SCHEMAS / name} is missing.")
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="{SITEMAP_NS}" schemaLocation="{(SCHEMAS / "sitemap.xsd").as_uri()}"/>
      <xsd:import namespace="{NEWS_NS}" schemaLocation="{(SCHEMAS / "sitemap-news.xsd").as_uri()}"/>
      <xsd:import namespace="http://www.google.com/schemas/sitemap-video/1.1"
                  schemaLocation="{(SCHEMAS / "sitemap-video.xsd").as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


def validate_urlset(content: bytes) -> etree._Element:
    """Check image:image and xhtml:link by hand (no schema exists here), the rest by XSD."""
    root = etree.fromstring(content)
    for image in root.iter(f"{{{IMAGE_NS}}}image"):
        assert image.getparent().tag == f"{{{SITEMAP_NS}}}url"
        locs = image.findall(f"{{{IMAGE_NS}}}loc")
        assert len(locs) == 1 and locs[0].text.startswith("http"), etree.tostring(image)
    for link in root.iter(f"{{{XHTML_NS}}}link"):
        assert link.getparent().tag == f"{{{SITEMAP_NS}}}url"
        assert link.get("rel") == "alternate" and link.get("hreflang")
        assert link.get("href").startswith("http")
    stripped = etree.fromstring(content)
    for element in list(stripped.iter(f"{{{IMAGE_NS}}}image", f"{{{XHTML_NS}}}link")):
        element.getparent().remove(element)
    schema = urlset_schema()
    assert schema.validate(stripped), schema.error_log
    return root


@pytest.fixture(autouse=True)
def _site_url(settings):
    """The test client's host is the site's public address here."""
    settings.NEWSLINE_SITE_URL = "http://testserver"
