import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def superuser(client):
    """A logged-in superuser (every role)."""
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-12345678")
    client.force_login(user)
    return user
