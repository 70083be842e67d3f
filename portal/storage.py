"""The static files' storage in production: WhiteNoise's compressed manifest storage."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Each URL is looked up in the manifest once per process: every page asks for the same
    few (its style sheets, icon and script), and the manifest does not change while the
    process runs (``collectstatic`` comes with a restart)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
