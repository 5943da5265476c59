import pytest
from django.core.management import call_command


@pytest.fixture
def catalogue(db) -> None:
    """The real catalogue: every role, band, step, certification, transition and hub."""
    call_command("load_catalogue", verbosity=0, stdout=None)
