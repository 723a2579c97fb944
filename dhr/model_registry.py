"""Imports every model module, so metadata is complete for Alembic and for the models-match-migrations test."""

from dhr.actions.models import Action, ActionEvidence, ActionReminder, ActionStatusChange, ActionUpdate
from dhr.agencies.models import Agency, Organisation
from dhr.assurance.models import (
    Publication,
    PublicationHold,
    QaLetter,
    QaPoint,
    QaPointChange,
    ReportCopy,
    SignOff,
    Submission,
)
from dhr.audit.models import AuditEvent
from dhr.auth.models import (
    AccountToken,
    KeptForm,
    Membership,
    MembershipRole,
    RecoveryCode,
    User,
    UserSession,
)
from dhr.calendars.models import CalendarFeed
from dhr.clocks.models import ClockAlert, ClockRule, ReviewClock
from dhr.correspondence.models import CorrespondenceEntry
from dhr.drafting.models import DraftSection, DraftVersion, EqualityJudgement, SectionComment
from dhr.duties.models import (
    AnnualReportSignOff,
    DeliveryGroup,
    Duty,
    DutyOccurrence,
    DutyReminder,
    Objective,
    OccurrenceChange,
    OccurrenceEvidence,
    Strategy,
)
from dhr.evidence.models import (
    AgencyInvolvement,
    ChronologyEntry,
    ChronologyImport,
    DuplicateDecision,
    EvidenceReminder,
    EvidenceStatusChange,
    ImrVersion,
)
from dhr.exports.models import ExportJob
from dhr.family.models import (
    CommentStatusChange,
    ConsentChange,
    ContactAttempt,
    FamilyComment,
    FamilyContact,
    FamilyEngagement,
)
from dhr.files.models import StoredFile
from dhr.mail.models import MailPreference, OutboxMessage
from dhr.meetings.models import AgendaItem, Attendee, Meeting, MeetingAction, MeetingStatusChange
from dhr.notifications.models import Notification
from dhr.overview.models import ReviewTask
from dhr.partnerships.models import Partnership
from dhr.privacy.models import NameReplacement
from dhr.readiness.models import ReadinessOverride
from dhr.recommendations.models import LearningEvent, Recommendation, Theme
from dhr.reports.models import CheckedName
from dhr.reviews.models import Person, Review, ReviewMember, StageChange
from dhr.search.models import SearchDocument
from dhr.sso.models import IdentityProvider, SsoLink
from dhr.terms.models import ParallelProcess, ParallelProcessChange, TermsAgency, TermsLine, TermsVersion

ALL_MODELS = (
    AnnualReportSignOff,
    LearningEvent,
    Partnership,
    Agency,
    User,
    Membership,
    MembershipRole,
    UserSession,
    AccountToken,
    KeptForm,
    RecoveryCode,
    IdentityProvider,
    SsoLink,
    AuditEvent,
    MailPreference,
    OutboxMessage,
    ExportJob,
    Notification,
    Organisation,
    CalendarFeed,
    Review,
    StageChange,
    Person,
    ReviewMember,
    StoredFile,
    CorrespondenceEntry,
    ClockRule,
    ClockAlert,
    ReviewClock,
    ReviewTask,
    AgencyInvolvement,
    EvidenceStatusChange,
    ChronologyEntry,
    EvidenceReminder,
    ChronologyImport,
    DuplicateDecision,
    ImrVersion,
    DraftSection,
    SectionComment,
    DraftVersion,
    EqualityJudgement,
    CheckedName,
    NameReplacement,
    ReadinessOverride,
    FamilyEngagement,
    FamilyContact,
    ConsentChange,
    ContactAttempt,
    FamilyComment,
    CommentStatusChange,
    TermsVersion,
    TermsLine,
    TermsAgency,
    ParallelProcess,
    ParallelProcessChange,
    Meeting,
    MeetingStatusChange,
    AgendaItem,
    Attendee,
    MeetingAction,
    SignOff,
    Submission,
    ReportCopy,
    QaLetter,
    QaPoint,
    QaPointChange,
    Publication,
    PublicationHold,
    Theme,
    Recommendation,
    Action,
    ActionStatusChange,
    ActionUpdate,
    ActionEvidence,
    ActionReminder,
    Duty,
    DutyOccurrence,
    OccurrenceChange,
    OccurrenceEvidence,
    DutyReminder,
    Strategy,
    DeliveryGroup,
    Objective,
    SearchDocument,
)
