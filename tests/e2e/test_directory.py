"""The clinician directory and a profile, as a person sees them on a phone."""

from tests.factories import ClinicianFactory


def test_a_person_filters_the_directory_and_opens_a_profile(page):
    ClinicianFactory(
        first_name="Maya",
        last_name="Lindqvist",
        slug="maya-lindqvist",
        credentials="LICSW",
        specialties=["self-harm:primary"],
        modalities=["dbt"],
        carriers=["aetna"],
    )
    ClinicianFactory(first_name="Theo", last_name="Larson", carriers=["cigna"])
    page.goto(page.site_url + "/clinicians/")
    assert page.get_by_role("heading", name="Find a clinician", level=1).is_visible()
    assert page.get_by_text("2 clinicians").is_visible()

    page.get_by_text("Filter clinicians").click()
    page.get_by_label("Insurance").select_option("aetna")
    page.get_by_label("Works with").select_option("self-harm")
    page.get_by_role("button", name="Show clinicians").click()
    page.wait_for_url("**/clinicians/?*carrier=aetna*")
    page.a11y()
    assert page.get_by_text("1 clinician", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Maya Lindqvist, LICSW").click()
    page.wait_for_url("**/clinicians/maya-lindqvist/")
    page.a11y()
    assert page.get_by_role("heading", name="Maya Lindqvist, LICSW", level=1).is_visible()
    assert page.get_by_text("Accepting new clients.").is_visible()
    get_matched = page.get_by_role("link", name="Get matched with a therapist")
    assert get_matched.get_attribute("href") == "/get-matched/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_profile_of_someone_not_accepting_says_so_first(page):
    clinician = ClinicianFactory(first_name="Ingrid", accepting_new_clients=False)
    page.goto(page.site_url + clinician.get_absolute_url())
    note = page.get_by_text("Ingrid is not accepting new clients right now.")
    assert note.is_visible()
    assert note.bounding_box()["y"] < 844, "the note is on the first screen"


def test_a_bad_filter_explains_itself(page):
    ClinicianFactory()
    page.goto(page.site_url + "/clinicians/?state=ZZ")
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("State: we don't recognize “ZZ”.").is_visible()


LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 300);
})"""


def test_photos_load_as_webp_at_a_fitting_width_without_moving_anything(page):
    ClinicianFactory(first_name="Ada", last_name="Aalto", slug="ada-aalto", photo=True)
    for n in range(7):
        ClinicianFactory(first_name=f"Bea{n}", last_name="Berg", photo=n % 2 == 0)
    page.goto(page.site_url + "/clinicians/")
    page.wait_for_load_state("networkidle")

    first = page.get_by_role("img", name="Photo of Ada Aalto")
    assert first.is_visible()
    loaded = first.evaluate("img => [img.complete, img.naturalWidth, img.currentSrc]")
    # 72 CSS px on a 1x phone: the 128px WebP (its natural width counts in CSS px).
    assert loaded[0] and loaded[1] == 72 and loaded[2].endswith("-128.webp"), loaded
    assert page.locator("svg.avatar").first.get_attribute("aria-hidden") == "true"
    lazy = page.locator("img[loading=lazy]").last
    lazy.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert lazy.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate(LAYOUT_SHIFT) < 0.01

    page.get_by_role("link", name="Ada Aalto, LPC").click()
    page.wait_for_url("**/clinicians/ada-aalto/")
    page.a11y()
    photo = page.get_by_role("img", name="Photo of Ada Aalto")
    assert photo.bounding_box()["width"] == 120
    assert photo.evaluate("img => img.currentSrc").endswith("-128.webp")
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
