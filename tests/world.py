"""A small world of two partnerships and one persona per role, shared by the access-matrix tests."""

from dataclasses import dataclass, field

from sqlalchemy import select, text

from dhr.agencies.models import AgencyKind
from dhr.auth.models import Membership, MembershipRole
from dhr.extensions import db
from dhr.mail.services import send_mail
from dhr.permissions import Role
from tests.factories import create_agency, create_partnership, create_user

# persona -> (partnership key, roles, agency key or None, active)
PERSONAS = {
    "admin": ("P1", {Role.ADMIN}, None, True),
    "coordinator": ("P1", {Role.COORDINATOR}, "A", True),
    "board_member": ("P1", {Role.BOARD_MEMBER}, "A", True),
    "contributor": ("P1", set(), "A", True),
    "chair": ("P1", set(), None, True),
    "deactivated": ("P1", {Role.ADMIN}, None, False),
    "other_admin": ("P2", {Role.ADMIN}, None, True),
    # Supports every partnership; holds no partnership role (made a system administrator below).
    "system_admin": ("P2", set(), None, True),
    # Works for both partnerships, an administrator in each (the P2 membership is added below); signed in, they work
    # in P1, so P2's objects must not exist for them until they switch.
    "dual_admin": ("P1", {Role.ADMIN}, "A", True),
}
ALL_PERSONAS = ("anonymous", *PERSONAS)
SIGNED_IN = frozenset(p for p, spec in PERSONAS.items() if spec[3])
ADMINS = frozenset({"admin", "other_admin", "dual_admin"})
MISSING_ID = 999_999


@dataclass
class World:
    """Ids of everything the matrix needs, by partnership."""

    users: dict = field(default_factory=dict)  # persona -> User
    objects: dict = field(default_factory=dict)  # "P1"/"P2" -> {"user": id, "agency": id, ...}

    def partnership_of(self, persona: str) -> str:
        return PERSONAS[persona][0] if persona in PERSONAS else "P1"

    def objects_for(self, persona: str, relation: str) -> dict:
        """The objects a route acts on, for this persona and relation."""
        home = self.partnership_of(persona)
        if relation == "missing":
            return dict.fromkeys(self.objects[home], MISSING_ID) | {"code": "MISSING", "partnership_name": "X"}
        key = home if relation in ("own", "none") else ("P2" if home == "P1" else "P1")
        return self.objects[key]


def build_world() -> World:
    """Create both partnerships, their agencies, a target user and a held email each, and every persona."""
    world = World()
    parts = {}
    for key in ("P1", "P2"):
        partnership = create_partnership(name=f"World {key} Partnership", prefix=key)
        agency_a = create_agency(partnership, code=f"{key}-A", kind=AgencyKind.POLICE)
        agency_b = create_agency(partnership, code=f"{key}-B", kind=AgencyKind.HEALTH)
        target = create_user(partnership, agency=agency_b, email=f"target-{key.lower()}@example.test")
        message = send_mail(
            to=target.email, subject="Hello", body="Body", category="test", partnership_id=partnership.id
        )
        parts[key] = {"A": agency_a, "B": agency_b}
        world.objects[key] = {
            "partnership_name": partnership.name,
            "user": target.id,
            "agency": agency_b.id,
            "code": agency_b.code,
            "message": message.id,
            "organisation": agency_b.organisation_id,
            "partnership": partnership,
        }
    for persona, (key, roles, agency_key, _active) in PERSONAS.items():
        partnership = world.objects[key]["partnership"]
        agency = parts[key][agency_key] if agency_key else None
        world.users[persona] = create_user(
            partnership, *roles, agency=agency, email=f"{persona}@example.test", active=True
        )
    world.users["system_admin"].system_admin = True
    world.users["dual_admin"].memberships.append(
        Membership(
            partnership_id=world.objects["P2"]["partnership"].id,
            agency_id=parts["P2"]["A"].id,
            roles=[MembershipRole(role=Role.ADMIN)],
        )
    )
    db.session.flush()
    return world


def deactivate_persona(world: World) -> None:
    """Deactivate the 'deactivated' persona after its session cookie exists (a still-valid cookie)."""
    from dhr.auth.models import User

    db.session.get(User, world.users["deactivated"].id).active = False
    db.session.flush()


def table_fingerprint(exclude: tuple[str, ...] = ("audit_events", "user_sessions")) -> dict[str, tuple]:
    """Every table's rows, for checking that a denied request changed nothing."""
    result = {}
    for table in db.metadata.sorted_tables:
        if table.name in exclude:
            continue
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        result[table.name] = tuple(tuple(str(v) for v in row) for row in rows)
    db.session.execute(text("SELECT 1"))
    return result
