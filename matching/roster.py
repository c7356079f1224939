"""The roster import (PRODUCT.md §5): a practice's spreadsheet in, clinicians out.

`import_roster(file=...)` reads a CSV, checks every row, and either reports every problem
(line, column, reason) and writes nothing, or creates and updates clinicians keyed by NPI
in one transaction. The file may also be a ZIP holding the CSV and the photos its `photo`
column names; the command also finds photos in the folder beside a CSV (`FolderPhotos`).
A clinician whose row matches what is stored is left untouched, so importing the same file
twice changes nothing the second time. The command `import_clinicians` and the admin's
import page both call it.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from matching.models import (
    Carrier,
    Clinician,
    ClinicianSpecialty,
    Language,
    Modality,
    Office,
    Specialty,
    normal_email,
)
from matching.npi import is_valid_npi
from matching.photos import MAX_BYTES as MAX_PHOTO_BYTES
from matching.photos import PhotoError, ProcessedPhoto, read_photo, set_clinician_photo
from matching.places import AGE_GROUPS, STATE_NAMES, locate
from matching.search_rows import refresh_search_rows

REQUIRED_COLUMNS = (
    "npi",
    "first_name",
    "last_name",
    "licensed_states",
    "telehealth",
    "in_person",
    "accepting_new_clients",
    "ages",
)
# The profile in the clinician's own words.
PROFILE_COLUMNS = ("bio", "approach", "works_with", "first_session")
OPTIONAL_COLUMNS = (
    "credentials",
    "pronouns",
    *PROFILE_COLUMNS,
    "gender",
    "languages",
    "sliding_scale",
    "office_zip",
    "availability_confirmed_on",
    "waitlist_weeks",
    "specialties",
    "modalities",
    "insurance",
    "self_pay_rate",
    "photo",
    "email",
    "phone",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Free text, taken as written (within MAX_LENGTHS).
TEXT_COLUMNS = ("first_name", "last_name", "credentials", "pronouns", "phone", *PROFILE_COLUMNS)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
AGE_ORDER = [code for code, _ in AGE_GROUPS]
MAX_LENGTHS = {"first_name": 60, "last_name": 60, "credentials": 60, "pronouns": 30, "phone": 20}
NO_EMAIL = (
    "no email address: this clinician cannot sign in, confirm availability or receive "
    "referrals until one is added (an email column, or the admin)"
)
MAX_BYTES = 5 * 1024 * 1024
# A roster ZIP: the CSV and its photos, at most this much once unpacked.
MAX_ZIP_BYTES = 500 * 1024 * 1024


class PhotoSource(Protocol):
    """Where the `photo` column's file names are found."""

    where: str  # "in the ZIP", "beside the CSV": for messages

    def read(self, name: str) -> bytes | None:
        """The file's bytes (at most a photo's limit and one more), or None if absent."""


class ZipPhotos:
    where = "in the ZIP"

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        # Spreadsheets and file systems disagree about case: match names without it.
        self.members = {
            _normal(info.filename).lower(): info for info in archive.infolist() if not info.is_dir()
        }

    def read(self, name: str) -> bytes | None:
        info = self.members.get(_normal(name).lower())
        if info is None:
            return None
        with self.archive.open(info) as handle:
            return handle.read(MAX_PHOTO_BYTES + 1)


