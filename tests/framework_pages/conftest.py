import pytest


@pytest.fixture
def admin(django_user_model):
    """A superuser for the admin screens and the importers' ``user``."""
    return django_user_model.objects.get_or_create(
        username="framework-admin", defaults={"is_superuser": True, "is_staff": True}
    )[0]
