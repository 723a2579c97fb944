"""create_* factories: take only what matters to the test and default the rest. Call inside an app context."""

import itertools

from dhr.agencies.models import Agency, AgencyKind
from dhr.agencies.organisations import organisation_for
from dhr.auth.models import MembershipRole, User
from dhr.auth.passwords import hash_password
from dhr.extensions import db
from dhr.partnerships.models import Partnership, ReviewLabel
from dhr.permissions import Role
from dhr.reviews.models import Review

PASSWORD = "quartz-lantern-meadow-42"
_counter = itertools.count(1)
_hash_cache: dict[str, str] = {}


def create_partnership(name: str | None = None, prefix: str = "TST") -> Partnership:
    """A partnership with a unique name."""
    partnership = Partnership(
        name=name or f"Test Partnership {next(_counter)}", reference_prefix=prefix, review_label=ReviewLabel.DARDR
    )
    db.session.add(partnership)
    db.session.flush()
    return partnership


def create_agency(
    partnership: Partnership,
    code: str | None = None,
    kind: AgencyKind = AgencyKind.POLICE,
    name: str | None = None,
    active: bool = True,
) -> Agency:
    """An agency in the partnership."""
    n = next(_counter)
    name = name or f"Agency {n}"
    agency = Agency(
        partnership_id=partnership.id,
        organisation_id=organisation_for(name=name, kind=kind).id,
        code=code or f"AG{n}",
        name=name,
        kind=kind,
        active=active,
    )
    db.session.add(agency)
    db.session.flush()
    return agency


def create_user(
    partnership: Partnership,
    *roles: Role,
    agency: Agency | None = None,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    active: bool = True,
) -> User:
    """A user with the given partnership roles; password None makes an invited user."""
    n = next(_counter)
    if password is not None and password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    user = User(
        partnership_id=partnership.id,
        agency_id=agency.id if agency else None,
        email=email or f"user{n}@example.test",
        name=name or f"Test User {n}",
        password_hash=_hash_cache[password] if password is not None else None,
        active=active,
        roles=[MembershipRole(role=role) for role in roles],
    )
    db.session.add(user)
    db.session.flush()
    return user


def write_past_the_shield(obj, **values) -> None:
    """Write columns straight to the table, as text saved before its person was registered (or before the shield
    existed) sits in the database: the flush check never sees an UPDATE statement."""
    from sqlalchemy import update

    model = type(obj)
    db.session.execute(update(model).where(model.id == obj.id).values(**values))
    db.session.expire(obj, list(values))


def create_review(
    partnership: Partnership,
    *,
    stage=None,
    coordinator: User | None = None,
    chair: User | None = None,
    agency: Agency | None = None,
    notified_on=None,
    category=None,
    victim: str = "",
    real_name: str = "",
    members=(),
    **notification,
) -> Review:
    """A review recorded through the service, at `stage` (set directly: test set-up, the app never does), with a
    victim when `victim` names one (and `real_name` as theirs), a chair who has declared independence when `chair`
    is given, and any `members` as (user, role, agency) triples. `notification` sets the other notification fields
    (date_of_death, place_of_death, police_force_area, circumstances)."""
    from datetime import timedelta

    from dhr.core.dates import london_today
    from dhr.permissions import ReviewRole
    from dhr.reviews import services
    from dhr.reviews.models import DeathCategory, PersonRole
    from dhr.reviews.stages import ReviewStage

    coordinator = coordinator or create_user(partnership, Role.COORDINATOR)
    agency = agency or create_agency(partnership)
    notified_on = notified_on or london_today() - timedelta(days=30)
    fields = {
        "date_of_death": notified_on - timedelta(days=2),
        "place_of_death": "",
        "police_force_area": "",
        "circumstances": "",
    }
    review = services.create_review(
        partnership,
        actor=coordinator,
        category=category or DeathCategory.OTHER,
        notified_on=notified_on,
        notifying_agency_id=agency.id,
        **fields | notification,
    )
    if victim:
        services.add_person(
            review,
            actor=coordinator,
            role=PersonRole.VICTIM,
            pseudonym=victim,
            real_name=real_name,
            aliases="",
            date_of_birth=None,
            living=False,
            relationship_to_victim="",
        )
    if chair is not None:
        member = services.add_member(review, user=chair, role=ReviewRole.CHAIR, agency=None, actor=coordinator)
        member.independence_statement, member.independence_declared_on = "I am independent.", notified_on
    for user, role, member_agency in members:
        services.add_member(review, user=user, role=role, agency=member_agency, actor=coordinator)
    if stage is not None and stage is not ReviewStage.NOTIFIED:
        review.stage = stage  # test set-up only
    db.session.flush()
    return review
