"""A self-assessment (zelfscan) and its answers, keyed by the framework items' stable uids.

Answers keep the text the person saw, so later edits never change or lose what was ticked.
Only a hash of the private link's token is stored: the link itself is the key.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from framework_pages.vocabulary import ITEM_TYPES
from portal.prepared import prepared

from .structure import scope_title

TOKEN_BYTES = 32  # 256 bits from secrets; the issue asks for at least 128


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class UidText(Cast):
    """A uuid column read as text: no uuid.UUID object per row (see ``uid_text``)."""

    def __init__(self, name):
        super().__init__(name, output_field=models.CharField())


def uid_text(value):
    """A ``UidText`` value as ``str(uuid)`` writes it: PostgreSQL's text already has the
    dashes, SQLite stores the 32 hex digits."""
    if len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return value


UID_FIELDS = ("item_uid", "section_uid")
_scan_reads = {}


def scan_answers(assessment, *fields):
    """Tuples of ``fields`` of every answer of a scan (``item_uid`` and ``section_uid`` as
    text like str(uuid)): the query every private page runs, compiled once (``prepared``) and
    without a uuid object per row."""
    read = _scan_reads.get(fields)
    if read is None:
        columns = [UidText(name) if name in UID_FIELDS else name for name in fields]
        read = _scan_reads[fields] = prepared(
            lambda pk: Answer.objects.filter(assessment_id=pk).values_list(*columns)
        )
    rows = read(assessment.pk)
    uids = [i for i, name in enumerate(fields) if name in UID_FIELDS]
    if not uids:
        return rows
    plain = []
    for row in rows:
        row = list(row)
        for i in uids:
            row[i] = uid_text(row[i])
        plain.append(row)
    return plain


def token_hash_of(token):
    """The stored hash of a private link's token; None for what cannot be one."""
    if not token or len(token) > 100:
        return None
    return hash_token(token)


class SelfAssessmentQuerySet(models.QuerySet):
    def by_token(self, token):
        token_hash = token_hash_of(token)
        return self.none() if token_hash is None else self.filter(token_hash=token_hash)

    def abandoned(self, days=None):
        """Never-finished assessments without an account with no activity of any kind for the
        retention period: not saved, visited, invited or planned in (the plan's saves touch
        answers; both are checked). Each stands on its own: a manager's copy is never taken
        along with the coordinator's (``coordinator_assessment`` is SET_NULL)."""
        days = settings.CHECKLIST_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timezone.timedelta(days=days)
        recent_answers = Answer.objects.filter(
            assessment=models.OuterRef("pk"), updated_at__gte=cutoff
        )
        return self.filter(
            owner__isnull=True, finished_at__isnull=True, updated_at__lt=cutoff
        ).exclude(models.Exists(recent_answers))


