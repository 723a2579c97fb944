"""Looking up the demo partnership's agencies, for every module's seed."""

from sqlalchemy import select

from dhr.agencies.models import Agency, AgencyKind
from dhr.extensions import db
from dhr.partnerships.models import Partnership


def agency_of(partnership_id: int, code: str) -> Agency:
    """The partnership's agency with this code."""
    return db.session.scalar(select(Agency).where(Agency.partnership_id == partnership_id, Agency.code == code))


# A neighbouring partnership that shares organisations with the demo one, and who looks after them all.
NEIGHBOUR = ("Safer Camden Partnership", "SCP")
# (code, Camden's name for it, kind, ODS code): the first three join the organisations Westminster already uses.
NEIGHBOUR_AGENCIES = [
    ("MPS", "Metropolitan Police Service", AgencyKind.POLICE, None),
    ("LAS", "London Ambulance Service NHS Trust", AgencyKind.HEALTH, "RRU"),
    ("CNWL", "CNWL mental health services in Camden", AgencyKind.HEALTH, "RV3"),
    ("LBC", "London Borough of Camden", AgencyKind.LOCAL_AUTHORITY, None),
]
NEIGHBOUR_ADMIN = ("admin@camden.example", "Chris Doyle", "Administrator of a second partnership (Camden)")
SYSTEM_ADMIN = ("support@dhr.example", "Sam Ward", "System administrator: the organisations every partnership shares")
# Demo people who also work for the neighbour: an independent chair chairs for several partnerships.
ALSO_IN_NEIGHBOUR = ("chair@swp.example",)


def seed_shared_organisations(partnership: Partnership) -> None:
    """A second partnership sharing the Met, the ambulance service and CNWL, its administrator, the demo chair who
    chairs for it too, and a system administrator who corrects shared organisations."""
    from dhr.agencies.organisations import organisation_for
    from dhr.auth.models import Membership, MembershipRole, User
    from dhr.auth.passwords import hash_password
    from dhr.permissions import Role
    from dhr.seed import DEMO_PASSWORD

    name, prefix = NEIGHBOUR
    neighbour = db.session.scalar(select(Partnership).where(Partnership.name == name))
    if neighbour is None:
        neighbour = Partnership(name=name, reference_prefix=prefix, review_label=partnership.review_label)
        db.session.add(neighbour)
        db.session.flush()
    for code, agency_name, kind, ods_code in NEIGHBOUR_AGENCIES:
        if agency_of(neighbour.id, code) is None:
            shared = agency_of(partnership.id, code)
            organisation = (
                shared.organisation if shared else organisation_for(name=agency_name, kind=kind, ods_code=ods_code)
            )
            db.session.add(
                Agency(
                    partnership_id=neighbour.id,
                    organisation_id=organisation.id,
                    code=code,
                    name=agency_name,
                    kind=kind,
                    responsible_authority=code in {"MPS", "LBC"},
                )
            )
    for email in ALSO_IN_NEIGHBOUR:
        person = db.session.scalar(select(User).where(User.email == email))
        if person is not None and person.membership_in(neighbour.id) is None:
            person.memberships.append(Membership(partnership_id=neighbour.id, active=True))
    people = ((NEIGHBOUR_ADMIN, neighbour, {Role.ADMIN}, False), (SYSTEM_ADMIN, partnership, set(), True))
    for (email, person, _label), home, roles, system_admin in people:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            db.session.add(
                User(
                    partnership_id=home.id,
                    email=email,
                    name=person,
                    password_hash=hash_password(DEMO_PASSWORD),
                    system_admin=system_admin,
                    roles=[MembershipRole(role=role) for role in roles],
                )
            )
    db.session.flush()
