import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, settings

# The property tests' defaults: no deadline (a request may be slow on a busy machine), no
# example database in the project, no "explain" phase (it alone took minutes), and fixtures
# that stay the same across examples (each example rolls its writes back itself).
settings.register_profile(
    "portal",
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("portal")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The whole framework, loaded once into the test database, as `make run` loads it."""
    with django_db_blocker.unblock():
        call_command("load_initial_data", stdout=io.StringIO())


def pytest_collection_modifyitems(items):
    # Browser tests run against live_server, whose flush empties the shared content: run them last.
    items.sort(key=lambda item: "/e2e/" in f"/{item.nodeid}")


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Empty caches around every test: the per-process one always, the shared one (rate-limit
    counters, content version; a table of the test database without Redis) for tests that
    use the database."""
    names = ["default"]
    if "django_db_setup" in request.fixturenames:
        request.getfixturevalue("django_db_setup")  # the test database, not the project's
        names.append("shared")
    blocker = request.getfixturevalue("django_db_blocker")

    def clear():
        with blocker.unblock():
            for name in names:
                caches[name].clear()

    clear()
    yield
    clear()


@pytest.fixture
def edition(db):
    from framework_pages.models import FrameworkPage

    return FrameworkPage.objects.get(edition_label="2025")


@pytest.fixture
def section(edition):
    """Task area 2.3 (Matchen): kerntaken with checkboxes, a full matrix and competencies."""
    from framework_pages.models import TaakgebiedPage

    return TaakgebiedPage.objects.descendant_of(edition).get(number="2.3").specific


@pytest.fixture
def admin(django_user_model):
    """A superuser for the admin screens and the importers' ``user``."""
    return django_user_model.objects.get_or_create(
        username="framework-admin", defaults={"is_superuser": True, "is_staff": True}
    )[0]


class _MailSink:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd), and Django's SMTP backend sending to it:
    yields the list of messages it received."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sink = _MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink.messages
    finally:
        controller.stop()
