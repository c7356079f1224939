"""Who may open which URL: the policy the URL walk (test_url_walk.py) and the fuzz tests read.

Shapes are URL patterns with each argument written as <>, matched as globs.
"""

# The practice's own pages (drafts: "not found" except for content editors).
PRACTICE_PAGES = ["about/", "locations/", "what-to-expect/", "fees-and-insurance/", "privacy/"]

# Anyone may open these. Keep this list short and exact.
PUBLIC = [
    "",
    "crisis/",
    "leave/",  # "Leave this site": forgets this device's results, then redirects away
    "healthz",
    "sitemap.xml",
    "robots.txt",
    "media/<>",  # photo renditions; anything else there is "not found"
    "accounts/login/",
    "accounts/logout/",  # asks to confirm; signing out is harmless for anyone
    "admin/login/",  # sends everyone to /accounts/login/
    "conditions/",
    "conditions/<>/",
    "clinicians/",
    "clinicians/<>/",
    "get-matched/",  # the public form
    *PRACTICE_PAGES,
    # Results and thanks: open only to the device holding the request's cookie (the
    # per-request checks: tests/security/test_per_object.py); anyone else gets a kind
    # "not found".
    "get-matched/results/",
    "get-matched/done/",
    # Forgets this device's results cookie (POST only); harmless for anyone.
    "get-matched/forget/",
    # The clinicians' side: asking for a sign-in link (the same answer for any address),
    # and the one-time links from their emails (a kind "not found" for any token that is not
    # a live one: tests/clinicians), and signing out (harmless for anyone).
    "for-clinicians/",
    "for-clinicians/sign-in/<>/",
    "for-clinicians/check-in/<>/",
    "for-clinicians/sign-out/",
]
# The same public pages in Spanish, under /es/ with the same slugs (ellie/urls.py); staff,
# sign-in, the admin and the machine-facing addresses have no Spanish copy.
SPANISH = [
    "",
    "crisis/",
    "conditions/",
    "conditions/<>/",
    "clinicians/",
    "clinicians/<>/",
    "get-matched/",
    "get-matched/results/",
    "get-matched/done/",
    "get-matched/forget/",
    # The practice's pages: written in English, shown there with a Spanish note.
    *PRACTICE_PAGES,
]
PUBLIC += [f"es/{shape}" for shape in SPANISH]

# Only a signed-in clinician (their own cookie, apart from staff sessions): everyone else,
# staff and superusers included, is sent to the page that emails a sign-in link.
CLINICIAN_ONLY = ["for-clinicians/*"]

# Signed in, any account.
# The backup-codes page also wants the code step done in this session (for anyone with an
# account: tests/security/test_backup_codes.py).
SIGNED_IN_ONLY = ["accounts/verify/", "accounts/backup-codes/"]

# Who, besides anonymous people, must be refused where (first match wins); anywhere else
# the `stranger` (signed in, in no group) must be refused.
REFUSED = [
    ("staff/*", {"stranger", "editor"}),
    ("admin/*", {"stranger", "ivy"}),
]
DEFAULT_REFUSED = {"stranger"}

# Refused even to a superuser, by design.
CLOSED_TO_EVERYONE = [
    "admin/autocomplete/",  # only answers with a model and field in the query
    "admin/axes/*/add/",  # login attempts are recorded, never typed in
    "admin/otp_totp/totpdevice/<>/config/",  # keys stay hidden (OTP_ADMIN_HIDE_SENSITIVE_DATA)
    "admin/otp_totp/totpdevice/<>/qrcode/",
    # Requests are worked at /staff/ (versioned and audited); the admin only shows them.
    "admin/intake/*/add/",
    "admin/intake/*/<>/delete/",
    # Outbox messages are written by the services that send mail, never typed in or removed.
    "admin/outbox/*/add/",
    "admin/outbox/*/<>/delete/",
    # Sign-in events of staff accounts are recorded, never typed in or removed.
    "admin/ellie/*/add/",
    "admin/ellie/*/<>/delete/",
    # What clinicians did is recorded, never typed in or removed.
    "admin/clinicians/*/add/",
    "admin/clinicians/*/<>/delete/",
    # The practice is one row: never a second, never deleted.
    "admin/practice/practice/add/",
    "admin/practice/practice/<>/delete/",
    # The practice's pages are a fixed set of addresses: all five exist, none is deleted.
    "admin/practice/practicepage/add/",
    "admin/practice/practicepage/<>/delete/",
]


# Values for URL arguments, so a page about one object is requested for an object that
# exists: {"route name": {"argument": value or callable}}; "*" applies to every route.
# Callables run inside the test, with the database available (factories welcome).
def _a_request() -> int:
    from tests.factories import IntakeRequestFactory

    return IntakeRequestFactory().pk


SAMPLES: dict = {
    f"staff:{name}": {"pk": _a_request}
    for name in (
        "review",
        "assign",
        "assign_clinician",
        "change_status",
        "close",
        "contact_attempt",
        "add_note",
        "coverage_check",
    )
}
SAMPLES["staff_clinicians:refer"] = {"pk": _a_request}


def _own_referral() -> int:
    """A referral of the clinician the walk signs in last (tests/clinicians/helpers.py)."""
    from tests.clinicians.helpers import walk_referral

    return walk_referral()


SAMPLES["clinicians:referral"] = {"pk": _own_referral}
