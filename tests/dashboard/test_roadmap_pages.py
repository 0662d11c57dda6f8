"""The dashboard's roadmap pages and forms (CSRF, same origin, local redirects), through
FastAPI's TestClient. No run is trained here: these run on every claimed Python, torch or not."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from genlab.dashboard.app import create_app
from genlab.roadmap.progress import ProgressStore

from .conftest import form, make_run, serve, status_of


@pytest.fixture
def built_runs(tmp_path):
    """Two hand-built finished runs (no training, no torch)."""
    root = tmp_path / "dash-runs"
    root.mkdir()
    make_run(root, "vae-a", hidden=16, lr=1e-3)
    make_run(root, "vae-b", hidden=32, lr=3e-3)
    return root


@pytest.fixture
def client(built_runs, progress_db):
    yield from serve(built_runs, progress_db)


# -- roadmap and milestones ------------------------------------------------------------------------

def test_roadmap_page_lists_phases_milestones_and_plan(client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert html.count('class="phase') == 4
    assert len(re.findall(r'<tr id="m\d+"', html)) == 23
    assert 'role="progressbar"' in html
    assert "Next step" in html and "finish 20" in html  # the plan's finish date
    assert f'name="csrf" value="{client.app_state.csrf_token}"' in html
    assert "Server-Timing" in r.headers


def test_roadmap_hours_per_week(client):
    slow = client.get("/?hours=2").text
    fast = client.get("/?hours=40").text
    finish = re.compile(r"finish (\d{4}-\d\d-\d\d)")
    assert finish.search(slow).group(1) > finish.search(fast).group(1)
    bad = client.get("/?hours=banana")
    assert bad.status_code == 200 and "hours per week must be a number" in bad.text


def test_milestone_page(client):
    r = client.get("/milestone/7")
    assert r.status_code == 200
    assert "Advanced generative models" in r.text or "VAE" in r.text
    assert 'action="/milestone/7/note"' in r.text and 'action="/milestone/7/tick"' in r.text
    assert "<a href=\"http" in r.text  # resources are links


def test_milestone_page_offers_its_guides_as_notebooks(client):
    import json

    r = client.get("/milestone/7")
    assert 'href="/guides/diffusion.ipynb"' in r.text and "download notebook" in r.text
    nb = client.get("/guides/diffusion.ipynb")
    assert nb.status_code == 200 and "attachment" in nb.headers["content-disposition"]
    assert json.loads(nb.text)["metadata"]["genlab"]["guide"] == "diffusion"
    assert client.get("/guides/nope.ipynb").status_code == 404


@pytest.mark.parametrize("mid", ["99", "0", "abc", "-1", "7.5"])
def test_unknown_milestone_is_404(client, mid):
    assert client.get(f"/milestone/{mid}").status_code == 404


def test_set_status_writes_the_cli_database(client, progress_db):
    r = client.post("/milestone/3/status", data=form(client, status="done", note="finished it",
                                                     next="/#m3"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/#m3"
    assert status_of(progress_db, 3) == "done"
    with ProgressStore(progress_db) as store:
        assert [e.note for e in store.journal(3)] == ["finished it"]
    page = client.get("/").text
    assert re.search(r'<tr id="m3" data-status="done"', page)


def test_set_status_aliases_and_bad_status(client, progress_db):
    client.post("/milestone/4/status", data=form(client, status="in-progress"))
    assert status_of(progress_db, 4) == "in-progress"
    r = client.post("/milestone/4/status", data=form(client, status="finished-ish"))
    assert r.status_code == 400 and "unknown status" in r.text
    assert status_of(progress_db, 4) == "in-progress"


def test_note_and_tick(client, progress_db):
    r = client.post("/milestone/5/note", data=form(client, note="read chapter 2"),
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/milestone/5"
    assert "read chapter 2" in client.get("/milestone/5").text
    assert client.post("/milestone/5/note", data=form(client, note="  ")).status_code == 400
    assert client.post("/milestone/5/tick", data=form(client, activity="1")).status_code == 200
    with ProgressStore(progress_db) as store:
        assert store.ticks()[5] == {1}
    client.post("/milestone/5/tick", data=form(client, activity="1", done="0"))
    with ProgressStore(progress_db) as store:
        assert store.ticks().get(5, set()) == set()
    assert client.post("/milestone/5/tick", data=form(client, activity="999")).status_code == 400
    assert client.post("/milestone/5/tick", data=form(client, activity="x")).status_code == 400


@pytest.mark.parametrize("headers,fields", [
    ({}, {"status": "done"}),                                           # no token
    ({}, {"status": "done", "csrf": "forged"}),                         # wrong token
    ({"Origin": "http://evil.example"}, None),                          # other origin
    ({"Origin": "null"}, None),                                         # opaque origin
    ({"Sec-Fetch-Site": "cross-site"}, None),                           # browser says cross-site
])
def test_state_changes_need_token_and_same_origin(client, progress_db, headers, fields):
    data = fields if fields is not None else form(client, status="done")
    r = client.post("/milestone/2/status", data=data, headers=headers)
    assert r.status_code == 403
    assert status_of(progress_db, 2) == "not-started"


def test_same_origin_header_is_accepted(client, progress_db):
    r = client.post("/milestone/2/status", data=form(client, status="skip"),
                    headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 200  # followed the redirect
    assert status_of(progress_db, 2) == "skipped"


def test_get_cannot_change_state(client, progress_db):
    assert client.get("/milestone/2/status?status=done").status_code in (404, 405)
    assert status_of(progress_db, 2) == "not-started"


@pytest.mark.parametrize("target", ["//evil.example/x", "http://evil.example/", "\\\\evil", "x"])
def test_redirect_after_form_stays_local(client, target):
    r = client.post("/milestone/6/status", data=form(client, status="done", next=target),
                    follow_redirects=False)
    assert r.headers["location"] == "/milestone/6"


def test_damaged_progress_database_is_a_message_not_a_crash(built_runs, tmp_path):
    db = tmp_path / "bad.db"
    db.write_bytes(b"this is not a database" * 100)
    with TestClient(create_app(built_runs, db), raise_server_exceptions=False) as c:
        r = c.get("/")
    assert r.status_code == 503 and "progress repair" in r.text


def test_changes_made_by_the_cli_show_on_the_page(client, progress_db):
    with ProgressStore(progress_db) as store:
        store.set_status(9, "in-progress", note="started from the shell")
        store.tick(9, 2)
    assert re.search(r'<tr id="m9" data-status="in-progress"', client.get("/").text)
    page = client.get("/milestone/9").text
    assert "started from the shell" in page and "untick activity 2" in page


def test_milestone_page_shows_evidence_apart_from_ticks(client, progress_db):
    with ProgressStore(progress_db) as store:
        store.record_evidence(7, 1, "runs/vae-a")
        store.tick(7, 3)
    html = client.get("/milestone/7").text
    assert "shown by your work: <code>runs/vae-a</code>" in html
    assert "genlab verify checks: a finished wgan run; ticked by you, nothing shows it yet" in html


def test_the_review_page_asks_a_due_card_and_checks_the_answer(client, progress_db):
    assert "review cards due today" in client.get("/").text
    page = client.get("/review?m=12")
    assert page.status_code == 200 and "autofocus" in page.text and "cards due" in page.text
    card_id = re.search(r'name="card" value="([^"]+)"', page.text)[1]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    r = client.post("/review", data={"csrf": csrf, "card": card_id, "answer": "surely wrong", "m": "12"},
                    follow_redirects=False)
    assert r.status_code == 303 and f"last={card_id}&ok=0" in r.headers["location"]
    after = client.get(r.headers["location"]).text
    assert "Not quite: the answer is" in after
    with ProgressStore(progress_db) as store:
        assert card_id in store.review_states()
    assert client.post("/review", data={"card": card_id, "answer": "x"}).status_code == 403  # no CSRF token


def test_evidence_from_a_run_links_to_its_page_and_a_shown_milestone_says_so(client, progress_db, built_runs):
    with ProgressStore(progress_db) as store:
        for n in (1, 3, 4):  # every activity of milestone 7 that has a rule
            store.record_evidence(7, n, str(built_runs / "vae-a"))
    html = client.get("/milestone/7").text
    assert '<a href="/runs/vae-a"><code>' in html and "shown by your work</span>" in html
