"""Who the demo's records are about: the stations with their demo staff, and residents with valid ID numbers.

Residents are made up as the applications need them (a newborn for a birth registration, a pensioner for a death
cancellation, a migrant worker for a residence permit…); adults and migrants come back for further business, so
there are about 0.7 persons per application. Every ID number is a valid GB 11643 number (region, birth date,
sequence odd for men, check character) that is not in the database yet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop.domain.identity import id_check_char
from desktop.services import demo_names as names
from desktop.services.demo_mix import Weighted

PERSONS_PER_APPLICATION = 0.7
_MIN_BIRTH = date(1935, 1, 1).toordinal()
_XIASHAN = "440803"


@dataclass
class DemoStation:
    """A station taking part, with the demo's two desk users and one officer there."""

    id: int
    code: str
    short_name: str
    weight: float  # how busy it is
    desk_ids: list[int] = field(default_factory=list)
    officer_id: int = 0
    staff_names: list[str] = field(default_factory=list)


class People:
    """Makes person rows (collected in `rows` until the loader writes them) and remembers who may come back."""

    def __init__(self, rng: random.Random, first_id: int, taken_numbers: set[str]) -> None:
        self.rng = rng
        self.rows: list[dict[str, Any]] = []
        self.made = 0
        self.first_id = self.next_id = first_id
        self.id_numbers = taken_numbers
        self.adults: list[int] = []
        self.migrants: list[int] = []
        self.flags = bytearray()  # per person made here: bit 0 male, bit 1 household registered in Zhanjiang
        self.last_birth = date.max  # birth date of the person made last
        self.regions_local = Weighted(names.ZHANJIANG_REGIONS)
        self.regions_migrant = Weighted(names.MIGRANT_REGIONS)

    def new(self, profile: str, day: date, created_at: datetime) -> int:
        """A new person; profile: adult | migrant | newborn | young | child | elderly."""
        rng = self.rng
        male = rng.random() < 0.5
        region = (self.regions_migrant if profile == "migrant" else self.regions_local).pick(rng)
        if profile == "newborn":
            region = _XIASHAN if rng.random() < 0.9 else region
            age_days = rng.randint(3, 45)
        elif profile == "young":  # mostly first ID cards at 16
            young = rng.uniform(16.0, 17.5) if rng.random() < 0.6 else rng.uniform(0.5, 15.9)
            age_days = int(young * 365.25)
        elif profile == "child":
            age_days = int(rng.uniform(1.0, 15.9) * 365.25)
        elif profile == "elderly":
            age_days = int(rng.triangular(60, 95, 82) * 365.25)
        elif profile == "migrant":
            age_days = int(rng.triangular(18, 58, 28) * 365.25)
        else:
            age_days = int(rng.triangular(18, 88, 38) * 365.25)
        birth = self.last_birth = date.fromordinal(max(day.toordinal() - age_days, _MIN_BIRTH))
        number = self._id_number(region, birth, male)
        region = number[:6]
        person_id = self.next_id
        self.next_id += 1
        address = names.xiashan_address(rng)
        lives_where_registered = region == _XIASHAN and rng.random() < 0.6
        has_phone = profile in ("adult", "migrant") or (profile == "young" and age_days > 5800)
        self.rows.append(
            {
                "id": person_id,
                "document_type": "resident_id",
                "id_number": number,
                "name": names.random_name(rng, male),
                "gender": "male" if male else "female",
                "birth_date": birth,
                "phone": names.random_mobile(rng) if has_phone else "",
                "address": address,
                "household_address": address
                if lives_where_registered
                else names.household_address(rng, region),
                "created_at": created_at,
                "updated_at": created_at,
                "version": 1,
            }
        )
        self.flags.append(male | (region.startswith("4408") << 1))
        if profile == "adult":
            self.adults.append(person_id)
        elif profile == "migrant":
            self.migrants.append(person_id)
        self.made += 1
        return person_id

    def last_name(self) -> str:
        return str(self.rows[-1]["name"])

    def applicant(self, profile: str, day: date, created_at: datetime, applications: int) -> int:
        """A returning adult or migrant, or a new person, steering towards ~0.7 persons per application."""
        if profile in ("adult", "migrant"):
            pool = self.adults if profile == "adult" else self.migrants
            behind = self.made < PERSONS_PER_APPLICATION * (applications + 1)
            if pool and self.rng.random() > (0.9 if behind else 0.3):
                return self.rng.choice(pool)
        return self.new(profile, day, created_at)

    def agent(self, day: date, created_at: datetime) -> int:
        """Someone coming on another's behalf: often a known adult, else a new one."""
        if self.adults and self.rng.random() < 0.6:
            return self.rng.choice(self.adults)
        return self.new("adult", day, created_at)

    def known_adult(self) -> int:
        return self.rng.choice(self.adults)

    def parent_word(self, person_id: int) -> str:
        return "父亲" if self.flags[person_id - self.first_id] & 1 else "母亲"

    def registered_locally(self, person_id: int) -> bool:
        """Household registered in Zhanjiang: exit-entry documents are then issued within the local time limit."""
        return bool(self.flags[person_id - self.first_id] & 2)

    def _id_number(self, region: str, birth: date, male: bool) -> str:
        rng = self.rng
        birthday = f"{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        attempts = 0
        while True:
            first17 = f"{region}{birthday}{rng.randrange(500) * 2 + male:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number
            attempts += 1
            if attempts % 20 == 0:  # this region and birthday is crowded: registered elsewhere then
                region = self.regions_local.pick(rng)