class SelfAssessment(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coördinator")
        MANAGER = "manager", _("Leidinggevende")
        # A functieprofiel: what a position asks, ticked with the same form builder.
        PROFILE = "profile", _("Functieprofiel")

    ASSESSMENT_ROLES = (Role.COORDINATOR, Role.MANAGER)  # a person's scans, not positions

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invite_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("account"),
    )
    coordinator_assessment = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # The manager's copy is their own: deleting or purging the coordinator's assessment
        # ends the link (they no longer see the coordinator's answers), never their answers.
        on_delete=models.SET_NULL,
        related_name="manager_assessments",
        verbose_name=_("zelfscan van de coördinator"),
        help_text=_(
            "Voor de zelfscan van een leidinggevende: de zelfscan waarmee hij vergeleken wordt."
        ),
    )
    edition = models.ForeignKey(
        "framework_pages.FrameworkPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edition_label = models.CharField(_("editie"), max_length=50)
    scope_page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope_title = models.CharField(_("onderdeel"), max_length=255)
    # {section page uid: revision id} of the content each step was last saved against.
    page_revisions = models.JSONField(default=dict, blank=True)
    # {section page uid: {item uid: state code}}: the ticks a step had before "dit taakgebied
    # doe ik niet" set all its tasks to not applicable, so that it can be undone.
    not_done = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")
        indexes = [models.Index(fields=["edition", "role", "finished_at"])]

    def __str__(self):
        return f"{self.get_role_display()} · {self.scope_title} · {self.created_at:%d-%m-%Y}"

    @classmethod
    def begin(cls, scope, edition, *, role=Role.COORDINATOR, owner=None, coordinator=None):
        """A new assessment of ``scope`` (an edition, hoofdtaak or section page) on ``edition``,
        saved; returns it with its private token, which is shown once and never stored."""
        scope = scope.specific  # a plain Page (the FK) has no number
        assessment = cls(
            role=role,
            owner=owner if owner is not None and owner.is_authenticated else None,
            coordinator_assessment=coordinator,
            edition=edition,
            edition_label=edition.edition_label,
            scope_page=scope,
            scope_title=scope_title(scope),
        )
        token = assessment.set_token()
        assessment.save()
        return assessment, token

    def set_token(self):
        token = new_token()
        self.token_hash = hash_token(token)
        return token

    @property
    def is_finished(self):
        return self.finished_at is not None

    @property
    def is_profile(self):
        return self.role == self.Role.PROFILE


class RoleProfile(models.Model):
    """A functieprofiel: what a position asks, per task "hoort bij deze functie" and per
    competency "nodig voor deze functie". Its ticks are the answers of ``answers``, a
    SelfAssessment of role ``profile`` filled in with the same steps, autosave and owner link;
    this record holds what a position has beyond them, and the share code by which
    coordinators connect their scans to it (only its hash is stored, like the owner link's)."""

    answers = models.OneToOneField(
        SelfAssessment, on_delete=models.CASCADE, primary_key=True, related_name="role_profile"
    )
    title = models.CharField(
        _("functietitel"),
        max_length=150,
        help_text=_("Bijvoorbeeld ‘Coördinator vrijwilligers zorg en welzijn’."),
    )
    organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    share_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("functieprofiel")
        verbose_name_plural = _("functieprofielen")

    def __str__(self):
        return self.title

    def set_share_token(self):
        token = new_token()
        self.share_token_hash = hash_token(token)
        return token

    @classmethod
    def by_share_token(cls, token):
        token_hash = token_hash_of(token)
        if token_hash is None:
            return cls.objects.none()
        return cls.objects.select_related("answers").filter(share_token_hash=token_hash)


class ProfileConnection(models.Model):
    """A coordinator's scan connected to a role profile, decided and undone by the coordinator.
    Only with ``consent`` does the scan count in the profile owner's team view, under the name
    the coordinator chose; without it the owner sees only that someone declined."""

    assessment = models.OneToOneField(
        SelfAssessment, on_delete=models.CASCADE, related_name="profile_connection"
    )
    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="connections")
    consent = models.BooleanField(
        _("tel mee in het teamoverzicht"),
        default=False,
        help_text=_(
            "De eigenaar van het functieprofiel ziet dan per taak en competentie of je die doet "
            "of beheerst, onder de naam die je hier kiest. Je kunt dit altijd intrekken."
        ),
    )
    name = models.CharField(_("naam in het teamoverzicht"), max_length=50, blank=True)
    connected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("koppeling met een functieprofiel")
        verbose_name_plural = _("koppelingen met een functieprofiel")


class Answer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    item_uid = models.UUIDField()
    item_type = models.CharField(max_length=20, choices=ITEM_TYPES)
    # What the person saw, kept as it was: the page may change or lose the item later.
    text = models.TextField()
    section_uid = models.UUIDField()
    section_number = models.CharField(max_length=10)
    section_title = models.CharField(max_length=255)
    level = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, blank=True)
    area_name = models.CharField(max_length=255, blank=True)
    checked = models.BooleanField(_("van toepassing / beheers ik"), default=False)
    development = models.BooleanField(_("ontwikkelpunt"), default=False)
    # The development plan, per ontwikkelpunt: what, how, who helps, by when.
    plan_note = models.TextField(_("wat wil je bereiken"), blank=True, max_length=2000)
    plan_how = models.TextField(_("hoe ga je dat doen"), blank=True, max_length=2000)
    plan_support = models.TextField(_("wie helpt je daarbij"), blank=True, max_length=500)
    plan_date = models.DateField(_("streefdatum"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_uid"], name="one_answer_per_item")
        ]
        indexes = [models.Index(fields=["item_uid"])]

    def __str__(self):
        return self.text
