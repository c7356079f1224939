import pytest

from matching.ranking import Preferences, rank
from tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db


def test_smoke(django_assert_max_num_queries):
    a = ClinicianFactory(
        specialties=["self-harm:primary"], modalities=["dbt"], carriers=["aetna"], offices=["55401"]
    )
    b = ClinicianFactory(specialties=["self-harm"], carriers=["aetna"])
    ClinicianFactory(carriers=["cigna"])
    with django_assert_max_num_queries(12) as ctx:
        r = rank(
            Preferences(
                state="MN",
                format="either",
                zip_code="55403",
                concerns=("self-harm",),
                recommended_modalities=("dbt",),
                carrier="aetna",
                seed="x",
            )
        )
    for q in ctx.captured_queries:
        print(q["sql"][:3000])
        print()
    print(r)
    assert [m.clinician for m in r.matches] == [a, b]