class FolderPhotos:
    where = "beside the CSV"

    def __init__(self, root: Path):
        self.root = root.resolve()

    def read(self, name: str) -> bytes | None:
        path = (self.root / _normal(name)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None  # nothing outside the roster's folder is ever read
        with path.open("rb") as handle:
            return handle.read(MAX_PHOTO_BYTES + 1)


def _normal(name: str) -> str:
    """A relative path with forward slashes: `photos\\maya.jpg` and `./photos/maya.jpg`
    name the same file; `..` parts are dropped."""
    parts = PurePosixPath(name.strip().replace("\\", "/")).parts
    return "/".join(part for part in parts if part not in ("/", ".", ".."))


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    # Imported anyway, but worth a person's attention (a clinician without an email).
    warnings: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        if self.errors:
            return f"Nothing was imported: {len(self.errors)} problem(s) to fix."
        summary = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged."
        if self.warnings:
            summary += f" {len(self.warnings)} warning(s)."
        return summary


@dataclass
class ParsedRow:
    line: int
    npi: str
    fields: dict  # scalar model fields present in the file
    languages: list[int] | None = None
    specialties: list[tuple[int, str]] | None = None
    modalities: list[int] | None = None
    carriers: list[int] | None = None
    office_zip: str | None = None  # "" = no office; None = column absent
    photo: ProcessedPhoto | None = None  # None = leave the photo as it is


class _Lookup:
    """Reference items by slug and by name, case-insensitively."""

    def __init__(self, model):
        self.by_key: dict[str, int] = {}
        for pk, slug, name in model.objects.values_list("pk", "slug", "name"):
            self.by_key[slug.lower()] = pk
            self.by_key.setdefault(name.lower(), pk)

    def get(self, key: str) -> int | None:
        return self.by_key.get(key.strip().lower())


def _items(value: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in value.split(";"):
        part = part.strip()
        if part and part.lower() not in {k.lower() for k in seen}:
            seen[part] = None
    return list(seen)


class _RowReader:
    def __init__(self, line: int, row: dict[str, str], errors: list[RowError]):
        self.line = line
        self.row = row
        self.errors = errors

    def has(self, column: str) -> bool:
        return column in self.row

    def text(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.line, column, reason))

    def yes_no(self, column: str) -> bool | None:
        value = self.text(column).lower()
        if value in YES:
            return True
        if value in NO:
            return False
        shown = f"{self.text(column)!r}" if value else "an empty value"
        self.error(column, f"use yes or no (also true/false, 1/0), not {shown}")
        return None

    def whole_number(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not value.isdigit():
            self.error(column, f"use a whole number, not {value!r}")
            return None
        return int(value)

    def references(self, column: str, lookup: _Lookup, noun: str) -> list[int]:
        ids = []
        for item in _items(self.text(column)):
            pk = lookup.get(item)
            if pk is None:
                self.error(column, f"unknown {noun} {item!r}")
            elif pk not in ids:
                ids.append(pk)
        return ids


def _parse_row(
    line: int,
    row: dict[str, str],
    lookups: dict,
    errors: list[RowError],
    photos: _PhotoReader,
):
    r = _RowReader(line, row, errors)
    fields: dict = {}

    npi = r.text("npi")
    if not is_valid_npi(npi):
        r.error("npi", f"{npi!r} is not a valid NPI (10 digits with a correct check digit)")
    for column in ("first_name", "last_name"):
        if not r.text(column):
            r.error(column, "is required")
    for column in TEXT_COLUMNS:
        if r.has(column):
            value = r.text(column)
            limit = MAX_LENGTHS.get(column)
            if limit and len(value) > limit:
                r.error(column, f"is longer than {limit} characters")
            fields[column] = value
    if r.has("email"):
        email = normal_email(r.text("email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                r.error("email", f"{r.text('email')!r} is not an email address")
        fields["email"] = email
    if r.has("gender"):
        gender = r.text("gender").lower()
        if gender not in {"", *Clinician.Gender.values}:
            r.error("gender", f"use woman, man, nonbinary or leave empty, not {gender!r}")
        fields["gender"] = gender

    states = []
    for code in _items(r.text("licensed_states")):
        if code.upper() not in STATE_NAMES:
            r.error("licensed_states", f"{code!r} is not a USPS state code")
        elif code.upper() not in states:
            states.append(code.upper())
    if not states and not any(e.line == line and e.column == "licensed_states" for e in errors):
        r.error("licensed_states", "list at least one state, for example MN")
    fields["licensed_states"] = sorted(states)

    ages = []
    for age in _items(r.text("ages")):
        if age.lower() not in AGE_ORDER:
            r.error("ages", f"{age!r} is not one of child, teen, adult, older-adult")
        else:
            ages.append(age.lower())
    if not ages and not any(e.line == line and e.column == "ages" for e in errors):
        r.error("ages", "list at least one of child, teen, adult, older-adult")
    fields["age_groups"] = [code for code in AGE_ORDER if code in ages]

    for column, model_field in (
        ("telehealth", "telehealth"),
        ("in_person", "in_person"),
        ("accepting_new_clients", "accepting_new_clients"),
        ("sliding_scale", "sliding_scale"),
    ):
        if r.has(column):
            fields[model_field] = r.yes_no(column)

    office_zip = None
    if r.has("office_zip"):
        office_zip = r.text("office_zip")
        if office_zip and locate(office_zip) is None:
            r.error("office_zip", f"{office_zip!r} is not a ZIP code we know")
    if fields.get("in_person") and not office_zip:
        r.error("office_zip", "is required when in_person is yes")

    if r.has("availability_confirmed_on"):
        value = r.text("availability_confirmed_on")
        confirmed = None
        if value:
            try:
                confirmed = datetime.date.fromisoformat(value)
                if len(value) != 10:
                    raise ValueError
            except ValueError:
                r.error("availability_confirmed_on", f"use YYYY-MM-DD, not {value!r}")
        fields["availability_confirmed_on"] = confirmed
    for column in ("waitlist_weeks", "self_pay_rate"):
        if r.has(column):
            fields[column] = r.whole_number(column)

    parsed = ParsedRow(line=line, npi=npi, fields=fields, office_zip=office_zip)
    if r.has("languages"):
        parsed.languages = r.references("languages", lookups["languages"], "language")
    if r.has("modalities"):
        parsed.modalities = r.references("modalities", lookups["modalities"], "modality")
    if r.has("insurance"):
        parsed.carriers = r.references("insurance", lookups["carriers"], "carrier")
    if r.has("specialties"):
        specialties: dict[int, str] = {}
        for item in _items(r.text("specialties")):
            slug, _, level = item.partition(":")
            level = level.strip().lower()
            if level not in ("", "primary", "experienced"):
                r.error("specialties", f"{item!r}: mark a primary focus with :primary")
                continue
            pk = lookups["specialties"].get(slug)
            if pk is None:
                r.error("specialties", f"unknown specialty {slug.strip()!r}")
                continue
            chosen = "primary" if level == "primary" else "experienced"
            if specialties.get(pk) != "primary":
                specialties[pk] = chosen
        parsed.specialties = sorted(specialties.items())
    if r.text("photo"):
        parsed.photo = photos.get(r, r.text("photo"))
    return parsed


class _PhotoReader:
    """Reads and checks each photo the roster names once, whatever rows share it."""

    def __init__(self, source: PhotoSource | None):
        self.source = source
        self.done: dict[str, ProcessedPhoto | str] = {}

    def get(self, r: _RowReader, name: str) -> ProcessedPhoto | None:
        if self.source is None:
            r.error(
                "photo",
                f"{name!r}: upload a ZIP holding the CSV and its photos to import photos",
            )
            return None
        key = _normal(name).lower()
        if key not in self.done:
            data = self.source.read(name)
            if data is None:
                self.done[key] = f"no file {name!r} {self.source.where}"
            else:
                try:
                    self.done[key] = read_photo(data)
                except PhotoError as exc:
                    self.done[key] = f"{name!r}: {exc}"
        result = self.done[key]
        if isinstance(result, str):
            r.error("photo", result)
            return None
        return result


def read_roster(
    file: IO, photos: PhotoSource | None = None
) -> tuple[list[ParsedRow], list[RowError]]:
    """Check a roster CSV (and the photos it names) without writing anything."""
    raw = file.read(MAX_BYTES + 1)
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            return [], [RowError(0, "", "the file is larger than 5 MB")]
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RowError(0, "", "save the file as UTF-8 CSV")]
    else:
        text = raw.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[RowError] = []
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(1, "", "the file is empty; a header row is required")]
    except csv.Error as exc:
        return [], [RowError(1, "", f"not a readable CSV file ({exc})")]
    columns = [name.strip().lower() for name in header]
    for position, name in enumerate(columns, start=1):
        if name not in COLUMNS:
            errors.append(RowError(1, name or f"#{position}", "unknown column"))
        elif columns.index(name) != position - 1:
            errors.append(RowError(1, name, "appears twice in the header"))
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            errors.append(RowError(1, name, "required column is missing from the header"))
    if errors:
        return [], errors

    lookups = {
        "languages": _Lookup(Language),
        "modalities": _Lookup(Modality),
        "carriers": _Lookup(Carrier),
        "specialties": _Lookup(Specialty),
    }
    photo_reader = _PhotoReader(photos)
    rows: list[ParsedRow] = []
    seen_npis: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    previous_end = 1
    try:
        for values in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(columns):
                errors.append(
                    RowError(line, "", f"has {len(values)} cells; the header has {len(columns)}")
                )
                continue
            row = dict(zip(columns, values, strict=True))
            parsed = _parse_row(line, row, lookups, errors, photo_reader)
            if parsed.npi in seen_npis:
                errors.append(
                    RowError(line, "npi", f"the same NPI is on line {seen_npis[parsed.npi]}")
                )
            seen_npis.setdefault(parsed.npi, line)
            email = parsed.fields.get("email")
            if email:
                if email in seen_emails:
                    errors.append(
                        RowError(line, "email", f"the same address is on line {seen_emails[email]}")
                    )
                seen_emails.setdefault(email, line)
            rows.append(parsed)
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "", f"not a readable CSV line ({exc})"))
    if not rows and not errors:
        errors.append(RowError(2, "", "the file has a header but no clinicians"))
    return rows, errors


