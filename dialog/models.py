"""Citizen and staff dialogue: surveys, feedback and dialogue meetings.

dialog may read incidents (localities, categories, creating unsafe-place
reports); it never imports governance.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import (
    Category,
    Locality,
    Report,
    coordinates_constraint,
    latitude_field,
    longitude_field,
    new_token,
)
from trygg.localized import LocalizedText, localized
from trygg.models import ContactDetails

# Groups smaller than this are never broken down in results ("för få svar").
MIN_GROUP_SIZE = 5


class Theme(models.Model):
    """A theme that coordinators tag free-text answers and feedback with."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


# --- Surveys ---------------------------------------------------------------


class Audience(models.TextChoices):
    PUBLIC = "public", _("The public")
    STAFF = "staff", _("Staff")
    BOTH = "both", _("The public and staff")


class SurveyQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(is_published=True, opens_at__lte=now, closes_at__gt=now)

    def public(self):
        return self.filter(audience__in=[Audience.PUBLIC, Audience.BOTH])


class Survey(models.Model):
    """A survey. Rounds of the same survey share a series and their questions' codes."""

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    title_en = models.CharField(_("English version of the title (optional)"), max_length=200, blank=True)
    introduction_en = models.TextField(_("English version of the introduction (optional)"), blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    invitation_only = models.BooleanField(
        _("only with an invitation code"), default=False,
        help_text=_("For a representative round: the people picked get a code by letter (manage.py survey_codes); "
                    "each code gives one answer, and no limit per address applies."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("A survey that is not published is a draft: only staff can preview it.")
    )
    series = models.SlugField(
        _("series"), max_length=50, blank=True,
        help_text=_("Rounds of the same survey share a series, e.g. trygghetsmatning, so results can be compared."),
    )
    round_label = models.CharField(_("round"), max_length=50, blank=True, help_text=_("For example 2025."))
    results_published = models.BooleanField(_("results are public"), default=False)
    public_summary = models.TextField(_("public summary of results"), blank=True)
    public_summary_en = models.TextField(_("English version of the public summary (optional)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), db_default=Now())

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at"]
        permissions = [
            ("view_results", _("Can see survey results")),
            ("view_free_text", _("Can read free-text answers")),
            ("export_responses", _("Can export survey responses")),
        ]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_opening")]
        indexes = [models.Index(fields=["series", "opens_at"])]

    def __str__(self):
        return f"{self.title} {self.round_label}".strip()

    @property
    def localized_title(self):
        """The title and round in the active language, marked lang="sv" when it fell back (trygg.localized)."""
        title = localized(self, "title")
        return LocalizedText(f"{title.text} {self.round_label}".strip(), title.lang)

    @property
    def is_open(self):
        now = timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    @property
    def has_responses(self):
        return self.responses.filter(is_complete=True).exists()

    def previous_round(self):
        """The latest earlier round of the same series, for trends."""
        if not self.series:
            return None
        return (
            Survey.objects.filter(series=self.series, opens_at__lt=self.opens_at)
            .exclude(pk=self.pk)
            .order_by("-opens_at")
            .first()
        )

    # --- Survey builder (feature/surveys): status, locking, publishing, copying, ordering -------------

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Published, not yet open")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    LOCKED_MESSAGE = _("The survey has answers – copy it instead.")

    @staticmethod
    def one_year_later(moment):
        try:
            return moment.replace(year=moment.year + 1)
        except ValueError:  # 29 February
            return moment.replace(year=moment.year + 1, day=28)

    @property
    def status(self):
        """draft, scheduled (published, not yet open), open or closed."""
        if not self.is_published:
            return self.Status.DRAFT
        now = timezone.now()
        if now < self.opens_at:
            return self.Status.SCHEDULED
        return self.Status.OPEN if now < self.closes_at else self.Status.CLOSED

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def is_locked(self):
        """A survey with complete responses keeps its structure, or its results would no longer add up."""
        return self.has_responses

    def check_structure_editable(self):
        """Raise ValidationError when the structure (pages, questions, options, codes, conditions) is locked."""
        if self.is_locked:
            raise ValidationError(self.LOCKED_MESSAGE, code="locked")

    def publishing_problems(self):
        """What stands in the way of publishing, as a list of messages (empty when it can be published)."""
        problems = []
        if self.closes_at <= self.opens_at:
            problems.append(_("The survey must close after it opens."))
        questions = list(self.questions.prefetch_related("options", "items"))
        if not questions:
            problems.append(_("Add at least one question before publishing."))
        for question in questions:
            if question.has_options and len(question.options.all()) < 2:
                problems.append(_("The question “%(question)s” needs at least two options.") % {"question": question})
            if question.type == QuestionType.MATRIX and not question.items.all():
                problems.append(_("The question “%(question)s” needs at least one item.") % {"question": question})
        return problems

    def publish(self):
        problems = self.publishing_problems()
        if problems:
            raise ValidationError(problems)
        self.is_published = True
        self.save(update_fields=["is_published"])

    def earlier_options(self, page, question=None):
        """Options a question on `page` may depend on: of choice and scale questions that come before it.

        A new question (or one moved to another page) goes last on its page; an existing one keeps its place.
        """
        condition_types = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE)

        def position(q):
            return (q.page.order, q.page_id, q.order, q.pk)

        if question is not None and question.pk and question.page_id == page.pk:
            here = position(question)
        else:
            here = (page.order, page.pk, float("inf"), float("inf"))
        earlier = [
            q.pk for q in self.questions.select_related("page")
            if position(q) < here and q.type in condition_types and (question is None or q.pk != question.pk)
        ]
        return Option.objects.filter(question__in=earlier).select_related("question").order_by(
            "question__page__order", "question__page_id", "question__order", "question_id", "order", "pk"
        )

    def move_question(self, question, direction):
        """Swap a question with its neighbour on the same page ("up" or "down").

        Refused when the structure is locked or when a question would come before the answer it depends on.
        """
        self.check_structure_editable()
        siblings = list(question.page.questions.order_by("order", "pk"))
        index = siblings.index(question)
        other_index = index - 1 if direction == "up" else index + 1
        if direction not in ("up", "down") or not 0 <= other_index < len(siblings):
            raise ValidationError(_("The question cannot be moved further."), code="edge")
        first, second = sorted([question, siblings[other_index]], key=siblings.index)
        if second.show_if_option_id and second.show_if_option.question_id == first.pk:
            raise ValidationError(
                _("“%(question)s” depends on the answer to “%(other)s” and must come after it.")
                % {"question": second, "other": first},
                code="condition",
            )
        siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
        for order, sibling in enumerate(siblings):
            if sibling.order != order:
                sibling.order = order
                sibling.save(update_fields=["order"])

    @transaction.atomic
    def copy(self, *, title=None, round_label="", created_by=None, opens_at=None, closes_at=None):
        """A new unpublished draft with the same series, pages, questions, options, items, codes and conditions.

        Without dates the copy opens and closes one year after this survey.
        """
        copy = Survey.objects.create(
            title=title or self.title,
            title_en="" if title else self.title_en,
            introduction=self.introduction,
            introduction_en=self.introduction_en,
            audience=self.audience,
            opens_at=opens_at or self.one_year_later(self.opens_at),
            closes_at=closes_at or self.one_year_later(self.closes_at),
            is_anonymous=self.is_anonymous,
            series=self.series,
            round_label=round_label,
            created_by=created_by,
        )
        new_pages = {}
        for page in self.pages.all():
            new_pages[page.pk] = SurveyPage.objects.create(
                survey=copy, order=page.order, heading=page.heading, heading_en=page.heading_en
            )
        new_options, conditions = {}, []
        for question in self.questions.prefetch_related("options", "items"):
            new_question = Question.objects.create(
                survey=copy, page=new_pages[question.page_id], order=question.order, code=question.code,
                type=question.type, text=question.text, text_en=question.text_en, help_text=question.help_text,
                help_text_en=question.help_text_en, required=question.required,
                min_value=question.min_value, max_value=question.max_value,
            )
            for option in question.options.all():
                new_options[option.pk] = Option.objects.create(
                    question=new_question, order=option.order, code=option.code, label=option.label,
                    label_en=option.label_en, value=option.value,
                )
            MatrixItem.objects.bulk_create(
                MatrixItem(
                    question=new_question, order=item.order, code=item.code, label=item.label, label_en=item.label_en
                )
                for item in question.items.all()
            )
            if question.show_if_option_id:
                conditions.append((new_question, question.show_if_option_id))
        for new_question, option_id in conditions:
            new_question.show_if_option = new_options.get(option_id)
            new_question.save(update_fields=["show_if_option"])
        return copy

    # --- end of the survey builder block ---------------------------------------------------------------


class SurveyPage(models.Model):
    """Questions are grouped into pages, each with a heading."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pages")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=200)
    heading_en = models.CharField(_("English version of the heading (optional)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("survey page")
        verbose_name_plural = _("survey pages")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    MATRIX = "matrix", _("Matrix (several items on one scale)")
    TEXT = "text", _("Free text")
    NUMBER = "number", _("Number")
    LOCALITY = "locality", _("Locality")
    MAP_POINT = "map_point", _("Point on a map")


class Question(models.Model):
    """A question. Its code keeps its identity from round to round of a series."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=50, help_text=_("Stable identity across rounds, e.g. trygg-kvall."))
    type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    text_en = models.CharField(_("English version of the question (optional)"), max_length=500, blank=True)
    help_text_en = models.CharField(_("English version of the help text (optional)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    min_value = models.IntegerField(_("lowest number"), null=True, blank=True)
    max_value = models.IntegerField(_("highest number"), null=True, blank=True)
    # Shown only when an earlier question was answered with a given option.
    show_if_option = models.ForeignKey(
        "Option", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("show only if this answer was given"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["page__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique_in_survey")]

    def __str__(self):
        return self.text

    @property
    def has_options(self):
        return self.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE, QuestionType.MATRIX)


class Option(models.Model):
    """An answer option; on scales and matrices `value` orders it (1 = best) and "don't know" has none."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("English version of the label (optional)"), max_length=200, blank=True)
    value = models.SmallIntegerField(_("value"), null=True, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="option_code_unique_in_question")]

    def __str__(self):
        return self.label


class MatrixItem(models.Model):
    """A row of a matrix question, e.g. "Nedskräpning", rated on the question's options."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("English version of the label (optional)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("matrix item")
        verbose_name_plural = _("matrix items")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="item_code_unique_in_question")]

    def __str__(self):
        return self.label


class Channel(models.TextChoices):
    PUBLIC = "public", _("Public link")
    INVITATION = "invitation", _("Personal invitation")


class Response(models.Model):
    """One respondent's answers. Never linked to an invitation or a person.

    Background answers are copied here on completion so results break down
    by locality, age band and gender without joining every answer.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.PUBLIC)
    is_complete = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(db_default=Now())
    locality = models.ForeignKey(Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    age_band = models.CharField(max_length=50, blank=True)
    gender = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["survey", "is_complete", "locality"]),
            models.Index(fields=["survey", "is_complete", "gender"]),
            models.Index(fields=["survey", "is_complete", "age_band"]),
        ]


class Answer(models.Model):
    """One answer value: one row per chosen option (several for multiple choice, one per matrix item)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(MatrixItem, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True, max_length=5000)
    locality = models.ForeignKey(Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="answers")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [coordinates_constraint("answer_coordinates_in_range", nullable=True)]
        indexes = [
            models.Index(fields=["question", "option"]),
            models.Index(fields=["question", "item", "option"]),
            models.Index(fields=["question", "latitude", "longitude"]),
        ]


class Invitation(models.Model):
    """A personal single-use link for a staff survey, or a code by letter for a representative round.

    It records only that it was used. No response points to it, so answers
    stay anonymous. A code has no address (email is empty): its token is the
    short code printed in the letter (dialog.invitations.create_codes).
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], condition=~Q(email=""), name="one_invitation_per_person")
        ]


# --- Feedback (Tyck till) ----------------------------------------------------


class FeedbackTopic(models.TextChoices):
    SAFETY = "safety", _("Safety where I live")
    PARTNERSHIP = "partnership", _("The partnership's work")
    PROPOSAL = "proposal", _("A proposal")
    QUESTION = "question", _("A question")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED_PUBLICLY = "answered_publicly", _("Answered publicly")
    ANSWERED_PRIVATELY = "answered_privately", _("Answered by email")
    CLOSED = "closed", _("Closed")


class FeedbackQuerySet(models.QuerySet):
    def answered_publicly(self):
        return self.filter(status=FeedbackStatus.ANSWERED_PUBLICLY)


class Feedback(ContactDetails):
    """Feedback, a question or a proposal from anyone, answered by a coordinator."""

    topic = models.CharField(_("topic"), max_length=20, choices=FeedbackTopic.choices)
    text = models.TextField(_("your message"), max_length=5000)
    locality = models.ForeignKey(
        Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("locality")
    )
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW)
    public_question = models.TextField(
        _("public version of the question"), blank=True, help_text=_("Without names or other personal data.")
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="feedback", verbose_name=_("themes"))
    flagged_for_working_group = models.BooleanField(_("flagged for the working group"), default=False)
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("report")
    )
    created_at = models.DateTimeField(_("received"), db_default=Now(), db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        permissions = [("handle_feedback", _("Can answer and tag feedback"))]
        indexes = [models.Index(fields=["status", "created_at"])]

    @property
    def reference(self):
        """The number the writer is given in the receipt (the text itself is never mailed back)."""
        return f"SY-{self.pk:06d}" if self.pk else "SY-?"


# --- Dialogue meetings -----------------------------------------------------------


class ActivityKind(models.TextChoices):
    CITIZEN_DIALOGUE = "citizen_dialogue", _("Citizen dialogue meeting")
    STAFF_DIALOGUE = "staff_dialogue", _("Staff dialogue")
    SAFETY_WALK = "safety_walk", _("Safety walk")
    BUSINESS_MEETING = "business_meeting", _("Meeting with businesses")
    ASSOCIATION_MEETING = "association_meeting", _("Meeting with associations")


class WalkPhase(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction meeting")
    DAYLIGHT = "daylight", _("Walk in daylight")
    DARK = "dark", _("Walk after dark")
    FEEDBACK = "feedback", _("Feedback meeting")


class DialogueActivityQuerySet(models.QuerySet):
    def public(self):
        """Activities staff chose to announce on the public page and in the calendar feed."""
        return self.filter(is_public=True)

    def coming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "starts_at", "pk")

    def past(self, today=None):
        return self.filter(date__lt=today or timezone.localdate()).order_by("-date", "-pk")


class DialogueActivity(models.Model):
    """A dialogue meeting, staff dialogue or safety walk (each walk phase is its own activity).

    Staff decide which activities are announced in public (``is_public``). The public
    page and the calendar feed show only the fields meant for the public: time, place,
    accessibility, the public description, and for past activities the public summary
    and follow-up. Notes, participants and concerns stay internal. Residents may sign
    up when ``signup_limit`` is set; otherwise the contact line says how to take part.
    """

    kind = models.CharField(_("kind"), max_length=25, choices=ActivityKind.choices)
    walk_phase = models.CharField(_("phase of the safety walk"), max_length=15, choices=WalkPhase.choices, blank=True)
    part_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="parts",
        verbose_name=_("part of"), help_text=_("The safety walk this phase belongs to."),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    title_en = models.CharField(_("English version of the title (optional)"), max_length=200, blank=True)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    organisers = models.CharField(_("organisers"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now())
    # --- the public announcement ---
    is_public = models.BooleanField(
        _("announce in public"), default=False,
        help_text=_("Show the activity on the public page of dialogue activities and in the calendar feed."),
    )
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    public_description = models.TextField(
        _("public description"), blank=True, help_text=_("What the activity is about, for residents.")
    )
    public_description_en = models.TextField(_("English version of the public description (optional)"), blank=True)
    accessibility = models.TextField(
        _("accessibility"), blank=True,
        help_text=_("For example: step-free route, hearing loop, walking distance, interpreter on request."),
    )
    contact = models.CharField(
        _("contact for residents"), max_length=300, blank=True,
        help_text=_("How to ask about the activity or take part, e.g. a functional e-mail address. No private numbers."),
    )
    signup_limit = models.PositiveIntegerField(
        _("places for sign-up"), null=True, blank=True,
        help_text=_("Residents may sign up on the public page up to this number. Empty: no sign-up."),
    )
    public_summary = models.TextField(
        _("public summary of what was found"), blank=True,
        help_text=_("Shown after the activity. Never names or other personal data about participants."),
    )
    public_follow_up = models.TextField(
        _("public follow-up"), blank=True, help_text=_("What became of what was found: measures, decisions, repairs."),
    )

    objects = DialogueActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue activity")
        verbose_name_plural = _("dialogue activities")
        ordering = ["-date", "-pk"]
        constraints = [coordinates_constraint("activity_coordinates_in_range", nullable=True)]
        indexes = [
            models.Index(fields=["kind", "date"]), models.Index(fields=["locality", "date"]),
            models.Index(fields=["is_public", "date"]),
        ]

    def __str__(self):
        return f"{self.title} ({self.date})"

    @property
    def participant_count(self):
        return sum(p.count for p in self.participants.all())

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The activity must end after it starts.")})

    def public_reports(self):
        """Published reports that concerns raised at this activity (or any phase of its walk) became."""
        activities = Q(concern__activity=self)
        if self.kind == ActivityKind.SAFETY_WALK:
            head = self.part_of_id or self.pk
            activities |= Q(concern__activity_id=head) | Q(concern__activity__part_of_id=head)
        return Report.objects.public().filter(activities).select_related("category", "locality").distinct()

    def signup_open(self, today=None):
        return self.is_public and self.signup_limit is not None and self.date >= (today or timezone.localdate())

    @property
    def places_left(self):
        if self.signup_limit is None:
            return None
        return max(self.signup_limit - self.signups.count(), 0)

    def sign_up(self, *, name, email, today=None):
        """Store one sign-up within the limit; raises ActivityFull when no place is left or sign-up is closed."""
        with transaction.atomic():
            activity = DialogueActivity.objects.select_for_update().get(pk=self.pk)
            if not activity.signup_open(today) or activity.places_left == 0:
                raise ActivityFull
            return activity.signups.create(name=name, email=email)


class ActivityFull(Exception):
    """No place is left, or sign-up is closed."""


class SignUp(models.Model):
    """A resident's sign-up to a public activity; deleted with the retention rules after the activity."""

    activity = models.ForeignKey(DialogueActivity, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.activity_id}: {self.name}"


class ParticipantGroup(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    YOUNG_PEOPLE = "young_people", _("Young people")
    BUSINESSES = "businesses", _("Businesses")
    ASSOCIATIONS = "associations", _("Associations")
    MUNICIPAL_STAFF = "municipal_staff", _("Municipal staff")
    POLICE = "police", _("Police")
    ELECTED = "elected", _("Elected representatives")
    OTHER = "other", _("Others")


class Participation(models.Model):
    activity = models.ForeignKey(DialogueActivity, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(_("group"), max_length=20, choices=ParticipantGroup.choices)
    count = models.PositiveIntegerField(_("number of participants"))

    class Meta:
        verbose_name = _("participants")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["activity", "group"], name="one_count_per_group")]


class Concern(models.Model):
    """A concern raised at a dialogue activity; on a safety walk often a place, which can become a report."""

    activity = models.ForeignKey(DialogueActivity, on_delete=models.CASCADE, related_name="concerns")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("concern"), max_length=2000)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    report = models.OneToOneField(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="concern", verbose_name=_("report")
    )

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["order", "pk"]
        constraints = [coordinates_constraint("concern_coordinates_in_range", nullable=True)]

    def __str__(self):
        return self.text[:80]


class AnswerCount(models.Model):
    """Answers of complete responses per survey × question × item × option × locality × gender × 250 m cell.

    Per-round aggregates for the problem picture's perceived insecurity (dialog.insecurity),
    kept current by database triggers on dialog_answer and dialog_response (dialog.answer_counts)
    and checked against the raw answers by tests. Derived data: no constraints; 0 stands for
    "no item", "no option" and "no locality", and (0, 0) for "no place".
    """

    survey_id = models.IntegerField()
    question = models.ForeignKey(Question, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                                 related_name="+")
    item = models.ForeignKey(MatrixItem, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             null=True, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                               null=True, related_name="+")
    locality_id = models.IntegerField(default=0)
    gender = models.CharField(max_length=50, blank=True)
    cell_y = models.IntegerField(default=0)
    cell_x = models.IntegerField(default=0)
    answers = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey_id", "question", "item", "option", "locality_id", "gender", "cell_y", "cell_x"],
                nulls_distinct=False, name="answer_count_key",
            ),
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.question_id}: {self.answers}"
