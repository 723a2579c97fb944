"""Demo data for the Safer Westminster Partnership. Idempotent: running it twice changes nothing."""

from sqlalchemy import select

from dhr.agencies.models import Agency, AgencyKind
from dhr.agencies.organisations import organisation_for
from dhr.auth.models import MembershipRole, User
from dhr.auth.passwords import hash_password
from dhr.extensions import db
from dhr.partnerships.models import Partnership, ReviewLabel
from dhr.permissions import Role

PARTNERSHIP_NAME = "Safer Westminster Partnership"
DEMO_PASSWORD = "plum-orbit-canvas-17"  # noqa: S105 - printed for the demo; seeding refuses to run in production

K = AgencyKind
# (code, name, kind, responsible authority)
AGENCIES = [
    # The partnership's responsible authorities, from its seed document.
    ("MPS", "Metropolitan Police Service", K.POLICE, True),
    ("MOPAC", "Mayor's Office for Policing and Crime", K.OTHER, True),
    ("WCC", "Westminster City Council", K.LOCAL_AUTHORITY, True),
    ("LFB", "London Fire Brigade", K.FIRE, True),
    ("CLCG", "Central London Commissioning Group", K.HEALTH, True),
    ("NPS", "National Probation Service", K.PROBATION, True),
    ("CRC", "London Community Rehabilitation Company", K.PROBATION, True),
    # Agencies usually asked for chronologies and IMRs.
    ("WCC-ASC", "Westminster Adult Social Care", K.LOCAL_AUTHORITY, False),
    ("WCC-CS", "Westminster Children's Services", K.LOCAL_AUTHORITY, False),
    ("WCC-HOU", "Westminster Housing Solutions Service", K.LOCAL_AUTHORITY, False),
    ("WCC-CSAFE", "Westminster Community Safety Team", K.LOCAL_AUTHORITY, False),
    ("WCC-EDU", "Westminster Education and Schools", K.LOCAL_AUTHORITY, False),
    ("NWL-ICB", "NHS North West London Integrated Care Board", K.HEALTH, False),
    ("GP", "GP practices (North West London)", K.HEALTH, False),
    ("ICHT", "Imperial College Healthcare NHS Trust", K.HEALTH, False),
    ("CNWL", "Central and North West London NHS Foundation Trust", K.HEALTH, False),
    ("LAS", "London Ambulance Service NHS Trust", K.HEALTH, False),
    ("PS-LDN", "Probation Service, London Region", K.PROBATION, False),
    ("IDVA", "Westminster IDVA Service", K.DOMESTIC_ABUSE, False),
    ("MARAC", "Westminster MARAC", K.OTHER, False),
    ("DA-SVC", "Specialist domestic abuse service", K.DOMESTIC_ABUSE, False),
    ("DAAT", "Drug and alcohol treatment provider", K.HEALTH, False),
    ("RP", "Registered housing provider", K.VOLUNTARY, False),
    ("DWP", "Department for Work and Pensions (Jobcentre Plus)", K.OTHER, False),
    ("VS-NHS", "Victim Support National Homicide Service", K.VOLUNTARY, False),
]

# NHS Organisation Data Service codes of the real bodies above.
ODS_CODES = {"NWL-ICB": "QRV", "ICHT": "RYJ", "CNWL": "RV3", "LAS": "RRU"}

# Who overdue evidence escalates to (invented people).
SENIOR_CONTACTS = {
    "MPS": ("DCI Sam Green", "sam.green@met.example"),
    "CNWL": ("Dr Alex Morgan, Head of Safeguarding", "safeguarding.lead@cnwl.example"),
    "WCC-ASC": ("Head of Adult Safeguarding", "asc.safeguarding@westminster.example"),
}

# (email, name, agency code or None, partnership roles, what the login shows)
USERS = [
    ("admin@swp.example", "Alex Adeyemi", None, {Role.ADMIN}, "Administrator"),
    ("coordinator@swp.example", "Priya Shah", "WCC-CSAFE", {Role.COORDINATOR}, "CSP coordinator"),
    ("board@swp.example", "Martin Okafor", "WCC", {Role.BOARD_MEMBER}, "CSP board member"),
    ("police@swp.example", "DS Claire Hughes", "MPS", set(), "Agency contributor (Metropolitan Police)"),
    ("health@swp.example", "Dr Sam Patel", "CNWL", set(), "Agency contributor (mental health trust)"),
    ("chair@swp.example", "Jo Whitfield", None, set(), "Independent chair"),
    ("panel@swp.example", "Ruth Mensah", "WCC-ASC", set(), "Panel member (adult social care)"),
    ("ambulance@swp.example", "Lee Clarke", "LAS", set(), "Agency contributor (ambulance service)"),
    ("review.officer@swp.example", "DI Mark Ellison", "MPS", set(), "Panel member (police)"),
    ("da.specialist@swp.example", "Funmi Adebayo", "DA-SVC", set(), "Panel member (domestic abuse service)"),
]