def _unique_slug(first: str, last: str, taken: set[str]) -> str:
    base = slugify(f"{first} {last}")[:70] or "clinician"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def _existing_by_npi(npis: Iterable[str]) -> dict[str, Clinician]:
    clinicians = Clinician.objects.filter(npi__in=list(npis)).prefetch_related(
        "languages", "modalities", "carriers", "clinician_specialties", "offices"
    )
    return {c.npi: c for c in clinicians}


def _apply(clinician: Clinician, row: ParsedRow, *, is_new: bool) -> bool:
    """Bring one clinician in line with its row; True when anything changed."""
    changed_fields = [
        name for name, value in row.fields.items() if getattr(clinician, name) != value
    ]
    for name in changed_fields:
        setattr(clinician, name, row.fields[name])
    changed = bool(changed_fields) or is_new
    if is_new:
        clinician.save()
    elif changed_fields:
        clinician.save(update_fields=[*changed_fields, "updated_at"])

    def current(relation) -> list[int]:
        return [] if is_new else sorted(item.pk for item in relation.all())

    for values, relation in (
        (row.languages, clinician.languages),
        (row.modalities, clinician.modalities),
        (row.carriers, clinician.carriers),
    ):
        if values is not None and current(relation) != sorted(values):
            relation.set(values)
            changed = True
    if row.specialties is not None:
        have = (
            []
            if is_new
            else sorted((cs.specialty_id, cs.level) for cs in clinician.clinician_specialties.all())
        )
        if have != row.specialties:
            ClinicianSpecialty.objects.filter(clinician=clinician).delete()
            ClinicianSpecialty.objects.bulk_create(
                ClinicianSpecialty(clinician=clinician, specialty_id=pk, level=level)
                for pk, level in row.specialties
            )
            changed = True
    if row.office_zip is not None:
        have = [] if is_new else [office.zip_code for office in clinician.offices.all()]
        want = [row.office_zip] if row.office_zip else []
        if have != want:
            Office.objects.filter(clinician=clinician).delete()
            for zip_code in want:
                office = Office(clinician=clinician)
                office.place_at(locate(zip_code))
                office.save()
            changed = True
    if row.photo is not None and (row.photo.key, max(row.photo.widths)) != (
        clinician.photo_key,
        clinician.photo_width,
    ):
        set_clinician_photo(clinician=clinician, photo=row.photo)
        changed = True
    elif changed and not is_new and not changed_fields:
        # Only links changed: still mark the clinician as updated.
        clinician.save(update_fields=["updated_at"])
    return changed


