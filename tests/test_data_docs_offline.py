"""The Data Docs work from the file system with no network: the index and each suite's page render in headless
Chromium with every request that is not a file blocked, and none is even attempted."""

from pathlib import Path

import dagster as dg
import pytest

from expectations.suites import all_suites
from pipelines.definitions import GRAPH, build_resources
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    warehouse = tmp_path_factory.mktemp("warehouse")
    assert dg.materialize(GRAPH, resources=build_resources(str(SAMPLES), str(warehouse))).success
    return warehouse / "_validation"


def test_the_pages_name_no_address_outside_the_site(docs: Path):
    pages = [docs / "index.html", *sorted((docs / "suites").glob("*.html"))]
    assert len(pages) > len(all_suites())
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "http://" not in html and "https://" not in html and "<script" not in html, page.name


def test_the_index_and_a_suite_page_render_with_the_network_blocked(docs: Path):
    from browser import browser_page

    outside: list[str] = []

    def only_files(route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    with browser_page() as page:
        page.route("**/*", only_files)
        page.goto((docs / "index.html").as_uri())
        text = page.inner_text("body")
        for suite in all_suites():
            assert suite.name in text
        results = len(list((docs / "results").glob("*.json")))
        assert page.locator("table tr").count() == 1 + results  # a row per stored result
        assert page.locator("td.ok").count() == results and page.locator("td.failed").count() == 0
        page.get_by_role("link", name="claims", exact=True).click()
        page.wait_for_load_state()
        assert page.url.endswith("suites/claims.html")
        assert "expect_column_values_to_not_be_null" in page.inner_text("body")
        assert page.locator("td.ok").count() > 5
    assert outside == []
