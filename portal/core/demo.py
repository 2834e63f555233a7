"""Demo data for a first look and for the browser tests. Idempotent: run it as often as you like.

Real organisations are named as in the source documents; invented ones carry
"(fictief)" in their name and `is_fictional=True`. This module loads the organisations and
the demo users; each domain registers the loader of its own content with `register_loader`
from its `AppConfig.ready()`, so that one `load_demo` fills the whole portal.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.module_loading import import_string

from portal.accounts.models import AccessRequest, Membership, Organisation, User
from portal.accounts.roles import Role
from portal.core.services import set_reason

DEMO_REASON = "portal.demo.loaded"
DEMO_DOMAIN = "demo.gis-portaal.example.org"

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": "vws",
        "name": "Ministerie van Volksgezondheid, Welzijn en Sport",
        "kind": Organisation.Kind.GOVERNMENT,
        "website": "https://www.rijksoverheid.nl/ministeries/ministerie-van-volksgezondheid-welzijn-en-sport",
    },
    {
        "slug": "nictiz",
        "name": "Nictiz",
        "kind": Organisation.Kind.STANDARDS_BODY,
        "website": "https://www.nictiz.nl",
    },
    {
        "slug": "nen",
        "name": "NEN",
        "kind": Organisation.Kind.STANDARDS_BODY,
        "website": "https://www.nen.nl",
    },
    {
        "slug": "vzvz",
        "name": "VZVZ",
        "kind": Organisation.Kind.STANDARDS_BODY,
        "website": "https://www.vzvz.nl",
    },
    {
        "slug": "zorginstituut",
        "name": "Zorginstituut Nederland",
        "kind": Organisation.Kind.GOVERNMENT,
        "website": "https://www.zorginstituutnederland.nl",
    },
    {
        "slug": "cumuluz",
        "name": "CumuluZ",
        "kind": Organisation.Kind.UMBRELLA_BODY,
        "description": (
            "Stichting van onder meer NFU, NVZ, ActiZ, Santeon, mProve, LHV, InEen, NHG "
            "en de Nederlandse ggz."
        ),
    },
    {"slug": "twiin", "name": "Twiin", "kind": Organisation.Kind.STANDARDS_BODY},
    {
        "slug": "ntv-demo",
        "name": "Test- en validatievoorziening (fictief)",
        "kind": Organisation.Kind.STANDARDS_BODY,
        "description": "Valideert of leveranciers en zorgaanbieders aan de afspraken voldoen.",
        "reports_adoption": True,
        "is_fictional": True,
    },
    {"slug": "medmij", "name": "MedMij", "kind": Organisation.Kind.STANDARDS_BODY},
    {"slug": "zn", "name": "Zorgverzekeraars Nederland", "kind": Organisation.Kind.INSURER},
    {
        "slug": "nvz",
        "name": "Nederlandse Vereniging van Ziekenhuizen",
        "kind": Organisation.Kind.UMBRELLA_BODY,
    },
    {"slug": "actiz", "name": "ActiZ", "kind": Organisation.Kind.UMBRELLA_BODY},
    {
        "slug": "witte-kruis",
        "name": "Witte Kruis",
        "kind": Organisation.Kind.CARE_PROVIDER,
        "description": "Ambulancedienst; deed mee aan de pilot met inloggen via Dezi.",
    },
    {
        "slug": "ziekenhuis-demostad",
        "name": "Ziekenhuis Demostad (fictief)",
        "kind": Organisation.Kind.CARE_PROVIDER,
        "is_fictional": True,
    },
    {
        "slug": "huisartsen-voorbeeldhoek",
        "name": "Huisartsenpraktijk De Voorbeeldhoek (fictief)",
        "kind": Organisation.Kind.CARE_PROVIDER,
        "is_fictional": True,
    },
    {
        "slug": "zorgsoft-demo",
        "name": "Zorgsoft Demo B.V. (fictief)",
        "kind": Organisation.Kind.ICT_VENDOR,
        "is_fictional": True,
    },
    {
        "slug": "koppelwerk",
        "name": "Koppelwerk ICT (fictief)",
        "kind": Organisation.Kind.ICT_VENDOR,
        "is_fictional": True,
    },
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    roles: tuple[Role, ...]
    organisation: str
    regions: tuple[str, ...] = ()
    is_staff: bool = False


DEMO_USERS = [
    DemoUser(
        f"beheerder@{DEMO_DOMAIN}", "Bea Beheer (demo)", (Role.ADMINISTRATOR,), "vws", is_staff=True
    ),
    DemoUser(
        f"programmamanager@{DEMO_DOMAIN}", "Pim Programma (demo)", (Role.PROGRAMME_MANAGER,), "vws"
    ),
    DemoUser(
        f"architectuur@{DEMO_DOMAIN}", "Anna Architectuur (demo)", (Role.ARCHITECTURE_BOARD,), "vws"
    ),
    DemoUser(f"cds@{DEMO_DOMAIN}", "Carla CDS (demo)", (Role.CDS_REVIEWER,), "zn"),
    DemoUser(
        f"coordinator.noord@{DEMO_DOMAIN}",
        "Kees Coördinator (demo)",
        (Role.REGIONAL_COORDINATOR, Role.FIELD_PARTY),
        "ziekenhuis-demostad",
        regions=("groningen", "drenthe"),
    ),
    DemoUser(
        f"coordinator.zuid@{DEMO_DOMAIN}",
        "Lotte Coördinator (demo)",
        (Role.REGIONAL_COORDINATOR, Role.FIELD_PARTY),
        "huisartsen-voorbeeldhoek",
        regions=("limburg", "noord-brabant"),
    ),
    DemoUser(
        f"coordinator.noordwest@{DEMO_DOMAIN}",
        "Femke Coördinator (demo)",
        (Role.REGIONAL_COORDINATOR, Role.FIELD_PARTY),
        "ziekenhuis-demostad",
        regions=("friesland", "flevoland"),
    ),
    DemoUser(
        f"coordinator.oost@{DEMO_DOMAIN}",
        "Otto Coördinator (demo)",
        (Role.REGIONAL_COORDINATOR, Role.FIELD_PARTY),
        "huisartsen-voorbeeldhoek",
        regions=("overijssel", "gelderland"),
    ),
    DemoUser(
        f"coordinator.midden@{DEMO_DOMAIN}",
        "Mila Coördinator (demo)",
        (Role.REGIONAL_COORDINATOR, Role.FIELD_PARTY),
        "ziekenhuis-demostad",
        regions=("noord-holland", "utrecht"),
    ),
    DemoUser(
        f"coordinator.west@{DEMO_DOMAIN}",
        "Wim Coördinator (demo)",
        (Role.REGIONAL_COORDINATOR, Role.FIELD_PARTY),
        "huisartsen-voorbeeldhoek",
        regions=("zuid-holland", "zeeland"),
    ),
    DemoUser(
        f"ntv@{DEMO_DOMAIN}",
        "Nina Naleving (demo)",
        (Role.FIELD_PARTY,),
        "ntv-demo",
    ),
    DemoUser(
        f"leverancier@{DEMO_DOMAIN}",
        "Victor Veldpartij (demo)",
        (Role.FIELD_PARTY,),
        "zorgsoft-demo",
    ),
]


def upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, bool]:
    """Create or update one row, writing history only when something really changed."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        set_reason(obj, DEMO_REASON)
        obj.full_clean(exclude=["password"])
        obj.save()
        return obj, True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        set_reason(obj, DEMO_REASON)
        obj.save()
    return obj, False