def _unzip(file: IO) -> tuple[IO | None, ZipPhotos | None, str]:
    """The CSV inside a roster ZIP and its photos, or the reason they can't be read."""
    try:
        archive = zipfile.ZipFile(file)
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, None, "the ZIP file is damaged: make it again"
    if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
        return None, None, f"the ZIP is larger than {MAX_ZIP_BYTES // 2**20} MB once unpacked"
    tables = [
        info
        for info in members
        if info.filename.lower().endswith(".csv")
        and not PurePosixPath(info.filename).name.startswith(("._", "."))
        and not info.filename.startswith("__MACOSX/")
    ]
    if len(tables) != 1:
        found = "no CSV file" if not tables else f"{len(tables)} CSV files"
        return None, None, f"the ZIP must hold exactly one roster CSV; it holds {found}"
    try:
        table = io.BytesIO(archive.open(tables[0]).read(MAX_BYTES + 1))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None, None, "the ZIP file is damaged: make it again"
    return table, ZipPhotos(archive), ""


def _email_conflicts(rows: list[ParsedRow]) -> list[RowError]:
    """Addresses in the file that already belong to another clinician (by NPI)."""
    by_email = {row.fields["email"]: row for row in rows if row.fields.get("email")}
    if not by_email:
        return []
    taken = Clinician.objects.filter(email__in=list(by_email)).values_list("email", "npi")
    # To pass an address from one clinician to another, change the first one's address in
    # an import (or the admin) before giving it to the second.
    return sorted(
        (
            RowError(by_email[email].line, "email", "another clinician already has this address")
            for email, npi in taken
            if npi != by_email[email].npi
        ),
        key=lambda e: e.line,
    )


