"""Without a shared cache, the app's processes on one machine share the pages' version through
a small file (ellie.pagecache._MachineCopy): a cached visit reads no row, a change made
through the app is seen by every process on its next request, and the row is still read at
least every PAGE_VERSION_RECHECK_MS for what the file cannot see."""

import multiprocessing
import os

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ellie import pagecache
from ellie.models import PageVersion
from practice.models import Practice

# Committed for real: a number read inside a transaction is never written to the file (it may
# not be committed), and a test's own transaction would hide every write. Serialized like
# every other transactional test (a flush without it runs post_migrate).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RECHECK_MS = 1000


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def machine(settings, tmp_path, monkeypatch):
    """The production setting, a file of this test's own and a clock the test moves."""
    settings.PAGE_VERSION_RECHECK_MS = RECHECK_MS
    settings.PAGE_VERSION_FILE = str(tmp_path / "page-version")
    copy = pagecache._MachineCopy()
    copy.clock = Clock()
    monkeypatch.setattr(pagecache, "_machine", copy)
    return copy


def in_file(machine) -> int:
    with open(machine._path(), "rb") as file:
        return int.from_bytes(file.read(), "little", signed=True)


def later(machine, ms: float) -> None:
    machine.clock.now += ms / 1000


def test_a_cached_visit_reads_no_row(client, machine):
    for path in ("/crisis/", "/"):
        client.get(path)
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/crisis/").status_code == 200
        assert client.get("/").status_code == 200
    assert len(queries) == 0, [query["sql"] for query in queries]


def test_the_row_is_read_again_once_the_recheck_is_due(client, machine):
    client.get("/crisis/")
    later(machine, RECHECK_MS - 1)
    with CaptureQueriesContext(connection) as queries:
        client.get("/crisis/")
    assert len(queries) == 0
    later(machine, 1)
    with CaptureQueriesContext(connection) as queries:
        client.get("/crisis/")
    assert [query["sql"] for query in queries] == [pagecache.READ_SQL]


def test_a_change_through_the_app_is_visible_on_the_very_next_request(client, machine):
    client.get("/crisis/")
    client.get("/crisis/")
    practice = Practice.current()
    practice.phone = "(651) 555-0177"
    practice.save()  # commits, and writes the new number into the file
    assert "(651) 555-0177" in client.get("/crisis/").content.decode()
    assert in_file(machine) == PageVersion.objects.get().number


def test_a_change_another_process_commits_is_seen_here_on_the_next_request(client, machine):
    """Another worker writes its committed number into the file: this process, which read
    the row a moment ago, sees it without reading the row again."""
    client.get("/crisis/")
    client.get("/crisis/")
    number = PageVersion.objects.get().number
    Practice.objects.filter(pk=1).update(phone="(651) 555-0166")  # the other worker's write
    PageVersion.objects.filter(pk=1).update(number=number + 1)  # ... and its bump
    assert "(651) 555-0166" not in client.get("/crisis/").content.decode(), "not told yet"

    worker = multiprocessing.get_context("fork").Process(
        target=pagecache._machine.raise_to, args=(number + 1,)
    )
    worker.start()
    worker.join(10)
    assert worker.exitcode == 0
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/crisis/").content.decode()
    assert "(651) 555-0166" in page
    assert pagecache.READ_SQL not in [query["sql"] for query in queries], "told by the file"


def test_a_write_only_the_triggers_counted_shows_within_the_recheck(client, machine):
    """An update that sent no signal (psql, a bulk update): the triggers move the row, and
    every process reads the row at least every PAGE_VERSION_RECHECK_MS."""
    client.get("/crisis/")
    client.get("/crisis/")
    Practice.objects.filter(pk=1).update(phone="(651) 555-0155")
    PageVersion.objects.filter(pk=1).update(number=PageVersion.objects.get().number + 1)
    assert "(651) 555-0155" not in client.get("/crisis/").content.decode()
    later(machine, RECHECK_MS)
    assert "(651) 555-0155" in client.get("/crisis/").content.decode()
    assert in_file(machine) == PageVersion.objects.get().number


def test_a_number_not_yet_committed_never_reaches_the_file(machine):
    before = pagecache.version()
    with transaction.atomic():
        pagecache.bump()
        assert pagecache._read() == before + 1, "this process sees its own change"
        assert in_file(machine) == before, "the others keep the committed number"


def test_the_file_is_never_lowered_by_a_late_commit(machine):
    pagecache.version()
    number = in_file(machine)
    machine.raise_to(number + 5)
    machine.raise_to(number + 3)  # an earlier change whose commit finished later
    assert in_file(machine) == number + 5


def test_a_read_of_the_row_writes_exactly_what_it_read(machine):
    """A restored backup may bring a lower number: the row is the truth."""
    pagecache.version()
    machine.raise_to(in_file(machine) + 100)
    later(machine, RECHECK_MS)
    assert pagecache._read() == PageVersion.objects.get().number
    assert in_file(machine) == PageVersion.objects.get().number


def test_an_unusable_file_means_reading_the_row_on_every_request(client, settings, machine):
    settings.PAGE_VERSION_FILE = "/nonexistent-folder/page-version"
    client.get("/crisis/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/crisis/").status_code == 200
    assert [query["sql"] for query in queries] == [pagecache.READ_SQL]
    Practice.objects.filter(pk=1).update(phone="(651) 555-0144")
    pagecache.bump()
    assert "(651) 555-0144" in client.get("/crisis/").content.decode()


def test_a_commit_written_while_the_row_is_read_is_not_overwritten(machine):
    """Compare and swap: the row is read without the file's lock; a number another process
    wrote meanwhile (its commit) stays."""
    pagecache.version()
    held = in_file(machine)

    def read_row_while_another_commits():
        machine.raise_to(held + 5)  # another worker's commit lands during this read
        return held

    assert machine.refresh(read_row_while_another_commits) == held
    assert in_file(machine) == held + 5


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_file_belonging_to_another_user_is_not_used(client, machine):
    path = machine._path()
    with open(path, "wb") as file:
        file.write((10**15).to_bytes(8, "little"))
    os.chown(path, 65534, 65534)  # planted by another user
    client.get("/crisis/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/crisis/").status_code == 200
    assert [query["sql"] for query in queries] == [pagecache.READ_SQL]
    assert in_file(machine) == 10**15, "left alone"