def _load_accounts(password: str, reset_passwords: bool, out: Callable[[str], None]) -> int:
    """Organisations and the demo users. Returns how many users it created."""
    created_users = 0
    orgs = {}
    for data in ORGANISATIONS:
        values = {k: v for k, v in data.items() if k != "slug"}
        values.setdefault("website", "")
        values.setdefault("description", "")
        values.setdefault("is_fictional", False)
        orgs[data["slug"]], _ = upsert(Organisation, {"slug": data["slug"]}, values)

    groups = {g.name: g for g in Group.objects.all()}
    for spec in DEMO_USERS:
        user, created = upsert(
            User, {"email": spec.email}, {"full_name": spec.full_name, "is_staff": spec.is_staff}
        )
        created_users += created
        if (created or reset_passwords) and not user.check_password(password):
            user.set_password(password)
            set_reason(user, DEMO_REASON)
            user.save()
        wanted = {groups[r.value] for r in spec.roles}
        if set(user.groups.all()) != wanted:
            set_reason(user, DEMO_REASON)
            user.groups.set(wanted)
        upsert(Membership, {"user": user, "organisation": orgs[spec.organisation]}, {})
    _load_access_request()
    return created_users


def _load_access_request() -> None:
    """Someone whose organisation's login service named an organisation the portal does
    not know yet: their account waits for an administrator (on the administrator's to-do)."""
    person, created = upsert(
        User,
        {"email": "sam.starter@zorggroep-kustregio.example"},
        {"full_name": "Sam Starter (fictief)", "is_active": False, "oidc_subject": ""},
    )
    if created:
        person.set_unusable_password()
        set_reason(person, DEMO_REASON)
        person.save()
    if not AccessRequest.objects.filter(user=person).exists():
        request = AccessRequest(
            user=person,
            organisation_named="zorggroep-kustregio",
            roles="field_party",
            source=AccessRequest.Source.LOGIN_SERVICE,
        )
        set_reason(request, DEMO_REASON)
        request.save()


Loader = Callable[[Callable[[str], None]], None]
_LOADERS: dict[str, tuple[int, str]] = {}


def register_loader(name: str, dotted_path: str, *, order: int) -> None:
    """A domain's demo content: the dotted path of a function that takes the output
    function and is idempotent. Loaders run in `order` (lowest first) after the accounts;
    they are imported only when the demo is loaded."""
    _LOADERS[name] = (order, dotted_path)


def loaders() -> list[tuple[str, Loader]]:
    ordered = sorted(_LOADERS.items(), key=lambda item: item[1][0])
    return [(name, import_string(path)) for name, (_order, path) in ordered]


def load_demo(*, password: str | None, out: Callable[[str], None]) -> str | None:
    """Load every part of the demo. Returns the password it generated, if it made one."""
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    with transaction.atomic():
        created = _load_accounts(password, reset_passwords=generated is None, out=out)
        for _name, loader in loaders():
            loader(out)
    return generated if created else None