def import_roster(*, file: IO, photos: PhotoSource | None = None) -> ImportResult:
    """Create or update clinicians from a roster CSV, or a ZIP of the CSV and its photos,
    all or nothing."""
    start = file.read(4)
    file.seek(0)
    if start == b"PK\x03\x04":
        file, photos, problem = _unzip(file)
        if problem:
            return ImportResult(errors=[RowError(0, "", problem)])
    rows, errors = read_roster(file, photos)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    with transaction.atomic():
        existing = _existing_by_npi(row.npi for row in rows)
        result.errors = _email_conflicts(rows)
        if result.errors:
            return result
        result.warnings = [
            RowError(row.line, "email", NO_EMAIL)
            for row in rows
            if not row.fields.get("email", existing[row.npi].email if row.npi in existing else "")
        ]
        taken = set(Clinician.objects.values_list("slug", flat=True))
        touched: list[int] = []
        for row in rows:
            clinician = existing.get(row.npi)
            is_new = clinician is None
            if is_new:
                clinician = Clinician(
                    npi=row.npi,
                    slug=_unique_slug(
                        row.fields.get("first_name", ""), row.fields.get("last_name", ""), taken
                    ),
                )
            if _apply(clinician, row, is_new=is_new):
                touched.append(clinician.pk)
                if is_new:
                    result.created += 1
                else:
                    result.updated += 1
            else:
                result.unchanged += 1
        refresh_search_rows(clinician_ids=touched)
    return result
