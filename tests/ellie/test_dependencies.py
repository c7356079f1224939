"""Our apps stand in layers; requirements.txt lists what the site uses, and nothing else;
Redis stays supported."""

import ast
import os
import re
import socket
import subprocess
import sys
import uuid
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["ellie", "practice", "outbox", "conditions", "matching", "intake", "tools"]
# Packages the code never imports itself: another package loads them when a setting names
# the backend that needs them.
REACHED_THROUGH = {
    "psycopg2-binary": "django.db.backends.postgresql",
    "redis": "django.core.cache.backends.redis",
    "boto3": "storages.backends.s3",
}


# Bottom to top (docs/architecture.md): each app imports only from the layers below it, so
# no two apps import each other. ellie's shared helpers (sign-in, access, mail, the admin's
# guards) are below every app; its URLs, pages and WSGI entry sit above them all.
LAYERS: list[set[str]] = [
    {"ellie"},
    {"practice", "outbox"},
    {"matching"},
    {"conditions"},
    {"intake"},
    {"clinicians"},
    {"ellie.urls", "ellie.views", "ellie.wsgi", "tools"},
]


def layer_of(module: str) -> tuple[int, str] | None:
    """(layer, unit) of one of our modules: ``intake.staff.views`` → (4, "intake")."""
    for index in reversed(range(len(LAYERS))):
        for unit in LAYERS[index]:
            if module == unit or module.startswith(unit + "."):
                return index, unit
    return None


def imported_modules(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def layer_violations(module: str, source: str) -> list[str]:
    """Imports of ``module`` that reach up, or sideways into another app of its layer."""
    own = layer_of(module)
    if own is None:
        return []
    wrong = set()
    for target in imported_modules(source):
        other = layer_of(target)
        if other is None or other[1] == own[1] or target.split(".")[0] == module.split(".")[0]:
            continue
        if other[0] >= own[0]:
            wrong.add(f"{module} imports {target}")
    return sorted(wrong)


def test_apps_import_only_the_layers_below_them():
    wrong = []
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            wrong += layer_violations(module, path.read_text())
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize(
    "module, source, allowed",
    [
        ("intake.services", "from matching.ranking import rank", True),
        ("intake.staff.views", "from outbox import services", True),
        ("intake.admin", "from ellie.admin import IntakeStaffOnly", True),
        ("ellie.views", "from intake.views import forget_results", True),
        ("matching.ranking", "from intake.models import MatchRequest", False),
        ("outbox.services", "from intake.models import MatchRequest", False),
        ("outbox.services", "import practice.models", False),
        ("ellie.auth", "from intake.staff import access", False),
        ("intake.views", "from ellie.views import leave", False),
        ("conditions.models", "from clinicians.models import Referral", False),
    ],
)
def test_the_layer_check_notices_an_import_that_reaches_up(module, source, allowed):
    assert (layer_violations(module, source) == []) is allowed


def runtime_requirements() -> dict[str, str]:
    """{distribution: pin} above the "tests and tooling" line."""
    text = (ROOT / "requirements.txt").read_text().split("# tests and tooling")[0]
    found = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            found[re.sub(r"\[.*\]", "", name)] = version
    return found


def project_text() -> str:
    files = [ROOT / "manage.py", ROOT / "Makefile"]
    for folder in SOURCES:
        files += (ROOT / folder).rglob("*.py")
    return "\n".join(path.read_text() for path in files)


def modules_of(distribution: str) -> list[str]:
    wanted = distribution.lower().replace("_", "-")
    return [
        module
        for module, dists in packages_distributions().items()
        if wanted in {d.lower().replace("_", "-") for d in dists}
    ]


def is_used(module: str, text: str) -> bool:
    """Imported, named in a setting ("csp", "axes.middleware...") or run (bin/gunicorn)."""
    pattern = rf"^\s*(?:import|from)\s+{module}\b|[\"']{module}[.\"']|/bin/{module}\b"
    return re.search(pattern, text, re.M) is not None


def test_every_runtime_requirement_is_used():
    text = project_text()
    unused = []
    for distribution in runtime_requirements():
        if distribution in REACHED_THROUGH:
            if REACHED_THROUGH[distribution] not in text:
                unused.append(distribution)
            continue
        modules = modules_of(distribution)
        assert modules, f"{distribution} is not installed (make venv)"
        if not any(is_used(module, text) for module in modules):
            unused.append(distribution)
    assert unused == [], f"nothing uses {unused}: remove them from requirements.txt"


def test_the_usage_check_notices_an_unused_package():
    assert is_used("segno", "import segno\n")
    assert is_used("csp", 'INSTALLED_APPS = ["csp"]')
    assert is_used("gunicorn", "$(VENV)/bin/gunicorn ellie.wsgi")
    assert not is_used("markdown", "A Markdown table for the docs.\n")


def test_redis_is_pinned_directly_for_the_shared_cache():
    assert runtime_requirements().get("redis"), "REDIS_URL needs the redis client, pinned"
    assert "django-redis" not in runtime_requirements(), "settings use Django's own backend"


def redis_answers(host="127.0.0.1", port=6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def test_with_redis_url_the_cache_is_shared_through_redis():
    if not redis_answers():
        pytest.skip("no Redis answers on 127.0.0.1:6379; REDIS_URL is checked when one does")
    key = f"ellie-test-{uuid.uuid4().hex}"
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ellie.settings');"
        "django.setup();"
        "from django.conf import settings; from django.core.cache import cache;"
        f"cache.set({key!r}, 1, 30); cache.incr({key!r}); print(cache.get({key!r}));"
        f"cache.delete({key!r}); print(settings.CACHES['default']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/15")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "django.core.cache.backends.redis.RedisCache"]