def seed_demo() -> dict[str, int]:
    """Create or top up the demo partnership, agencies and users. Returns how many rows were added."""
    added = {"partnerships": 0, "agencies": 0, "users": 0, "reviews": 0, "agency requests": 0}
    partnership = db.session.scalar(select(Partnership).where(Partnership.name == PARTNERSHIP_NAME))
    if partnership is None:
        partnership = Partnership(
            name=PARTNERSHIP_NAME,
            reference_prefix="SWP",
            review_label=ReviewLabel.DARDR,
            # Letters go out over the partnership chair's name, set once in the settings.
            signatory_name="Cllr Amina Rahman",
            signatory_role="Chair, Safer Westminster Partnership",
        )
        db.session.add(partnership)
        db.session.flush()
        added["partnerships"] += 1

    existing = {a.code: a for a in db.session.scalars(select(Agency).where(Agency.partnership_id == partnership.id))}
    for code, name, kind, responsible in AGENCIES:
        if code not in existing:
            contact_name, contact_email = SENIOR_CONTACTS.get(code, ("", ""))
            existing[code] = Agency(
                organisation_id=organisation_for(name=name, kind=kind, ods_code=ODS_CODES.get(code)).id,
                partnership_id=partnership.id,
                code=code,
                name=name,
                kind=kind,
                responsible_authority=responsible,
                senior_contact_name=contact_name,
                senior_contact_email=contact_email,
            )
            db.session.add(existing[code])
            added["agencies"] += 1
    db.session.flush()

    password_hash = None
    for email, name, agency_code, roles, _label in USERS:
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        user = User(
            partnership_id=partnership.id,
            agency_id=existing[agency_code].id if agency_code else None,
            email=email,
            name=name,
            password_hash=password_hash,
            roles=[MembershipRole(role=role) for role in sorted(roles)],
        )
        db.session.add(user)
        added["users"] += 1
    db.session.flush()
    added["users"] += _seed_account_lifecycle(partnership, existing)
    for what, step in _module_steps():
        count = step(partnership)
        if what:
            added[what] = count
    return added


def _module_steps():
    """Each module's demo data, in the order they build on one another: (what the count is of, seed function)."""
    from dhr.actions.seed import seed_action_plans
    from dhr.agencies.seed import seed_shared_organisations
    from dhr.drafting.seed import seed_drafting
    from dhr.duties.seed import seed_duties
    from dhr.evidence.seed import seed_evidence
    from dhr.exports.seed import seed_exports
    from dhr.family.seed import seed_family
    from dhr.meetings.seed import seed_meetings
    from dhr.notifications.seed import seed_inboxes, seed_mail_preferences
    from dhr.panel.seed import seed_panel
    from dhr.seed.reviews import seed_reviews
    from dhr.sso.seed import seed_shared_provider, seed_sign_in
    from dhr.terms.seed import seed_terms

    return [
        ("", seed_mail_preferences),  # first: the other steps tell people, and email them as they chose
        ("", seed_sign_in),
        ("", seed_shared_organisations),
        ("", seed_shared_provider),  # after the neighbour: its provider for an organisation Westminster shares
        ("reviews", seed_reviews),
        ("", seed_panel),
        ("", seed_meetings),
        ("agency requests", seed_evidence),
        ("", seed_terms),  # the terms' agency lists follow the agency matrix
        ("report sections", seed_drafting),
        ("family logs", seed_family),
        ("recommendations", seed_action_plans),
        ("duties", seed_duties),
        ("", seed_exports),  # after the evidence: the chair's prepared file of the longest chronology
        ("", seed_inboxes),  # last: every step before it told people of what it did
    ]


# Accounts that show the account lifecycle: a pending invitation (its email waits in the outbox) and a leaver.
INVITED = ("probation@swp.example", "Kwame Boateng", "PS-LDN")
LEAVER = ("former.coordinator@swp.example", "Helen Marsh", "WCC-CSAFE")


def _seed_account_lifecycle(partnership: Partnership, agencies: dict[str, Agency]) -> int:
    from dhr.users.services import invite_user, set_user_active

    admin = db.session.scalar(select(User).where(User.email == USERS[0][0]))
    added = 0
    email, name, code = INVITED
    if db.session.scalar(select(User.id).where(User.email == email)) is None:
        invite_user(partnership=partnership, email=email, name=name, agency=agencies[code], roles=set(), actor=admin)
        added += 1
    email, name, code = LEAVER
    if db.session.scalar(select(User.id).where(User.email == email)) is None:
        leaver = User(
            partnership_id=partnership.id,
            agency_id=agencies[code].id,
            email=email,
            name=name,
            password_hash=hash_password(DEMO_PASSWORD),
            roles=[MembershipRole(role=Role.COORDINATOR)],
        )
        db.session.add(leaver)
        db.session.flush()
        set_user_active(leaver, False, actor=admin)
        added += 1
    return added


def demo_logins() -> list[tuple[str, str]]:
    """(email, what it shows) for the README and `make run`."""
    from dhr.agencies.seed import NEIGHBOUR_ADMIN, SYSTEM_ADMIN

    partnership_people = [(email, label) for email, _name, _agency, _roles, label in USERS]
    return partnership_people + [(email, label) for email, _name, label in (NEIGHBOUR_ADMIN, SYSTEM_ADMIN)]
